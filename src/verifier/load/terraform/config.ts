// A module directory's configuration: its *.tf files parsed and their top-level blocks sorted into variables,
// locals, resources, data sources, module calls, outputs and providers. Parsed once per directory and shared by
// every instance of the module.
import { createHash } from 'node:crypto';
import { digestOf } from '../digest.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../types.ts';
import type { Attribute, Block, Expr, ParsedFile } from './ast.ts';
import { loadProviderSchema, type ObjectSchema } from '../../schema/provider-schema.ts';
import { parseTerraformJson, type BlockOracle } from './json-syntax.ts';
import { parseHcl } from './parse.ts';

export interface Declared {
  block: Block;
  file: string;
}

export interface ModuleConfig {
  dir: string;
  files: ParsedFile[];
  variables: Map<string, Declared>;
  locals: Map<string, Attribute & { file: string }>;
  /** Keyed `aws_s3_bucket.raw` or `data.aws_iam_policy_document.x`. */
  resources: Map<string, Declared & { mode: 'resource' | 'data'; type: string; name: string }>;
  modules: Map<string, Declared>;
  outputs: Map<string, Declared>;
  providers: (Declared & { name: string })[];
  /** `terraform { … }` blocks (required_providers decides the provider schema). */
  terraformBlocks: Declared[];
  diagnostics: Diagnostic[];
}

export interface FileRecorder {
  record(absolute: string, text: string | Buffer): void;
  display(absolute: string): string;
}

export function sha256(text: string | Buffer): string {
  if (typeof text === 'string') return createHash('sha256').update(text).digest('hex');
  return digestOf(text, 'sha256').toString('hex');
}

// `ephemeral` resources are never in the plan or the state (Terraform >= 1.10): not modelled; a reference to one is
// an unknown (module.ts).
const IGNORED_BLOCKS = new Set(['terraform', 'moved', 'import', 'removed', 'check', 'ephemeral']);

export async function loadModuleConfig(dir: string, recorder: FileRecorder): Promise<ModuleConfig> {
  const config: ModuleConfig = {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    modules: new Map(),
    outputs: new Map(),
    providers: [],
    terraformBlocks: [],
    diagnostics: [],
  };
  const display = recorder.display(dir);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    config.diagnostics.push({
      severity: 'error',
      code: 'tf-read',
      unreadable: true,
      message: `cannot read the module directory ${display}: ${(error as Error).message}`,
    });
    return config;
  }
  // Terraform reads *.tf and *.tf.json, then merges the override files (`override.tf`, `*_override.tf`, and their
  // JSON forms) into the blocks they name, in name order.
  const isConfigFile = (name: string) => name.endsWith('.tf') || name.endsWith('.tf.json');
  const primary = names.filter((name) => isConfigFile(name) && !isOverrideFile(name));
  const overrides = names.filter((name) => isConfigFile(name) && isOverrideFile(name));
  if (primary.length === 0) {
    config.diagnostics.push({
      severity: 'error',
      code: 'tf-empty-module',
      message: `${display} holds no Terraform (*.tf or *.tf.json) files`,
      location: { file: display, line: 1 },
    });
    return config;
  }
  for (const name of [...primary, ...overrides]) {
    const absolute = join(dir, name);
    const file = recorder.display(absolute);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      config.diagnostics.push({
        severity: 'error',
        code: 'tf-read',
        unreadable: true,
        message: `cannot read ${file}: ${(error as Error).message}`,
      });
      continue;
    }
    recorder.record(absolute, text);
    const { parsed, diagnostics } = name.endsWith('.json')
      ? parseTerraformJson(text, file, schemaBlocks)
      : await parseHcl(text, file);
    config.diagnostics.push(...diagnostics);
    if (!parsed) continue;
    config.files.push(parsed);
    if (isOverrideFile(name)) applyOverride(parsed, config);
    else collect(parsed, config);
  }
  return config;
}

