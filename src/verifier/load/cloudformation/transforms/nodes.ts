// Building and reading positioned template nodes (json-positions.ts), for the transforms that rewrite a template
// before it is evaluated. Nodes made here take the line of the node they stand for, so findings still point at
// what the author wrote.
import type { JsonNode } from '../json-positions.ts';

export type ObjectNode = Extract<JsonNode, { type: 'object' }>;
export type Entry = { keyLine: number; value: JsonNode };

export const str = (value: string, line: number): JsonNode => ({ type: 'string', line, value });
export const num = (value: number, line: number): JsonNode => ({ type: 'number', line, value });
export const bool = (value: boolean, line: number): JsonNode => ({ type: 'boolean', line, value });
export const arr = (items: JsonNode[], line: number): JsonNode => ({ type: 'array', line, items });

export function obj(entries: Record<string, JsonNode | undefined>, line: number): ObjectNode {
  const map = new Map<string, Entry>();
  for (const [key, value] of Object.entries(entries))
    if (value !== undefined) map.set(key, { keyLine: value.line, value });
  return { type: 'object', line, entries: map };
}

export const ref = (name: string, line: number): JsonNode => obj({ Ref: str(name, line) }, line);
export const getAtt = (id: string, attribute: string, line: number): JsonNode =>
  obj({ 'Fn::GetAtt': arr([str(id, line), str(attribute, line)], line) }, line);
export const sub = (text: string, line: number): JsonNode => obj({ 'Fn::Sub': str(text, line) }, line);

/** The loader's own intrinsic for a value a transform cannot know: it evaluates to the unknown (address, attribute). */
export const UNKNOWN_INTRINSIC = 'Enclave::Unknown';
export const unknownNode = (address: string, attribute: string, line: number): JsonNode =>
  obj({ [UNKNOWN_INTRINSIC]: arr([str(address, line), str(attribute, line)], line) }, line);

export function field(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.type === 'object' ? node.entries.get(key)?.value : undefined;
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

/** A copy of an object node without some keys. */
export function without(node: ObjectNode, keys: readonly string[]): ObjectNode {
  return {
    type: 'object',
    line: node.line,
    entries: new Map([...node.entries].filter(([key]) => !keys.includes(key))),
  };
}

/** An intrinsic function call (`{ "Ref": … }`, `{ "Fn::If": … }`): one key, Ref/Condition or Fn::*. */
export function isIntrinsic(node: JsonNode): boolean {
  if (node.type !== 'object' || node.entries.size !== 1) return false;
  const key = [...node.entries.keys()][0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** Replaces `${name}` / `&{name}` in every string and key, and `{ "Ref": name }`, with a value (Fn::ForEach). */
export function substitute(node: JsonNode, name: string, value: string): JsonNode {
  const text = (s: string) =>
    s
      .split(`\${${name}}`)
      .join(value)
      .split(`&{${name}}`)
      .join(value.replace(/[^A-Za-z0-9]/g, ''));
  switch (node.type) {
    case 'string':
      return { ...node, value: text(node.value) };
    case 'array':
      return { ...node, items: node.items.map((item) => substitute(item, name, value)) };
    case 'object': {
      const only = node.entries.size === 1 ? node.entries.get('Ref') : undefined;
      if (only?.value.type === 'string' && only.value.value === name) return str(value, node.line);
      const entries = new Map<string, Entry>();
      for (const [key, entry] of node.entries)
        entries.set(text(key), { keyLine: entry.keyLine, value: substitute(entry.value, name, value) });
      return { ...node, entries };
    }
    default:
      return node;
  }
}

/** Deep merge for SAM Globals: maps merge key by key, lists append (globals first), anything else: the resource's. */
export function mergeGlobals(global: JsonNode, local: JsonNode | undefined): JsonNode {
  if (local === undefined) return global;
  if (global.type === 'object' && local.type === 'object' && !isIntrinsic(global) && !isIntrinsic(local)) {
    const entries = new Map(global.entries);
    for (const [key, entry] of local.entries) {
      const base = entries.get(key);
      entries.set(key, base ? { keyLine: entry.keyLine, value: mergeGlobals(base.value, entry.value) } : entry);
    }
    return { type: 'object', line: local.line, entries };
  }
  if (global.type === 'array' && local.type === 'array')
    return { type: 'array', line: local.line, items: [...global.items, ...local.items] };
  return local;
}
