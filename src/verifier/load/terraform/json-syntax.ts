// Terraform's JSON configuration syntax (`*.tf.json`) → the same syntax tree as HCL files, so everything after
// parsing is shared. As in Terraform: strings are templates (`"${var.x}-y"`), except where a block takes literal
// values (variable defaults, descriptions, module sources); `depends_on`, `provider`, `ignore_changes` and a
// variable's `type` are expressions written as strings; keys named "//" are comments; a block may be written as
// one object or as an array of objects. Whether a JSON object is a nested block or an attribute of object type
// is the schema's to say: Terraform asks the provider, the loader asks the AWS provider schema (other providers'
// resources are read as attributes).
import type { Diagnostic } from '../types.ts';
import { JsonSyntaxError, parseJsonWithPositions, type JsonNode } from '../cloudformation/json-positions.ts';
import type { Attribute, Block, Body, Expr, ParsedFile } from './ast.ts';
import { parseHclSync } from './parse.ts';

/** Is `name` a nested block of this resource or data source type? (The loader passes the provider schema's answer.) */
export type BlockOracle = (mode: 'resource' | 'data', type: string, path: readonly string[], name: string) => boolean;

type ObjectNode = Extract<JsonNode, { type: 'object' }>;

class JsonConfigError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

/** The nested block types of Terraform's own blocks (everything else in them is an attribute). */
const NESTED_META: ReadonlySet<string> = new Set(['dynamic']);
const META_BLOCKS: Record<string, ReadonlySet<string>> = {
  resource: new Set(['lifecycle', 'provisioner', 'connection', 'dynamic', 'precondition', 'postcondition']),
  variable: new Set(['validation']),
  output: new Set(['precondition']),
  terraform: new Set(['required_providers', 'backend', 'cloud', 'provider_meta']),
  module: new Set([]),
  check: new Set(['assert', 'data']),
};

/** Arguments that are expressions written as strings, not templates. */
const EXPRESSION_STRINGS = new Set(['depends_on', 'provider', 'ignore_changes', 'replace_triggered_by', 'iterator']);

export function parseTerraformJson(text: string, file: string, isBlock: BlockOracle): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { diagnostics: [{ severity: 'error', code: 'tf-json-syntax', unreadable: true, message: `${file}: ${error.message}`, location: { file, line: error.line, column: error.column } }] };
  }
  try {
    if (root.type !== 'object') throw new JsonConfigError('a Terraform JSON file holds one object', root.line);
    const converter = new JsonConverter(file, isBlock);
    return { parsed: { file, body: converter.topLevel(root), lines: text.split(/\r?\n/) }, diagnostics: [] };
  } catch (error) {
    if (!(error instanceof JsonConfigError)) throw error;
    return { diagnostics: [{ severity: 'error', code: 'tf-json-syntax', unreadable: true, message: `${file}: ${error.message}`, location: { file, line: error.line } }] };
  }
}

class JsonConverter {
  constructor(
    private readonly file: string,
    private readonly isBlock: BlockOracle,
  ) {}

