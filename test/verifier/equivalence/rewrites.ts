// Semantics-preserving rewrites of our environments, derived from the real stacks as they are (never copies of
// them): the same infrastructure written another way a real engineer might write it. Each must verify exactly as
// the original (rewrites.test.ts). Terraform: files split and reordered, resources in *.tf.json, override files,
// policy documents as jsonencode and as heredoc JSON, count as for_each, conditionals inverted, interpolation as
// format(), separate security-group rules in the other resource form, variable defaults in terraform.tfvars,
// jsonencode as heredoc. CloudFormation: YAML in long and short form, Fn::Sub as Fn::Join and back, Fn::GetAtt as
// a string, inline role policies as AWS::IAM::Policy resources, every property under an always-true Fn::If,
// reordered resources, inline ingress as AWS::EC2::SecurityGroupIngress.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { stringify as yamlStringify, Document, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, visit } from 'yaml';
import { loadProviderSchema } from '../../../src/verifier/schema/provider-schema.ts';
import { parseCst, splice, type CstAttribute, type CstBlock, type CstFile } from './hcl-cst.ts';

export const ROOT = resolve(new URL('../../..', import.meta.url).pathname);

export interface Rewrite {
  id: string;
  env: string;
  description: string;
  /** Path (relative to the repository) → new text, or null to delete the file. */
  files: Record<string, string | null>;
  /** Resource addresses change (count → for_each, a rule resource's type): verdicts compare by count per verdict. */
  renames?: boolean;
  /** The path to verify when the rewrite moves the template (JSON → YAML). */
  path?: string;
  /** One resource becomes several (a rule per source): the number of checks changes, their verdicts do not. */
  splits?: boolean;
}

type Files = Record<string, string>;

// ── reading an environment ─────────────────────────────────────────────────────────────────────────────────────
function tfFilesOf(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.tf')).sort().map((n) => `${dir}/${n}`);
}

/** The module directories a stack calls (local sources), transitively. */
function modulesOf(dir: string, seen = new Set<string>()): string[] {
  for (const file of tfFilesOf(dir)) {
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/source\s*=\s*"(\.\.?\/[^"]+)"/g)) {
      const target = relative(ROOT, resolve(ROOT, dir, m[1]!));
      if (!seen.has(target) && statSync(join(ROOT, target)).isDirectory()) {
        seen.add(target);
        modulesOf(target, seen);
      }
    }
  }
  return [...seen].sort();
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const src = (file: CstFile, span: { start: number; end: number }) => file.text.slice(span.start, span.end);

/** A top-level block with the comments and blank lines that precede it (suppression comments travel with it). */
function chunks(file: CstFile): { block: CstBlock; start: number; end: number }[] {
  const out: { block: CstBlock; start: number; end: number }[] = [];
  let previous = 0;
  for (const block of file.blocks) {
    out.push({ block, start: previous, end: block.end });
    previous = block.end;
  }
  return out;
}

const META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

// ── Terraform: files ─────────────────────────────────────────────────────────────────────────────────────────
async function splitFile(env: string): Promise<Rewrite | undefined> {
  const path = `${env}/main.tf`;
  const file = await parseCst(read(path));
  const parts = chunks(file);
  if (parts.length < 4) return undefined;
  const cut = parts[Math.floor(parts.length / 2)]!.start;
  return { id: 'tf-split-file', env, description: 'the second half of main.tf moved to another file', files: { [path]: `${file.text.slice(0, cut)}\n`, [`${env}/main_more.tf`]: file.text.slice(cut) } };
}

async function reverseBlocks(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const parts = chunks(file);
    if (parts.length < 2) continue;
    const tail = file.text.slice(parts[parts.length - 1]!.end);
    files[path] = `${parts.reverse().map((c) => file.text.slice(c.start, c.end)).join('\n')}${tail}`;
  }
  return { id: 'tf-reverse-blocks', env, description: 'every top-level block of every stack file in reverse order', files };
}

// ── Terraform: JSON syntax ───────────────────────────────────────────────────────────────────────────────────
/** A heredoc's template text (indentation stripped for <<-), which a JSON string holds as it is. */
function heredocTemplate(text: string): string | undefined {
  const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n([\s\S]*?)\n[ \t]*\2[ \t]*$/.exec(text.trim());
  if (!m) return undefined;
  const lines = m[3]!.split('\n');
  if (m[1] === '-') {
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
    return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
  }
  return `${lines.join('\n')}\n`;
}

function jsonValue(file: CstFile, attribute: CstAttribute): unknown {
  const text = src(file, attribute.expr);
  if (attribute.name === 'depends_on') return text.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean);
  if (attribute.name === 'provider') return text;
  return heredocTemplate(text) ?? `\${ ${text} }`;
}

function jsonBody(file: CstFile, block: CstBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attribute of block.attributes) out[attribute.name] = jsonValue(file, attribute);
  const groups = new Map<string, unknown[]>();
  const dynamic: Record<string, unknown[]> = {};
  for (const nested of block.blocks) {
    if (nested.type === 'dynamic') {
      const content = nested.blocks.find((b) => b.type === 'content');
      const spec: Record<string, unknown> = {};
      for (const attribute of nested.attributes) spec[attribute.name] = attribute.name === 'iterator' ? src(file, attribute.expr) : jsonValue(file, attribute);
      spec['content'] = content ? jsonBody(file, content) : {};
      (dynamic[nested.labels[0]!] ??= []).push(spec);
      continue;
    }
    if (nested.type === 'lifecycle') {
      const lifecycle: Record<string, unknown> = {};
      for (const attribute of nested.attributes) {
        const text = src(file, attribute.expr);
        lifecycle[attribute.name] = attribute.name === 'ignore_changes' ? text.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean) : JSON.parse(text);
      }
      out['lifecycle'] = lifecycle;
      continue;
    }
    const list = groups.get(nested.type) ?? [];
    list.push(jsonBody(file, nested));
    groups.set(nested.type, list);
  }
  for (const [type, list] of groups) out[type] = list.length === 1 ? list[0] : list;
  if (Object.keys(dynamic).length > 0) out['dynamic'] = Object.fromEntries(Object.entries(dynamic).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  return out;
}

