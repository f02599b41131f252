// Fn::Join: [delimiter, [values…]]; unknown elements keep their identity inside the joined string.
import type { UnknownValue, Value } from '../../types.ts';
import { concatParts, fail, isUnknown, partsOf, unknown, type Intrinsic } from '../context.ts';

export const join: Intrinsic = {
  name: 'Fn::Join',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length !== 2 || argument.items[0]!.type !== 'string') {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Join takes [delimiter, [values…]]');
    }
    const delimiter = argument.items[0]!.value as string;
    const list: Value = evaluate(argument.items[1]!, ctx);
    if (isUnknown(list)) return unknown(list.address, `${list.attribute}.join`);
    if (!Array.isArray(list)) return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Join needs a list of values');
    const parts: (string | UnknownValue)[] = [];
    (list as readonly Value[]).forEach((item, index) => {
      if (index > 0) parts.push(delimiter);
      const itemParts = partsOf(item);
      if (!itemParts) parts.push(fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Join list elements must be strings'));
      else parts.push(...itemParts);
    });
    return concatParts(parts);
  },
};
