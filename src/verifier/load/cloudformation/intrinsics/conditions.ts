// The condition functions — Fn::Equals, Fn::And, Fn::Or, Fn::Not and { "Condition": name } — evaluated to true,
// false or undefined (unknown). Unknown propagates unless the known operands already decide (false AND x = false).
import type { Value } from '../../types.ts';
import { isTemplate, isUnknown, type EvalContext, type Evaluate } from '../context.ts';
import type { JsonNode } from '../json-positions.ts';

export function evaluateCondition(node: JsonNode, ctx: EvalContext, evaluate: Evaluate): boolean | undefined {
  if (node.type === 'boolean') return node.value;
  if (node.type === 'string' && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
  if (node.type !== 'object' || node.entries.size !== 1)
    return bad(ctx, node, 'a condition must be one condition function');
  const [name, { value: argument }] = [...node.entries][0]!;
  switch (name) {
    case 'Condition':
      if (argument.type !== 'string') return bad(ctx, node, '{ "Condition": name } takes a condition name');
      return ctx.conditionValue(argument.value, node.line);
    case 'Fn::Equals': {
      if (argument.type !== 'array' || argument.items.length !== 2)
        return bad(ctx, node, 'Fn::Equals takes two values');
      const [a, b] = argument.items.map((item) => evaluate(item, ctx)) as [Value, Value];
      if (containsUnknown(a) || containsUnknown(b)) return undefined;
      return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
    }
    case 'Fn::Not': {
      if (argument.type !== 'array' || argument.items.length !== 1)
        return bad(ctx, node, 'Fn::Not takes a list of one condition');
      const inner = evaluateCondition(argument.items[0]!, ctx, evaluate);
      return inner === undefined ? undefined : !inner;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (argument.type !== 'array' || argument.items.length < 2 || argument.items.length > 10) {
        return bad(ctx, node, `${name} takes 2 to 10 conditions`);
      }
      const decisive = name === 'Fn::Or';
      let sawUnknown = false;
      for (const item of argument.items) {
        const value = evaluateCondition(item, ctx, evaluate);
        if (value === decisive) return decisive;
        if (value === undefined) sawUnknown = true;
      }
      return sawUnknown ? undefined : !decisive;
    }
    default:
      return bad(ctx, node, `${name} is not a condition function`);
  }
}

function normalise(value: Value): Value {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function containsUnknown(value: Value): boolean {
  if (isUnknown(value) || isTemplate(value)) return true;
  if (Array.isArray(value)) return (value as readonly Value[]).some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

function bad(ctx: EvalContext, node: JsonNode, message: string): undefined {
  ctx.diagnostics.push({
    severity: 'error',
    code: 'cfn-bad-condition',
    message,
    location: { file: ctx.file, line: node.line },
  });
  return undefined;
}