/** The resource and data blocks of a file moved into <file>.json, in Terraform's JSON syntax. */
async function toTfJson(path: string, env: string, id: string): Promise<Rewrite | undefined> {
  const file = await parseCst(read(path));
  const moved = file.blocks.filter((b) => (b.type === 'resource' || b.type === 'data') && !b.blocks.some((n) => n.blocks.some((x) => x.type === 'dynamic' && x.blocks.some((y) => y.type === 'dynamic'))));
  if (moved.length === 0) return undefined;
  const json: Record<string, Record<string, Record<string, unknown>>> = {};
  const starts = new Map(chunks(file).map((c) => [c.block, c.start]));
  const edits: { start: number; end: number; text: string }[] = [];
  for (const block of moved) {
    // A suppression comment above or inside the block becomes Terraform's JSON comment property.
    const before = file.text.slice(starts.get(block)!, block.start);
    const marks = [...`${before}\n${src(file, block)}`.matchAll(/^\s*#\s*(enclave:ignore\b.*)$/gm)].map((m) => m[1]!);
    if (marks.length > 1) return undefined;
    const body = jsonBody(file, block);
    ((json[block.type] ??= {})[block.labels[0]!] ??= {})[block.labels[1]!] = marks.length === 1 ? { '//': marks[0], ...body } : body;
    const leading = /(?:^|\n)((?:[ \t]*#[^\n]*\n)*)$/.exec(before)?.[1] ?? '';
    edits.push({ start: block.start - leading.length, end: block.end, text: '' });
  }
  const rest = splice(file.text, edits);
  return { id, env, description: `the resource and data blocks of ${basename(path)} (${relative(env, dirname(path)) || 'the stack'}) in Terraform JSON syntax`, files: { [path]: rest, [`${path}.json`]: `${JSON.stringify(json, null, 2)}\n` } };
}

// ── Terraform: override files ────────────────────────────────────────────────────────────────────────────────
async function overrideAttribute(env: string): Promise<Rewrite | undefined> {
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    // Terraform checks a block's required arguments before it merges overrides: only an optional one may move.
    const optional = (b: CstBlock) => b.attributes.filter((a) => !META.has(a.name) && !loadProviderSchema(5).resources[b.labels[0]!]?.attributes[a.name]?.required);
    const block = file.blocks.find((b) => b.type === 'resource' && optional(b).length >= 1 && b.attributes.filter((a) => !META.has(a.name)).length >= 2);
    if (!block) continue;
    const attribute = optional(block).at(-1)!;
    return {
      id: 'tf-override-attribute',
      env,
      description: `${block.labels.join('.')}'s ${attribute.name} set in override.tf instead`,
      files: {
        [path]: splice(file.text, [{ start: attribute.start, end: attribute.end, text: '' }]),
        [`${env}/override.tf`]: `resource "${block.labels[0]}" "${block.labels[1]}" {\n  ${attribute.name} = ${src(file, attribute.expr)}\n}\n`,
      },
    };
  }
  return undefined;
}

async function overrideLocal(env: string): Promise<Rewrite | undefined> {
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const locals = file.blocks.find((b) => b.type === 'locals' && b.attributes.length > 0);
    if (!locals) continue;
    const attribute = locals.attributes[0]!;
    return {
      id: 'tf-override-local',
      env,
      description: `local.${attribute.name} replaced by locals_override.tf (the original says null)`,
      files: {
        [path]: splice(file.text, [{ start: attribute.expr.start, end: attribute.expr.end, text: 'null' }]),
        [`${env}/locals_override.tf`]: `locals {\n  ${attribute.name} = ${src(file, attribute.expr)}\n}\n`,
      },
    };
  }
  return undefined;
}

// ── Terraform: policy documents ──────────────────────────────────────────────────────────────────────────────
const FIELDS: Record<string, string> = { sid: 'Sid', effect: 'Effect', actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };

/** A policy document's statements as HCL object expressions (Principal, Condition grouped as IAM groups them), or undefined when it cannot be written without it. */
function statementObjects(file: CstFile, block: CstBlock): { fields: [string, string][] }[] | undefined {
  if (block.attributes.some((a) => a.name !== 'version') || block.blocks.some((b) => b.type !== 'statement')) return undefined;
  const out: { fields: [string, string][] }[] = [];
  for (const statement of block.blocks) {
    if (statement.blocks.some((b) => !['principals', 'not_principals', 'condition'].includes(b.type))) return undefined;
    const fields: [string, string][] = [];
    for (const attribute of statement.attributes) {
      const key = FIELDS[attribute.name];
      if (!key) return undefined;
      fields.push([key, src(file, attribute.expr)]);
    }
    if (!statement.attributes.some((a) => a.name === 'effect')) fields.push(['Effect', '"Allow"']);
    for (const [kind, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const blocks = statement.blocks.filter((b) => b.type === kind);
      if (blocks.length === 0) continue;
      const byType = new Map<string, string[]>();
      for (const p of blocks) {
        const type = p.attributes.find((a) => a.name === 'type');
        const ids = p.attributes.find((a) => a.name === 'identifiers');
        if (!type || !ids) return undefined;
        const t = src(file, type.expr);
        byType.set(t, [...(byType.get(t) ?? []), src(file, ids.expr)]);
      }
      if (byType.size === 1 && [...byType.keys()][0] === '"*"' && byType.get('"*"')!.every((ids) => /^\[\s*"\*"\s*\]$/.test(ids))) {
        fields.push([key, '"*"']);
        continue;
      }
      fields.push([key, `{ ${[...byType].map(([t, ids]) => `(${t}) = ${ids.length === 1 ? ids[0] : `concat(${ids.join(', ')})`}`).join(', ')} }`]);
    }
    const conditions = statement.blocks.filter((b) => b.type === 'condition');
    if (conditions.length > 0) {
      const byTest = new Map<string, string[]>();
      for (const c of conditions) {
        const test = c.attributes.find((a) => a.name === 'test');
        const variable = c.attributes.find((a) => a.name === 'variable');
        const values = c.attributes.find((a) => a.name === 'values');
        if (!test || !variable || !values) return undefined;
        // Two conditions on the same operator and key would be one key twice in JSON: not written this way.
        const entry = `(${src(file, variable.expr)}) = ${src(file, values.expr)}`;
        const t = src(file, test.expr);
        if (byTest.get(t)?.some((e) => e.startsWith(`(${src(file, variable.expr)})`))) return undefined;
        byTest.set(t, [...(byTest.get(t) ?? []), entry]);
      }
      fields.push(['Condition', `{ ${[...byTest].map(([t, entries]) => `(${t}) = { ${entries.join(', ')} }`).join(', ')} }`]);
    }
    out.push({ fields });
  }
  return out;
}

async function policyDocuments(env: string, form: 'jsonencode' | 'heredoc'): Promise<Rewrite | undefined> {
  const files: Files = {};
  const replaced: string[] = [];
  const paths = tfFilesOf(env);
  const texts = Object.fromEntries(paths.map((p) => [p, read(p)]));
  for (const path of paths) {
    const file = await parseCst(texts[path]!);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const block of file.blocks) {
      if (block.type !== 'data' || block.labels[0] !== 'aws_iam_policy_document') continue;
      const statements = statementObjects(file, block);
      if (!statements) continue;
      const name = block.labels[1]!;
      const version = block.attributes.find((a) => a.name === 'version');
      const versionText = version ? src(file, version.expr) : '"2012-10-17"';
      let value: string;
      if (form === 'jsonencode') {
        value = `jsonencode({\n    Version = ${versionText}\n    Statement = [\n${statements.map((s) => `      {\n${s.fields.map(([k, v]) => `        ${k} = ${v}`).join('\n')}\n      },`).join('\n')}\n    ]\n  })`;
      } else {
        value = `<<-JSON\n    {\n      "Version": \${jsonencode(${versionText})},\n      "Statement": [\n${statements.map((s) => `        {\n${s.fields.map(([k, v]) => `          "${k}": \${jsonencode(${v})}`).join(',\n')}\n        }`).join(',\n')}\n      ]\n    }\n  JSON`;
      }
      edits.push({ start: block.start, end: block.end, text: `locals {\n  policy_${name} = ${value}\n}` });
      replaced.push(name);
    }
    if (edits.length > 0) texts[path] = splice(file.text, edits);
  }
  if (replaced.length === 0) return undefined;
  for (const path of paths) {
    let text = texts[path]!;
    for (const name of replaced) text = text.replaceAll(`data.aws_iam_policy_document.${name}.json`, `local.policy_${name}`);
    if (text !== read(path)) files[path] = text;
  }
  return { id: `tf-policy-document-as-${form}`, env, description: `${replaced.length} aws_iam_policy_document data sources written as ${form === 'jsonencode' ? 'jsonencode()' : 'heredoc JSON'} locals`, files };
}

// ── Terraform: count as for_each ─────────────────────────────────────────────────────────────────────────────
async function countToForEach(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let converted = 0;
  for (const dir of [env, ...modulesOf(env)]) {
    const paths = tfFilesOf(dir);
    const texts = Object.fromEntries(paths.map((p) => [p, read(p)]));
    const addresses: string[] = [];
    for (const path of paths) {
      const file = await parseCst(texts[path]!);
      const edits: { start: number; end: number; text: string }[] = [];
      for (const block of file.blocks) {
        if (block.type !== 'resource' && block.type !== 'data') continue;
        const count = block.attributes.find((a) => a.name === 'count');
        const m = count ? /^([\s\S]+?)\s*\?\s*(0|1)\s*:\s*(0|1)$/.exec(src(file, count.expr)) : null;
        if (!count || !m || m[2] === m[3]) continue;
        const condition = m[2] === '1' ? m[1]! : `!(${m[1]})`;
        edits.push({ start: count.start, end: count.end, text: `for_each = ${condition} ? toset(["this"]) : toset([])` });
        addresses.push(`${block.type === 'data' ? 'data.' : ''}${block.labels[0]}.${block.labels[1]}`);
      }
      texts[path] = splice(file.text, edits);
    }
    if (addresses.length === 0) continue;
    for (const path of paths) {
      let text = texts[path]!;
      for (const address of addresses) {
        const escaped = address.replace(/\./g, '\\.');
        text = text.replace(new RegExp(`(?<![\\w.])${escaped}\\[0\\]`, 'g'), `${address}["this"]`).replace(new RegExp(`(?<![\\w.])${escaped}\\[\\*\\]`, 'g'), `values(${address})[*]`);
      }
      if (text !== read(path)) files[path] = text;
    }
    converted += addresses.length;
  }
  if (converted === 0) return undefined;
  return { id: 'tf-count-as-for-each', env, description: `${converted} resources switched on and off with count written with for_each instead`, files, renames: true };
}

// ── Terraform: expressions ───────────────────────────────────────────────────────────────────────────────────
async function invertConditionals(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let n = 0;
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const all = file.nodesOf('conditional');
    const edits: { start: number; end: number; text: string }[] = [];
    for (const c of all) {
      // tree-sitter-hcl nests `a ? b : c ? d : e` to the left: nested conditionals are left alone.
      if (all.some((o) => o !== c && ((o.start >= c.start && o.end <= c.end) || (c.start >= o.start && c.end <= o.end)))) continue;
      const parts = c.children.filter((k) => k.type === 'expression');
      if (parts.length !== 3) continue;
      const [cond, then, otherwise] = parts.map((p) => src(file, p));
      edits.push({ start: c.start, end: c.end, text: `!(${cond}) ? ${otherwise} : ${then}` });
    }
    if (edits.length === 0) continue;
    files[path] = splice(file.text, edits);
    n += edits.length;
  }
  return n === 0 ? undefined : { id: 'tf-conditionals-inverted', env, description: `${n} conditionals written as !(c) ? b : a`, files };
}

async function interpolationAsFormat(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let n = 0;
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const edits: { start: number; end: number; text: string }[] = [];
    for (const t of file.nodesOf('quoted_template')) {
      const inner = t.children.filter((k) => k.type !== 'quoted_template_start' && k.type !== 'quoted_template_end');
      if (!inner.some((k) => k.type === 'template_interpolation') || inner.some((k) => k.type !== 'template_interpolation' && k.type !== 'template_literal')) continue;
      const pieces = inner.map((k) => src(file, k));
      if (pieces.some((p) => p.includes('\n') || /^\$\{~|~\}$/.test(p)) || inner.some((k, i) => k.type === 'template_literal' && /\\|\$\$|%%/.test(pieces[i]!))) continue;
      const format = inner.map((k, i) => (k.type === 'template_literal' ? pieces[i]!.replace(/%/g, '%%') : '%s')).join('');
      const args = inner.filter((k) => k.type === 'template_interpolation').map((k) => src(file, k).slice(2, -1).trim());
      edits.push({ start: t.start, end: t.end, text: `format("${format}", ${args.join(', ')})` });
    }
    if (edits.length === 0) continue;
    files[path] = splice(file.text, edits);
    n += edits.length;
  }
  return n === 0 ? undefined : { id: 'tf-interpolation-as-format', env, description: `${n} string interpolations written with format()`, files };
}

