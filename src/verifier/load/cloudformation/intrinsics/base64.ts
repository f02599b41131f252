// Fn::Base64: base64 of a string; unknown when the string is.
import { fail, isTemplate, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const base64: Intrinsic = {
  name: 'Fn::Base64',
  evaluate(argument, ctx, evaluate, line) {
    const value = evaluate(argument, ctx);
    if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
    if (isUnknown(value) || isTemplate(value)) return unknown('Fn::Base64', 'input');
    return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Base64 takes a string');
  },
};
