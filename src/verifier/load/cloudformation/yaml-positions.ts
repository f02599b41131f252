// CloudFormation YAML → the same positioned tree as JSON templates (json-positions.ts), with the short-form tags
// turned into their long forms: `!Ref X` → { "Ref": "X" }, `!GetAtt A.B` → { "Fn::GetAtt": "A.B" },
// `!Sub [...]` → { "Fn::Sub": [...] }, `!Condition C` → { "Condition": "C" }. Duplicate keys are errors, as in
// JSON. Scalars follow YAML 1.2's core schema (`2010-09-09` and `yes` stay strings).
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { JsonNode } from './json-positions.ts';

export class YamlSyntaxError extends Error {
  override name = 'YamlSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Short-form tags and the intrinsic each stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!ForEach': 'Fn::ForEach',
};

export function parseYamlWithPositions(text: string): JsonNode {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    strict: false,
  });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const { line, column } = at(error.pos[0]);
    throw new YamlSyntaxError(error.message.split('\n')[0]!, line, column);
  }
  const convert = (node: YamlNode | null | undefined, depth: number): JsonNode => {
    if (depth > 512) throw new YamlSyntaxError('nesting too deep', 1, 1);
    if (node === null || node === undefined) return { type: 'null', line: 1, value: null };
    const line = at(node.range?.[0]).line;
    if (isAlias(node)) return convert(node.resolve(doc as Document) as YamlNode | undefined, depth + 1);
    let plain: JsonNode;
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || value === undefined) plain = { type: 'null', line, value: null };
      else if (typeof value === 'boolean') plain = { type: 'boolean', line, value };
      else if (typeof value === 'number') plain = { type: 'number', line, value };
      else plain = { type: 'string', line, value: String(value) };
    } else if (isSeq(node)) {
      plain = { type: 'array', line, items: node.items.map((item) => convert(item as YamlNode, depth + 1)) };
    } else if (isMap(node)) {
      const entries = new Map<string, { keyLine: number; value: JsonNode }>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const keyLine = at(keyNode?.range?.[0]).line;
        if (entries.has(key)) throw new YamlSyntaxError(`duplicate key "${key}"`, keyLine, 1);
        entries.set(key, { keyLine, value: convert(pair.value as YamlNode | null, depth + 1) });
      }
      plain = { type: 'object', line, entries };
    } else {
      throw new YamlSyntaxError('unsupported YAML node', line, 1);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return plain;
    const intrinsic = SHORT_FORMS[tag];
    if (!intrinsic) throw new YamlSyntaxError(`unknown tag ${tag}`, line, 1);
    return { type: 'object', line, entries: new Map([[intrinsic, { keyLine: line, value: plain }]]) };
  };
  return convert(doc.contents as YamlNode | null, 0);
}