async function jsonencodeAsHeredoc(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let n = 0;
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const edits: { start: number; end: number; text: string }[] = [];
    for (const call of file.nodesOf('function_call')) {
      const text = src(file, call);
      if (!text.startsWith('jsonencode(')) continue;
      // Only a literal object of literals and references: each value re-encoded by jsonencode inside the heredoc.
      const body = text.slice('jsonencode('.length, -1).trim();
      if (!body.startsWith('{') || /\bfor\b|\?|jsonencode/.test(body)) continue;
      edits.push({ start: call.start, end: call.end, text: `<<-JSON\n    \${jsonencode(${body})}\n  JSON` });
    }
    if (edits.length === 0) continue;
    files[path] = splice(file.text, edits);
    n += edits.length;
  }
  return n === 0 ? undefined : { id: 'tf-jsonencode-as-heredoc', env, description: `${n} jsonencode() values written as heredoc templates`, files };
}

async function defaultsInTfvars(env: string): Promise<Rewrite | undefined> {
  const path = `${env}/variables.tf`;
  const file = await parseCst(read(path));
  const lines: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const block of file.blocks) {
    if (block.type !== 'variable') continue;
    const value = block.attributes.find((a) => a.name === 'default');
    const text = value ? src(file, value.expr) : undefined;
    // Literal defaults only (a tfvars file holds values, not expressions); null stays in the declaration.
    if (!value || !text || text === 'null' || /\b(var|local|module|data)\./.test(text)) continue;
    lines.push(`${block.labels[0]} = ${text}`);
    edits.push({ start: value.start, end: value.end, text: '' });
  }
  if (lines.length === 0) return undefined;
  return { id: 'tf-defaults-in-tfvars', env, description: `${lines.length} variable defaults given in terraform.tfvars instead`, files: { [path]: splice(file.text, edits), [`${env}/terraform.tfvars`]: `${lines.join('\n')}\n` } };
}

