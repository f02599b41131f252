// The AWS::LanguageExtensions transform, as its documentation defines it: Fn::ForEach loops in Resources,
// Outputs, Conditions and inside any object (`"Fn::ForEach::Name": [identifier, collection, { "Key${id}": … }]`,
// with `${id}`, `&{id}` (alphanumerics only) and `{ "Ref": id }` replaced by each item), expanded here before
// anything is evaluated. Fn::Length, Fn::ToJsonString and Fn::FindInMap's DefaultValue are intrinsics
// (../intrinsics/); intrinsic DeletionPolicy / UpdateReplacePolicy values are evaluated by the loader.
import type { Diagnostic, Value } from '../../types.ts';
import type { JsonNode } from '../json-positions.ts';
import { substitute, type Entry, type ObjectNode } from './nodes.ts';

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** Evaluates a loop's collection (a list, a Ref to a CommaDelimitedList, a FindInMap…) once parameters are known. */
export type CollectionEvaluator = (node: JsonNode) => Value;

export function expandForEach(
  node: JsonNode,
  evaluate: CollectionEvaluator,
  file: string,
  diagnostics: Diagnostic[],
  depth = 0,
): JsonNode {
  if (depth > 64) return node;
  if (node.type === 'array')
    return { ...node, items: node.items.map((item) => expandForEach(item, evaluate, file, diagnostics, depth + 1)) };
  if (node.type !== 'object') return node;
  const entries = new Map<string, Entry>();
  const put = (key: string, entry: Entry) => {
    if (entries.has(key))
      diagnostics.push({
        severity: 'error',
        code: 'cfn-foreach-duplicate',
        message: `Fn::ForEach makes the key "${key}" twice`,
        location: { file, line: entry.keyLine },
      });
    else entries.set(key, entry);
  };
  for (const [key, entry] of node.entries) {
    if (!key.startsWith('Fn::ForEach::')) {
      put(key, { keyLine: entry.keyLine, value: expandForEach(entry.value, evaluate, file, diagnostics, depth + 1) });
      continue;
    }
    const loop = entry.value;
    const fail = (message: string) =>
      diagnostics.push({
        severity: 'error',
        code: 'cfn-foreach',
        message: `${key}: ${message}`,
        location: { file, line: entry.keyLine },
      });
    if (
      loop.type !== 'array' ||
      loop.items.length !== 3 ||
      loop.items[0]!.type !== 'string' ||
      loop.items[2]!.type !== 'object'
    ) {
      fail('takes [identifier, collection, { output key: value }]');
      continue;
    }
    const identifier = loop.items[0]!.value as string;
    const collection = evaluate(loop.items[1]!);
    if (
      !Array.isArray(collection) ||
      !(collection as readonly Value[]).every((item) => typeof item === 'string' || typeof item === 'number')
    ) {
      fail(
        'its collection must be a list of strings known before deployment (a list, a CommaDelimitedList parameter, a mapping); the loop cannot be expanded',
      );
      continue;
    }
    for (const item of collection as readonly (string | number)[]) {
      const fragment = expandForEach(
        substitute(loop.items[2]!, identifier, String(item)),
        evaluate,
        file,
        diagnostics,
        depth + 1,
      ) as ObjectNode;
      for (const [outKey, outEntry] of fragment.entries) put(outKey, outEntry);
    }
  }
  return { ...node, entries };
}
