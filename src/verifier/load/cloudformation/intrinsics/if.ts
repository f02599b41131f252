// Fn::If: [ConditionName, valueIfTrue, valueIfFalse]. When the condition depends on something unknown, the result
// is unknown (never silently one branch).
import { fail, unknown, type Intrinsic } from '../context.ts';

export const fnIf: Intrinsic = {
  name: 'Fn::If',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length !== 3 || argument.items[0]!.type !== 'string') {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::If takes [ConditionName, valueIfTrue, valueIfFalse]');
    }
    const name = argument.items[0]!.value as string;
    const condition = ctx.conditionValue(name, line);
    if (condition === undefined) return unknown('Fn::If', name);
    return evaluate(condition ? argument.items[1]! : argument.items[2]!, ctx);
  },
};