// ── Terraform: security-group rules in the other form ────────────────────────────────────────────────────────
/** The elements of a list written as `[a, b, …]` (commas at the top level only), or undefined for any other expression. */
function listElements(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 1;
  for (let i = 1; i < t.length - 1; i++) {
    const c = t[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(t.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = t.slice(start, -1).trim();
  if (last !== '') out.push(last);
  return out.length > 0 ? out : undefined;
}
async function sgRuleForms(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let n = 0;
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const edits: { start: number; end: number; text: string }[] = [];
    for (const block of file.blocks) {
      if (block.type !== 'resource') continue;
      const a = (name: string) => { const x = block.attributes.find((y) => y.name === name); return x ? src(file, x.expr) : undefined; };
      if (block.attributes.some((x) => x.name === 'count' || x.name === 'for_each') || block.blocks.length > 0) continue;
      const name = block.labels[1]!;
      if (block.labels[0] === 'aws_security_group_rule') {
        // → aws_vpc_security_group_{ingress,egress}_rule, one resource per source (the new form takes one each).
        const type = a('type')?.replace(/"/g, '');
        if (type !== 'ingress' && type !== 'egress') continue;
        if (a('self') || a('ipv6_cidr_blocks')) continue;
        const protocol = a('protocol')!;
        const allPorts = /^"(-1|all)"$/.test(protocol);
        const common = [`security_group_id = ${a('security_group_id')}`, `ip_protocol = ${allPorts ? '"-1"' : protocol}`, ...(allPorts ? [] : [`from_port = ${a('from_port')}`, `to_port = ${a('to_port')}`]), ...(a('description') ? [`description = ${a('description')}`] : [])];
        const target = `aws_vpc_security_group_${type}_rule`;
        const [field, list] = a('source_security_group_id') ? ['referenced_security_group_id', `[${a('source_security_group_id')}]`] : a('cidr_blocks') ? ['cidr_ipv4', a('cidr_blocks')!] : a('prefix_list_ids') ? ['prefix_list_id', a('prefix_list_ids')!] : [undefined, undefined];
        if (!field || !list) continue;
        // The new form takes one source each. for_each over values known only after apply (prefix-list ids) is refused
        // by terraform plan, so a written list becomes one resource per element, and any other list a count.
        const elements = listElements(list);
        const text = elements
          ? elements.map((element, i) => `resource "${target}" "${elements.length === 1 ? name : `${name}_${i}`}" {\n  ${[...common, `${field} = ${element}`].join('\n  ')}\n}`).join('\n\n')
          : `resource "${target}" "${name}" {\n  count = length(${list})\n  ${[...common, `${field} = ${list}[count.index]`].join('\n  ')}\n}`;
        edits.push({ start: block.start, end: block.end, text });
        n++;
      } else if (block.labels[0] === 'aws_vpc_security_group_ingress_rule' || block.labels[0] === 'aws_vpc_security_group_egress_rule') {
        // → the older aws_security_group_rule.
        const type = block.labels[0].includes('ingress') ? 'ingress' : 'egress';
        const protocol = a('ip_protocol')!;
        const allPorts = /^"(-1|all)"$/.test(protocol);
        const source = a('referenced_security_group_id') ? `source_security_group_id = ${a('referenced_security_group_id')}` : a('cidr_ipv4') ? `cidr_blocks = [${a('cidr_ipv4')}]` : a('prefix_list_id') ? `prefix_list_ids = [${a('prefix_list_id')}]` : undefined;
        if (!source || a('cidr_ipv6')) continue;
        const lines = [`type = "${type}"`, `security_group_id = ${a('security_group_id')}`, `protocol = ${allPorts ? '"-1"' : protocol}`, `from_port = ${allPorts ? 0 : a('from_port')}`, `to_port = ${allPorts ? 0 : a('to_port')}`, source, ...(a('description') ? [`description = ${a('description')}`] : [])];
        edits.push({ start: block.start, end: block.end, text: `resource "aws_security_group_rule" "${name}" {\n  ${lines.join('\n  ')}\n}` });
        n++;
      }
    }
    if (edits.length > 0) files[path] = splice(file.text, edits);
  }
  return n === 0 ? undefined : { id: 'tf-sg-rule-other-form', env, description: `${n} security-group rules written in the other resource form (aws_security_group_rule ↔ aws_vpc_security_group_*_rule)`, files, renames: true, splits: true };
}

/** Separate rules of a group written as the group's inline ingress/egress blocks (every rule of the group at once: Terraform forbids mixing the two forms). */
async function sgRulesInline(env: string): Promise<Rewrite | undefined> {
  const files: Files = {};
  let n = 0;
  for (const path of tfFilesOf(env)) {
    const file = await parseCst(read(path));
    const text = file.text;
    const edits: { start: number; end: number; text: string }[] = [];
    for (const group of file.blocks.filter((b) => b.type === 'resource' && b.labels[0] === 'aws_security_group')) {
      const id = `aws_security_group.${group.labels[1]}.id`;
      if (group.attributes.some((a) => a.name === 'count' || a.name === 'for_each') || group.blocks.some((b) => b.type === 'ingress' || b.type === 'egress')) continue;
      const rules = file.blocks.filter((b) => b.type === 'resource' && /^aws_(security_group_rule|vpc_security_group_(ingress|egress)_rule)$/.test(b.labels[0]!) && b.attributes.some((a) => a.name === 'security_group_id' && src(file, a.expr) === id));
      if (rules.length === 0) continue;
      const blocks: string[] = [];
      for (const rule of rules) {
        const a = (name: string) => { const x = rule.attributes.find((y) => y.name === name); return x ? src(file, x.expr) : undefined; };
        // A rule that others refer to by address, or that repeats itself, cannot become a block.
        if (rule.attributes.some((x) => x.name === 'count' || x.name === 'for_each') || rule.blocks.length > 0) break;
        if (tfFilesOf(env).some((p) => read(p).includes(`${rule.labels[0]}.${rule.labels[1]}`))) break;
        // An inline rule naming another group makes the two groups depend on each other when that group names this
        // one back: a cycle Terraform refuses (why such rules are written separately). Only address rules move.
        if (a('source_security_group_id') || a('referenced_security_group_id') || a('self')) break;
        const legacy = rule.labels[0] === 'aws_security_group_rule';
        const direction = legacy ? a('type')!.replace(/"/g, '') : rule.labels[0]!.includes('ingress') ? 'ingress' : 'egress';
        const protocol = legacy ? a('protocol')! : a('ip_protocol')!;
        const all = /^"(-1|all)"$/.test(protocol);
        const lines = [`from_port = ${all ? 0 : a('from_port')}`, `to_port = ${all ? 0 : a('to_port')}`, `protocol = ${all ? '"-1"' : protocol}`];
        const sources: [string, string | undefined][] = legacy
          ? [['cidr_blocks', a('cidr_blocks')], ['ipv6_cidr_blocks', a('ipv6_cidr_blocks')], ['prefix_list_ids', a('prefix_list_ids')], ['security_groups', a('source_security_group_id') && `[${a('source_security_group_id')}]`], ['self', a('self')]]
          : [['cidr_blocks', a('cidr_ipv4') && `[${a('cidr_ipv4')}]`], ['ipv6_cidr_blocks', a('cidr_ipv6') && `[${a('cidr_ipv6')}]`], ['prefix_list_ids', a('prefix_list_id') && `[${a('prefix_list_id')}]`], ['security_groups', a('referenced_security_group_id') && `[${a('referenced_security_group_id')}]`]];
        for (const [k, v] of sources) if (v) lines.push(`${k} = ${v}`);
        if (a('description')) lines.push(`description = ${a('description')}`);
        blocks.push(`  ${direction} {\n    ${lines.join('\n    ')}\n  }`);
      }
      if (blocks.length !== rules.length) continue;
      edits.push({ start: group.body.end, end: group.body.end, text: `\n${blocks.join('\n')}\n` });
      for (const rule of rules) edits.push({ start: rule.start, end: rule.end, text: '' });
      n += rules.length;
    }
    if (edits.length > 0) files[path] = splice(text, edits);
  }
  return n === 0 ? undefined : { id: 'tf-sg-rules-inline', env, description: `${n} separate security-group rules written inline in their groups`, files, renames: true };
}

// ── CloudFormation ───────────────────────────────────────────────────────────────────────────────────────────
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function mapJson(value: Json, f: (v: Json) => Json): Json {
  const inner: Json = Array.isArray(value) ? value.map((v) => mapJson(v, f)) : isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapJson(v, f)])) : value;
  return f(inner);
}

/** `${Name}`, `${Res.Attr}`, `${AWS::Region}` of a Fn::Sub string as a Fn::Join part. */
function subPart(name: string, vars: Record<string, Json>): Json {
  if (name.startsWith('!')) return `\${${name.slice(1)}}`;
  if (name in vars) return vars[name]!;
  const dot = name.indexOf('.');
  return dot > 0 && !name.startsWith('AWS::') ? { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] } : { Ref: name };
}