/** The AWS provider schema says which JSON objects of a resource are nested blocks. */
const schemaBlocks: BlockOracle = (mode, type, path, name) => {
  if (!type.startsWith('aws_')) return false;
  const schema = loadProviderSchema();
  let object: ObjectSchema | undefined = (mode === 'data' ? schema.dataSources : schema.resources)[type];
  for (const step of path) object = object?.blocks[step]?.body;
  return object?.blocks[name] !== undefined;
};

/**
 * Terraform's override merge: each top-level block of an override file changes the block of the same kind and
 * name that the other files declare (an override with nothing to change is an error). Its arguments replace the
 * original's; its nested blocks of a type replace all the original's blocks of that type, except `lifecycle`,
 * which merges argument by argument; `locals` replace by name.
 */
function applyOverride(parsed: ParsedFile, config: ModuleConfig): void {
  const { file } = parsed;
  const missing = (what: string, line: number) =>
    config.diagnostics.push({
      severity: 'error',
      code: 'tf-override-missing-base',
      message: `${file} overrides ${what}, which no other file of the module declares`,
      location: { file, line },
    });
  for (const block of parsed.body.blocks) {
    const labels = block.labels;
    switch (block.type) {
      case 'resource':
      case 'data': {
        const key = block.type === 'data' ? `data.${labels[0]}.${labels[1]}` : `${labels[0]}.${labels[1]}`;
        const base = config.resources.get(key);
        if (!base) missing(key, block.line);
        else base.block = mergeBlock(base.block, block, file);
        break;
      }
      case 'variable':
      case 'output':
      case 'module': {
        const table =
          block.type === 'variable' ? config.variables : block.type === 'output' ? config.outputs : config.modules;
        const base = table.get(labels[0] ?? '');
        if (!base) missing(`${block.type} "${labels[0]}"`, block.line);
        else base.block = mergeBlock(base.block, block, file);
        break;
      }
      case 'locals':
        for (const attribute of block.body.attributes) {
          if (!config.locals.has(attribute.name)) missing(`local.${attribute.name}`, attribute.line);
          else config.locals.set(attribute.name, { ...attribute, file });
        }
        break;
      case 'provider': {
        const alias = (b: Block) => {
          const expr = attributeOf(b, 'alias')?.expr;
          return expr?.t === 'literal' ? String(expr.value) : undefined;
        };
        const base = config.providers.find((p) => p.name === labels[0] && alias(p.block) === alias(block));
        if (!base) missing(`provider "${labels[0]}"`, block.line);
        else base.block = mergeBlock(base.block, block, file);
        break;
      }
      default:
        // terraform, moved, import, removed, check: nothing the loader evaluates.
        break;
    }
  }
}

function mergeBlock(base: Block, override: Block, file: string): Block {
  const attributes = new Map(base.body.attributes.map((a) => [a.name, a]));
  const added = override.body.attributes.filter((a) => !attributes.has(a.name)).map((a) => a.name);
  for (const attribute of override.body.attributes) attributes.set(attribute.name, { ...attribute, file });
  const generated = (b: Block) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type);
  const replaced = new Set(override.body.blocks.map(generated));
  const blocks = base.body.blocks.filter((b) => !replaced.has(generated(b)) || b.type === 'lifecycle');
  for (const block of override.body.blocks) {
    const marked = markFile(block, file);
    if (block.type === 'lifecycle') {
      const at = blocks.findIndex((b) => b.type === 'lifecycle');
      if (at >= 0) blocks[at] = mergeBlock(blocks[at]!, marked, file);
      else blocks.push(marked);
    } else blocks.push(marked);
  }
  const overrideAdded = [...(base.overrideAdded ?? []), ...added];
  return {
    ...base,
    body: { attributes: [...attributes.values()], blocks },
    ...(overrideAdded.length > 0 ? { overrideAdded } : {}),
  };
}

function markFile(block: Block, file: string): Block {
  return {
    ...block,
    file,
    body: {
      attributes: block.body.attributes.map((a) => ({ ...a, file })),
      blocks: block.body.blocks.map((b) => markFile(b, file)),
    },
  };
}

/** Terraform's override files: `override.tf`, `*_override.tf` and their `.tf.json` forms. */
function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