  topLevel(root: ObjectNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const [key, entry] of root.entries) {
      if (key === '//') continue;
      switch (key) {
        case 'resource':
        case 'data':
          for (const [type, typeEntry] of this.objectEntries(entry.value, `${key} block`)) {
            for (const [name, nameEntry] of this.objectEntries(typeEntry.value, `${key} "${type}"`)) {
              for (const node of this.bodies(nameEntry.value)) {
                body.blocks.push(this.block(key, [type, name], node, nameEntry.keyLine, { mode: key, type, path: [] }));
              }
            }
          }
          break;
        case 'module':
        case 'output':
        case 'variable':
        case 'provider':
        case 'check':
          for (const [name, nameEntry] of this.objectEntries(entry.value, `${key} block`)) {
            for (const node of this.bodies(nameEntry.value)) body.blocks.push(this.block(key, [name], node, nameEntry.keyLine));
          }
          break;
        case 'locals':
        case 'terraform':
          for (const node of this.bodies(entry.value)) body.blocks.push(this.block(key, [], node, entry.keyLine));
          break;
        default:
          // moved, import, removed and anything unknown: kept as a block so the configuration reader decides.
          for (const node of this.bodies(entry.value)) body.blocks.push({ type: key, labels: [], body: { attributes: [], blocks: [] }, line: node.line, endLine: node.line });
      }
    }
    return body;
  }

  private objectEntries(node: JsonNode, what: string): [string, { keyLine: number; value: JsonNode }][] {
    if (node.type !== 'object') throw new JsonConfigError(`${what} must be a JSON object`, node.line);
    return [...node.entries].filter(([key]) => key !== '//');
  }

  /** A block body written as one object or as an array of objects (several blocks). */
  private bodies(node: JsonNode): ObjectNode[] {
    if (node.type === 'object') return [node];
    if (node.type === 'array' && node.items.every((item) => item.type === 'object')) return node.items as ObjectNode[];
    throw new JsonConfigError('a block must be a JSON object or an array of objects', node.line);
  }

  private block(type: string, labels: string[], node: ObjectNode, line: number, schema?: { mode: 'resource' | 'data'; type: string; path: string[] }): Block {
    return { type, labels, body: this.body(type, node, schema), line, endLine: lastLine(node) };
  }

  private body(kind: string, node: ObjectNode, schema?: { mode: 'resource' | 'data'; type: string; path: string[] }): Body {
    const body: Body = { attributes: [], blocks: [] };
    // Inside nested blocks only `dynamic` is special (a `dynamic` block generates nested blocks at any depth).
    const meta = schema && schema.path.length > 0 ? NESTED_META : META_BLOCKS[kind === 'data' ? 'resource' : kind] ?? new Set<string>();
    for (const [key, entry] of node.entries) {
      if (key === '//') continue;
      const value = entry.value;
      if (kind === 'locals' || kind === 'attributes-only') {
        body.attributes.push({ name: key, expr: this.expr(value), line: entry.keyLine });
        continue;
      }
      const nested = meta.has(key) || (schema !== undefined && !meta.has(key) && this.isBlock(schema.mode, schema.type, schema.path, key));
      if (nested && (value.type === 'object' || value.type === 'array')) {
        this.nestedBlocks(kind, key, value, entry.keyLine, schema, body);
        continue;
      }
      body.attributes.push({ name: key, expr: this.attributeExpr(kind, key, value), line: entry.keyLine });
    }
    return body;
  }

  private nestedBlocks(kind: string, key: string, value: JsonNode, line: number, schema: { mode: 'resource' | 'data'; type: string; path: string[] } | undefined, body: Body): void {
    const inner = (node: ObjectNode, labels: string[], blockLine: number, childKind: string, childSchema = schema && { ...schema, path: [...schema.path, key] }) => {
      body.blocks.push({ type: key, labels, body: this.body(childKind, node, childSchema), line: blockLine, endLine: lastLine(node) });
    };
    switch (key) {
      case 'dynamic':
        // "dynamic": { "<block>": { "for_each": …, "content": { … } } }
        for (const [label, entry] of this.objectEntries(value, 'dynamic')) {
          for (const node of this.bodies(entry.value)) {
            const dynamicBody: Body = { attributes: [], blocks: [] };
            for (const [name, part] of node.entries) {
              if (name === '//') continue;
              if (name === 'content') {
                for (const content of this.bodies(part.value)) {
                  dynamicBody.blocks.push({ type: 'content', labels: [], body: this.body('resource-nested', content, schema && { ...schema, path: [...schema.path, label] }), line: part.keyLine, endLine: lastLine(content) });
                }
              } else dynamicBody.attributes.push({ name, expr: this.attributeExpr('dynamic', name, part.value), line: part.keyLine });
            }
            body.blocks.push({ type: 'dynamic', labels: [label], body: dynamicBody, line: entry.keyLine, endLine: lastLine(node) });
          }
        }
        return;
      case 'provisioner':
      case 'backend':
        for (const [label, entry] of this.objectEntries(value, key)) for (const node of this.bodies(entry.value)) inner(node, [label], entry.keyLine, 'attributes-only', undefined);
        return;
      case 'required_providers':
        for (const node of this.bodies(value)) inner(node, [], line, 'attributes-only', undefined);
        return;
      default:
        for (const node of this.bodies(value)) inner(node, [], node.line === line ? line : node.line, kind === 'variable' || kind === 'output' || kind === 'terraform' || key === 'lifecycle' || key === 'connection' ? 'attributes-only' : 'resource-nested');
    }
  }

  private attributeExpr(kind: string, key: string, value: JsonNode): Expr {
    if (EXPRESSION_STRINGS.has(key)) return this.expressionStrings(value);
    if (kind === 'variable' && key === 'type' && value.type === 'string') return this.hcl(value.value, value.line);
    // Literal values, never templates: a variable's default and description, a module's source and version…
    if ((kind === 'variable' && (key === 'default' || key === 'description')) || (kind === 'module' && (key === 'source' || key === 'version'))) {
      return this.literal(value);
    }
    return this.expr(value);
  }

  /** `"depends_on": ["aws_x.y"]`: each string is an expression. */
  private expressionStrings(value: JsonNode): Expr {
    if (value.type === 'string') return this.hcl(value.value, value.line);
    if (value.type === 'array') return { t: 'tuple', items: value.items.map((item) => this.expressionStrings(item)), line: value.line };
    return this.expr(value);
  }

  private literal(node: JsonNode): Expr {
    switch (node.type) {
      case 'object':
        return { t: 'object', items: [...node.entries].map(([key, entry]) => ({ key: { t: 'literal', value: key, line: entry.keyLine }, value: this.literal(entry.value) })), line: node.line };
      case 'array':
        return { t: 'tuple', items: node.items.map((item) => this.literal(item)), line: node.line };
      default:
        return { t: 'literal', value: node.value, line: node.line };
    }
  }

  private expr(node: JsonNode): Expr {
    switch (node.type) {
      case 'string':
        return node.value.includes('${') || node.value.includes('%{') ? this.template(node.value, node.line) : { t: 'literal', value: node.value, line: node.line };
      case 'object':
        return {
          t: 'object',
          items: [...node.entries].filter(([key]) => key !== '//').map(([key, entry]) => ({ key: key.includes('${') ? this.template(key, entry.keyLine) : { t: 'literal', value: key, line: entry.keyLine }, value: this.expr(entry.value) })),
          line: node.line,
        };
      case 'array':
        return { t: 'tuple', items: node.items.map((item) => this.expr(item)), line: node.line };
      default:
        return { t: 'literal', value: node.value, line: node.line };
    }
  }

  /**
   * A JSON string as an HCL template: re-quoted for the HCL parser, with every line set to the JSON value's. Only
   * the literal text is escaped: what is inside `${…}` and `%{…}` is an expression, written as it is
   * (`"${ \"x\" }"` in JSON is the template `${ "x" }`).
   */
  private template(text: string, line: number): Expr {
    const quote = (literal: string) => literal.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    let out = '';
    let last = 0;
    for (const span of templateSequences(text)) {
      out += quote(text.slice(last, span.start)) + text.slice(span.start, span.end);
      last = span.end;
    }
    return this.hcl(`"${out + quote(text.slice(last))}"`, line);
  }

  private hcl(source: string, line: number): Expr {
    const { parsed, diagnostics } = parseHclSync(`value = ${source}\n`, this.file);
    const attribute: Attribute | undefined = parsed?.body.attributes[0];
    if (!attribute) throw new JsonConfigError(`cannot read the expression ${JSON.stringify(source.slice(0, 80))}: ${diagnostics[0]?.message ?? 'syntax error'}`, line);
    return relocate(attribute.expr, line);
  }
}

/**
 * The `${…}` and `%{…}` sequences of a template text (not `$${` / `%%{`, which are literal), each up to its closing
 * brace: braces of objects and of nested templates inside quoted strings are counted, strings are skipped.
 */
function templateSequences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      out.push({ start: i, end });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

/** The index after the `}` closing a sequence whose code starts at `from`. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A quoted string inside the code: skip it, with the sequences it holds.
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i += 2;
        else if ((text[i] === '$' || text[i] === '%') && text[i + 1] === '{') i = closingBrace(text, i + 2);
        else i++;
      }
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return text.length;
}

/** Every line of an expression parsed from a JSON string is the JSON value's line. */
function relocate<T>(value: T, line: number): T {
  if (Array.isArray(value)) return value.map((item) => relocate(item, line)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = key === 'line' && typeof item === 'number' ? line : relocate(item, line);
    return out as T;
  }
  return value;
}

function lastLine(node: JsonNode): number {
  if (node.type === 'object') {
    let last = node.line;
    for (const entry of node.entries.values()) last = Math.max(last, lastLine(entry.value));
    return last;
  }
  if (node.type === 'array') return node.items.reduce((last, item) => Math.max(last, lastLine(item)), node.line);
  return node.line;
}