function subToJoin(template: Json): Json {
  return mapJson(template, (v) => {
    if (!isObject(v) || Object.keys(v).length !== 1 || !('Fn::Sub' in v)) return v;
    const arg = v['Fn::Sub']!;
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) && typeof arg[0] === 'string' && isObject(arg[1]) ? [arg[0], arg[1]] : [undefined, {}];
    if (text === undefined) return v;
    const parts: Json[] = [];
    let last = 0;
    for (const m of text.matchAll(/\$\{([^}]+)\}/g)) {
      if (m.index! > last) parts.push(text.slice(last, m.index));
      parts.push(subPart(m[1]!.trim(), vars as Record<string, Json>));
      last = m.index! + m[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return { 'Fn::Join': ['', parts] };
  });
}

function joinToSub(template: Json): Json {
  return mapJson(template, (v) => {
    if (!isObject(v) || Object.keys(v).length !== 1 || !('Fn::Join' in v)) return v;
    const [delimiter, parts] = v['Fn::Join'] as [Json, Json];
    if (typeof delimiter !== 'string' || !Array.isArray(parts)) return v;
    const pieces: string[] = [];
    for (const part of parts) {
      if (typeof part === 'string') pieces.push(part.replace(/\$\{/g, '${!'));
      else if (isObject(part) && typeof part['Ref'] === 'string') pieces.push(`\${${part['Ref']}}`);
      else if (isObject(part) && Array.isArray(part['Fn::GetAtt']) && part['Fn::GetAtt'].every((x) => typeof x === 'string')) pieces.push(`\${${(part['Fn::GetAtt'] as string[]).join('.')}}`);
      else return v;
    }
    return { 'Fn::Sub': pieces.join(delimiter.replace(/\$\{/g, '${!')) };
  });
}

function getAttAsString(template: Json): Json {
  return mapJson(template, (v) => (isObject(v) && Object.keys(v).length === 1 && Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'].length === 2 && v['Fn::GetAtt'].every((x) => typeof x === 'string') ? { 'Fn::GetAtt': (v['Fn::GetAtt'] as string[]).join('.') } : v));
}

function resources(template: Json): Record<string, { Type: string; Properties?: Record<string, Json> } & Record<string, Json>> {
  return (template as { Resources: never }).Resources;
}

function inlinePoliciesAsResources(template: Json): Json {
  const copy = structuredClone(template) as { Resources: Record<string, Record<string, Json>> };
  let n = 0;
  for (const [id, r] of Object.entries(copy.Resources)) {
    const props = r['Properties'];
    if (r['Type'] !== 'AWS::IAM::Role' || !isObject(props) || !Array.isArray(props['Policies'])) continue;
    (props['Policies'] as Json[]).forEach((p, i) => {
      if (!isObject(p)) return;
      copy.Resources[`${id}InlinePolicy${i}`] = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: p['PolicyName']!, PolicyDocument: p['PolicyDocument']!, Roles: [{ Ref: id }] } };
      n++;
    });
    delete props['Policies'];
  }
  return n > 0 ? copy : template;
}

function alwaysTrueIf(template: Json): Json {
  const copy = structuredClone(template) as { Conditions?: Record<string, Json>; Resources: Record<string, { Properties?: Record<string, Json> }> };
  copy.Conditions = { ...(copy.Conditions ?? {}), EnclaveAlways: { 'Fn::Equals': ['same', 'same'] } };
  for (const r of Object.values(copy.Resources)) {
    if (!r.Properties) continue;
    r.Properties = Object.fromEntries(Object.entries(r.Properties).map(([k, v]) => [k, { 'Fn::If': ['EnclaveAlways', v, { Ref: 'AWS::NoValue' }] }]));
  }
  return copy;
}

function reorderResources(template: Json): Json {
  const copy = structuredClone(template) as Record<string, Json>;
  const reverse = (o: { [key: string]: Json }) => Object.fromEntries(Object.entries(o).reverse());
  copy['Resources'] = reverse(Object.fromEntries(Object.entries(copy['Resources'] as Record<string, { [key: string]: Json }>).map(([k, r]) => [k, isObject(r['Properties']) ? { ...r, Properties: reverse(r['Properties']) } : r])));
  return copy;
}

function ingressAsResources(template: Json): Json {
  const copy = structuredClone(template) as { Resources: Record<string, Record<string, Json>> };
  let n = 0;
  for (const [id, r] of Object.entries(copy.Resources)) {
    const props = r['Properties'];
    // Ingress only: a group declared without SecurityGroupEgress gets AWS's allow-all egress, so moving egress rules
    // out would change the group.
    if (r['Type'] !== 'AWS::EC2::SecurityGroup' || !isObject(props) || !Array.isArray(props['SecurityGroupIngress'])) continue;
    (props['SecurityGroupIngress'] as Json[]).forEach((rule, i) => {
      if (!isObject(rule)) return;
      copy.Resources[`${id}Ingress${i}`] = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': [id, 'GroupId'] }, ...rule } };
      n++;
    });
    delete props['SecurityGroupIngress'];
  }
  return n > 0 ? copy : template;
}

/** Whether anything of the template refers to a resource by Ref or Fn::GetAtt (DependsOn aside). */
function referenced(template: Json, id: string): boolean {
  let found = false;
  mapJson(template, (v) => {
    if (isObject(v) && (v['Ref'] === id || (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][0] === id) || (typeof v['Fn::GetAtt'] === 'string' && v['Fn::GetAtt'].startsWith(`${id}.`)))) found = true;
    return v;
  });
  return found;
}

/** The logical ids a value refers to: Ref, Fn::GetAtt, the names of Fn::Sub, DependsOn. */
function refsIn(value: Json, ids: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  mapJson(value, (v) => {
    if (!isObject(v)) return v;
    if (typeof v['Ref'] === 'string' && ids.has(v['Ref'])) out.add(v['Ref']);
    const getAtt = v['Fn::GetAtt'];
    const target = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
    if (typeof target === 'string' && ids.has(target)) out.add(target);
    const sub = v['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : '';
    for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (ids.has(m[1]!)) out.add(m[1]!);
    return v;
  });
  return out;
}

/** Whether `from` reaches `to` through the template's references. */
function reaches(resources: Record<string, Record<string, Json>>, from: string, to: string): boolean {
  const ids = new Set(Object.keys(resources));
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id === to) return true;
    if (seen.has(id) || !resources[id]) continue;
    seen.add(id);
    const r = resources[id]!;
    const deps = refsIn(r['Properties'] ?? null, ids);
    for (const d of [r['DependsOn'] ?? []].flat()) if (typeof d === 'string') deps.add(d);
    pending.push(...deps);
  }
  return false;
}