function collect(parsed: ParsedFile, config: ModuleConfig): void {
  const { file } = parsed;
  const error = (code: string, message: string, line: number) =>
    config.diagnostics.push({ severity: 'error', code, message, location: { file, line } });
  for (const attribute of parsed.body.attributes) {
    error(
      'tf-unexpected-attribute',
      `"${attribute.name}" cannot be set at the top level of a configuration`,
      attribute.line,
    );
  }
  for (const block of parsed.body.blocks) {
    const labels = block.labels;
    const need = (count: number): boolean => {
      if (labels.length === count) return true;
      error('tf-block-labels', `a ${block.type} block takes ${count} label(s), got ${labels.length}`, block.line);
      return false;
    };
    switch (block.type) {
      case 'variable':
      case 'module':
      case 'output': {
        if (!need(1)) break;
        const table =
          block.type === 'variable' ? config.variables : block.type === 'module' ? config.modules : config.outputs;
        if (table.has(labels[0]!)) error('tf-duplicate', `${block.type} "${labels[0]}" is declared twice`, block.line);
        else table.set(labels[0]!, { block, file });
        break;
      }
      case 'locals':
        for (const attribute of block.body.attributes) {
          if (config.locals.has(attribute.name))
            error('tf-duplicate', `local.${attribute.name} is declared twice`, attribute.line);
          else config.locals.set(attribute.name, { ...attribute, file });
        }
        break;
      case 'resource':
      case 'data': {
        if (!need(2)) break;
        const [type, name] = labels as [string, string];
        const key = block.type === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        if (config.resources.has(key)) error('tf-duplicate', `${key} is declared twice`, block.line);
        else config.resources.set(key, { block, file, mode: block.type === 'data' ? 'data' : 'resource', type, name });
        break;
      }
      case 'provider':
        if (need(1)) config.providers.push({ block, file, name: labels[0]! });
        break;
      case 'terraform':
        config.terraformBlocks.push({ block, file });
        break;
      default:
        if (!IGNORED_BLOCKS.has(block.type)) {
          config.diagnostics.push({
            severity: 'warning',
            code: 'tf-unknown-block',
            message: `unknown top-level block "${block.type}" is ignored`,
            location: { file, line: block.line },
          });
        }
    }
  }
}

/** The attribute of a block, if written. */
export function attributeOf(block: Block, name: string): Attribute | undefined {
  return block.body.attributes.find((attribute) => attribute.name === name);
}

/**
 * References an expression makes to objects of its module: `var.x`, `local.x`, `module.x`, `data.t.n`, `t.n`.
 * Names bound by for expressions, template for directives and dynamic-block iterators are not references.
 */
export function referencesOf(expr: Expr, out: Set<string>, bound?: ReadonlySet<string>): void {
  if (bound && bound.size > 0) {
    collectReferences(expr, out, bound);
    return;
  }
  // Without bound names, an expression's references are the same wherever it is evaluated: found once per
  // expression (the dependency graph, what decides a resource's existence and the load at the longest inputs all ask).
  let kept = referencesKept.get(expr);
  if (!kept) {
    const found = new Set<string>();
    collectReferences(expr, found, NOTHING_BOUND);
    kept = [...found];
    referencesKept.set(expr, kept);
  }
  for (const reference of kept) out.add(reference);
}

const referencesKept = new WeakMap<Expr, string[]>();
const NOTHING_BOUND: ReadonlySet<string> = new Set();

