// Fn::Split: [delimiter, string] → list.
import { fail, isTemplate, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const split: Intrinsic = {
  name: 'Fn::Split',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length !== 2 || argument.items[0]!.type !== 'string') {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Split takes [delimiter, string]');
    }
    const delimiter = argument.items[0]!.value as string;
    const source = evaluate(argument.items[1]!, ctx);
    if (typeof source === 'string') return source.split(delimiter);
    if (isUnknown(source)) return unknown(source.address, `${source.attribute}.split`);
    if (isTemplate(source)) return unknown('Fn::Split', 'template');
    return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Split needs a string');
  },
};