/**
 * A role's AWS::IAM::Policy resources written as the role's inline Policies (DependsOn on them moved to the role),
 * where that makes no circular dependency: a policy naming a key whose policy names the role stays separate.
 */
function policiesInline(template: Json): Json {
  const copy = structuredClone(template) as { Resources: Record<string, Record<string, Json>> };
  const moved = new Map<string, string>();
  for (const [id, r] of Object.entries(copy.Resources)) {
    const props = r['Properties'];
    // Its DeletionPolicy / UpdateReplacePolicy (what happens to the policy when the stack is deleted) goes with it.
    if (r['Type'] !== 'AWS::IAM::Policy' || !isObject(props) || Object.keys(r).some((k) => !['Type', 'Properties', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy'].includes(k))) continue;
    const roles = props['Roles'];
    const only = Array.isArray(roles) && roles.length === 1 && isObject(roles[0]) && typeof roles[0]['Ref'] === 'string' ? roles[0]['Ref'] : undefined;
    if (!only || props['Users'] || props['Groups'] || referenced(template, id)) continue;
    const role = copy.Resources[only];
    if (!role || role['Type'] !== 'AWS::IAM::Role' || !isObject(role['Properties'])) continue;
    const ids = new Set(Object.keys(copy.Resources));
    if ([...refsIn(props['PolicyDocument'] ?? null, ids)].some((x) => x !== only && reaches(copy.Resources, x, only))) continue;
    const roleProps = role['Properties'];
    roleProps['Policies'] = [...((roleProps['Policies'] as Json[] | undefined) ?? []), { PolicyName: props['PolicyName']!, PolicyDocument: props['PolicyDocument']! }];
    delete copy.Resources[id];
    moved.set(id, only);
  }
  if (moved.size === 0) return template;
  for (const r of Object.values(copy.Resources)) {
    const deps = r['DependsOn'];
    if (deps === undefined) continue;
    const list = (Array.isArray(deps) ? deps : [deps]).map((d) => (typeof d === 'string' ? moved.get(d) ?? d : d));
    r['DependsOn'] = [...new Set(list.filter((d) => d !== Object.keys(copy.Resources).find((k) => copy.Resources[k] === r)))];
  }
  return copy;
}

/** AWS::EC2::SecurityGroupIngress resources on a group of the template written as the group's SecurityGroupIngress. */
function ingressInline(template: Json): Json {
  const copy = structuredClone(template) as { Resources: Record<string, Record<string, Json>> };
  let n = 0;
  for (const [id, r] of Object.entries(copy.Resources)) {
    const props = r['Properties'];
    if (r['Type'] !== 'AWS::EC2::SecurityGroupIngress' || !isObject(props) || referenced(template, id) || r['DependsOn'] || r['Condition']) continue;
    const groupRef = props['GroupId'];
    const group = isObject(groupRef) ? (typeof groupRef['Ref'] === 'string' ? groupRef['Ref'] : Array.isArray(groupRef['Fn::GetAtt']) ? groupRef['Fn::GetAtt'][0] : undefined) : undefined;
    const target = typeof group === 'string' ? copy.Resources[group] : undefined;
    // A source group that names this group back would be a circular dependency CloudFormation refuses.
    if (!target || target['Type'] !== 'AWS::EC2::SecurityGroup' || !isObject(target['Properties']) || props['SourceSecurityGroupId'] !== undefined) continue;
    const { GroupId: _, ...rule } = props;
    target['Properties']['SecurityGroupIngress'] = [...((target['Properties']['SecurityGroupIngress'] as Json[] | undefined) ?? []), rule];
    delete copy.Resources[id];
    n++;
  }
  return n > 0 ? copy : template;
}

const SHORT: Record<string, string> = {
  Ref: '!Ref', 'Fn::Sub': '!Sub', 'Fn::Join': '!Join', 'Fn::GetAtt': '!GetAtt', 'Fn::If': '!If', 'Fn::Equals': '!Equals', 'Fn::Not': '!Not', 'Fn::And': '!And', 'Fn::Or': '!Or',
  'Fn::Select': '!Select', 'Fn::Split': '!Split', 'Fn::FindInMap': '!FindInMap', 'Fn::Base64': '!Base64', 'Fn::GetAZs': '!GetAZs', 'Fn::ImportValue': '!ImportValue', 'Fn::Cidr': '!Cidr', Condition: '!Condition',
};

/** YAML with the short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub …`), as most templates are written. */
function yamlShort(template: Json): string {
  const doc = new Document(template);
  visit(doc, {
    Map(_, node) {
      if (!isMap(node) || node.items.length !== 1) return undefined;
      const pair = node.items[0]!;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const tag = key !== undefined ? SHORT[key] : undefined;
      // `Condition` is a short tag only where a condition name is the value of an intrinsic (Fn::And…); as a resource attribute it stays.
      if (!tag || key === 'Condition') return undefined;
      const value = pair.value as Scalar | YAMLSeq | YAMLMap;
      if (key === 'Fn::GetAtt' && isSeq(value) && value.items.length === 2 && value.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
        const s = new Scalar(`${(value.items[0] as Scalar).value}.${(value.items[1] as Scalar).value}`);
        s.tag = tag;
        return s;
      }
      (value as { tag?: string }).tag = tag;
      return value;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

const CFN: { id: string; description: string; make: (template: Json) => { path?: string; text: string } | undefined }[] = [
  { id: 'cfn-yaml-long-form', description: 'the template as YAML, intrinsics in long form', make: (t) => ({ path: '.yaml', text: yamlStringify(t, { lineWidth: 0 }) }) },
  { id: 'cfn-yaml-short-form', description: 'the template as YAML with the short-form tags (!Ref, !GetAtt, !Sub…)', make: (t) => ({ path: '.yaml', text: yamlShort(t) }) },
  { id: 'cfn-sub-as-join', description: 'every Fn::Sub written as Fn::Join over Ref and Fn::GetAtt', make: (t) => ({ text: JSON.stringify(subToJoin(t), null, 2) }) },
  { id: 'cfn-join-as-sub', description: 'every Fn::Join of strings, Ref and Fn::GetAtt written as Fn::Sub', make: (t) => ({ text: JSON.stringify(joinToSub(t), null, 2) }) },
  { id: 'cfn-sub-join-round-trip', description: 'Fn::Sub → Fn::Join → Fn::Sub', make: (t) => ({ text: JSON.stringify(joinToSub(subToJoin(t)), null, 2) }) },
  { id: 'cfn-getatt-string', description: 'every Fn::GetAtt in its "Resource.Attribute" string form', make: (t) => ({ text: JSON.stringify(getAttAsString(t), null, 2) }) },
  { id: 'cfn-inline-policies-as-resources', description: 'inline role policies as AWS::IAM::Policy resources attached to the role', make: (t) => { const r = inlinePoliciesAsResources(t); return r === t ? undefined : { text: JSON.stringify(r, null, 2) }; } },
  { id: 'cfn-always-true-if', description: 'every resource property under Fn::If on a condition that always holds', make: (t) => ({ text: JSON.stringify(alwaysTrueIf(t), null, 2) }) },
  { id: 'cfn-reordered', description: 'resources and their properties in reverse order', make: (t) => ({ text: JSON.stringify(reorderResources(t), null, 2) }) },
  { id: 'cfn-policies-inline', description: 'AWS::IAM::Policy resources written as their role\'s inline Policies', make: (t) => { const r = policiesInline(t); return r === t ? undefined : { text: JSON.stringify(r, null, 2) }; } },
  { id: 'cfn-ingress-inline', description: 'AWS::EC2::SecurityGroupIngress written as the group\'s inline SecurityGroupIngress', make: (t) => { const r = ingressInline(t); return r === t ? undefined : { text: JSON.stringify(r, null, 2) }; } },
  { id: 'cfn-ingress-as-resources', description: 'inline security-group ingress as AWS::EC2::SecurityGroupIngress resources', make: (t) => { const r = ingressAsResources(t); return r === t ? undefined : { text: JSON.stringify(r, null, 2) }; } },
];

// ── all of them ──────────────────────────────────────────────────────────────────────────────────────────────
/** The module that contributes most resource blocks to a stack (its *.tf.json rewrite). */
async function biggestModuleFile(env: string): Promise<string | undefined> {
  let best: { path: string; n: number } | undefined;
  for (const dir of modulesOf(env)) {
    const path = `${dir}/main.tf`;
    try {
      const n = (await parseCst(read(path))).blocks.filter((b) => b.type === 'resource').length;
      if (!best || n > best.n) best = { path, n };
    } catch {
      continue;
    }
  }
  return best?.path;
}

export async function terraformRewrites(env: string): Promise<Rewrite[]> {
  const module = await biggestModuleFile(env);
  const made = [
    await splitFile(env),
    await reverseBlocks(env),
    await toTfJson(`${env}/main.tf`, env, 'tf-json-stack'),
    module ? await toTfJson(module, env, 'tf-json-module') : undefined,
    await overrideAttribute(env),
    await overrideLocal(env),
    await policyDocuments(env, 'jsonencode'),
    await policyDocuments(env, 'heredoc'),
    await countToForEach(env),
    await invertConditionals(env),
    await interpolationAsFormat(env),
    await jsonencodeAsHeredoc(env),
    await defaultsInTfvars(env),
    await sgRuleForms(env),
    await sgRulesInline(env),
  ];
  return made.filter((r): r is Rewrite => r !== undefined);
}

export function cloudFormationRewrites(env: string): Rewrite[] {
  const template = JSON.parse(read(env)) as Json;
  return CFN.flatMap(({ id, description, make }) => {
    const made = make(template);
    if (!made) return [];
    const files: Record<string, string | null> = made.path ? { [env]: null, [env.replace(/\.json$/, made.path)]: made.text } : { [env]: `${made.text}\n` };
    return [{ id, env, description, files, ...(made.path ? { path: env.replace(/\.json$/, made.path) } : {}) }];
  });
}

/** Terraform root modules and CloudFormation templates of the repository's environments. */
export function environments(): string[] {
  const stacks = 'infra/terraform/stacks';
  const cfn = 'infra/cloudformation';
  return [
    ...readdirSync(join(ROOT, stacks)).filter((d) => statSync(join(ROOT, stacks, d)).isDirectory()).sort().map((d) => `${stacks}/${d}`),
    ...readdirSync(join(ROOT, cfn)).filter((f) => f.endsWith('.json')).sort().map((f) => `${cfn}/${f}`),
  ];
}
