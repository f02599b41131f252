// Fn::Sub, both forms: "text ${Name} ${Res.Attr} ${!Literal}" and [text, { Name: value }].
import type { UnknownValue, Value } from '../../types.ts';
import { concatParts, fail, partsOf, type EvalContext, type Evaluate, type Intrinsic } from '../context.ts';
import type { JsonNode } from '../json-positions.ts';
import { getAtt } from './get-att.ts';
import { ref } from './ref.ts';

export const sub: Intrinsic = {
  name: 'Fn::Sub',
  evaluate(argument, ctx, evaluate, line) {
    let text: string;
    const variables = new Map<string, Value>();
    if (argument.type === 'string') {
      text = argument.value;
    } else if (
      argument.type === 'array' &&
      argument.items.length === 2 &&
      argument.items[0]!.type === 'string' &&
      argument.items[1]!.type === 'object'
    ) {
      text = argument.items[0]!.value as string;
      for (const [name, entry] of argument.items[1]!.entries) variables.set(name, evaluate(entry.value, ctx));
    } else {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Sub takes a string or [string, { Name: value }]');
    }
    const parts: (string | UnknownValue)[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      parts.push(text.slice(last, match.index));
      last = pattern.lastIndex;
      const name = match[1]!.trim();
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      const value = variables.has(name) ? variables.get(name)! : resolveName(name, ctx, evaluate, line);
      const valueParts = partsOf(value);
      if (!valueParts) return fail(ctx, line, 'cfn-bad-intrinsic', `Fn::Sub variable \${${name}} is not a string`);
      parts.push(...valueParts);
    }
    parts.push(text.slice(last));
    return concatParts(parts);
  },
};

function resolveName(name: string, ctx: EvalContext, evaluate: Evaluate, line: number): Value {
  const node = (value: string): JsonNode => ({ type: 'string', line, value });
  const dot = name.indexOf('.');
  if (dot > 0 && !name.startsWith('AWS::')) return getAtt.evaluate(node(name), ctx, evaluate, line);
  return ref.evaluate(node(name), ctx, evaluate, line);
}
