// Fn::Select: [index, list]. Selecting from an unknown list gives an unknown that remembers the index, so
// `Fn::Select [1, Fn::GetAZs ""]` stays distinct from index 0.
import type { Value } from '../../types.ts';
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const select: Intrinsic = {
  name: 'Fn::Select',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length !== 2) {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Select takes [index, list]');
    }
    const indexValue = evaluate(argument.items[0]!, ctx);
    const list = evaluate(argument.items[1]!, ctx);
    const index =
      typeof indexValue === 'number' ? indexValue : typeof indexValue === 'string' ? Number(indexValue) : NaN;
    if (isUnknown(indexValue)) return unknown('Fn::Select', 'index');
    if (!Number.isInteger(index) || index < 0)
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Select index must be a non-negative integer');
    if (isUnknown(list)) return unknown(list.address, `${list.attribute}[${index}]`);
    if (!Array.isArray(list)) return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Select needs a list');
    const items = list as readonly Value[];
    if (index >= items.length)
      return fail(
        ctx,
        line,
        'cfn-select-out-of-range',
        `Fn::Select index ${index} is out of range for a list of ${items.length}`,
      );
    return items[index]!;
  },
};