function collectReferences(expr: Expr, out: Set<string>, bound: ReadonlySet<string>): void {
  switch (expr.t) {
    case 'literal':
    case 'splat-item':
      return;
    case 'variable':
    case 'getattr':
    case 'index':
    case 'splat': {
      const chain = traversal(expr);
      if (chain) {
        if (!bound.has(chain.root)) {
          const reference = referenceName(chain.root, chain.names);
          if (reference) out.add(reference);
        }
        // The chain's shorter prefixes are not references of their own: `module.a.out` needs the output `out`,
        // not all of module a (which would make every output of a module depend on every other). Only index
        // keys and splat bodies along the chain hold further references.
        for (
          let step: Expr = expr;
          step.t === 'getattr' || step.t === 'index' || step.t === 'splat';
          step = step.object
        ) {
          if (step.t === 'index') collectReferences(step.key, out, bound);
          else if (step.t === 'splat') collectReferences(step.each, out, bound);
        }
        return;
      }
      if (expr.t === 'getattr') collectReferences(expr.object, out, bound);
      else if (expr.t === 'index') {
        collectReferences(expr.object, out, bound);
        collectReferences(expr.key, out, bound);
      } else if (expr.t === 'splat') {
        collectReferences(expr.object, out, bound);
        collectReferences(expr.each, out, bound);
      }
      return;
    }
    case 'template':
      templateReferences(expr.parts, out, bound);
      return;
    case 'tuple':
      for (const item of expr.items) collectReferences(item, out, bound);
      return;
    case 'object':
      for (const item of expr.items) {
        collectReferences(item.key, out, bound);
        collectReferences(item.value, out, bound);
      }
      return;
    case 'call':
      for (const arg of expr.args) collectReferences(arg, out, bound);
      return;
    case 'for': {
      collectReferences(expr.collection, out, bound);
      const inner = new Set(bound);
      inner.add(expr.valueVar);
      if (expr.keyVar) inner.add(expr.keyVar);
      if (expr.keyExpr) collectReferences(expr.keyExpr, out, inner);
      collectReferences(expr.valueExpr, out, inner);
      if (expr.condition) collectReferences(expr.condition, out, inner);
      return;
    }
    case 'conditional':
      collectReferences(expr.condition, out, bound);
      collectReferences(expr.then, out, bound);
      collectReferences(expr.otherwise, out, bound);
      return;
    case 'unary':
      collectReferences(expr.operand, out, bound);
      return;
    case 'binary':
      collectReferences(expr.left, out, bound);
      collectReferences(expr.right, out, bound);
      return;
  }
}

function templateReferences(
  parts: readonly import('./ast.ts').TemplatePart[],
  out: Set<string>,
  bound: ReadonlySet<string>,
): void {
  for (const part of parts) {
    switch (part.t) {
      case 'text':
        break;
      case 'interpolation':
        collectReferences(part.expr, out, bound);
        break;
      case 'if':
        collectReferences(part.condition, out, bound);
        templateReferences(part.then, out, bound);
        templateReferences(part.otherwise, out, bound);
        break;
      case 'for': {
        collectReferences(part.collection, out, bound);
        const inner = new Set(bound);
        inner.add(part.valueVar);
        if (part.keyVar) inner.add(part.keyVar);
        templateReferences(part.body, out, inner);
        break;
      }
    }
  }
}

/**
 * The root name and the attribute names that directly follow it (`data.aws_x.y.json` → data, [aws_x, y, json]);
 * `complete` once an index or splat cuts the chain (later names are not part of the reference).
 */
export function traversal(expr: Expr): { root: string; names: string[]; complete?: boolean } | undefined {
  if (expr.t === 'variable') return { root: expr.name, names: [] };
  if (expr.t === 'getattr') {
    const inner = traversal(expr.object);
    if (!inner) return undefined;
    return inner.complete ? inner : { root: inner.root, names: [...inner.names, expr.name] };
  }
  if (expr.t === 'index' || expr.t === 'splat') {
    const inner = traversal(expr.object);
    return inner ? { ...inner, complete: true } : undefined;
  }
  return undefined;
}

export function referenceName(root: string, names: readonly string[]): string | undefined {
  switch (root) {
    case 'var':
    case 'local':
      return names[0] ? `${root}.${names[0]}` : undefined;
    case 'module':
      // `module.a.out` names one output; `module.a` (or `module.a[0].out`) the whole module.
      return names[0] ? `module.${names[0]}${names[1] ? `.${names[1]}` : ''}` : undefined;
    case 'data':
      return names[0] && names[1] ? `data.${names[0]}.${names[1]}` : undefined;
    case 'count':
    case 'each':
    case 'self':
    case 'path':
    case 'terraform':
      return undefined;
    default:
      return names[0] ? `${root}.${names[0]}` : undefined;
  }
}
