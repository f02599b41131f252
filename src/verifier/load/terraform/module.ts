// Evaluation of one module instance: an explicit reference graph over its variables, locals, resources, data
// sources, module calls, outputs and providers, evaluated in topological order. A module call is one node of its
// parent's graph: its inputs are evaluated in the parent, then the child instance is evaluated whole, and its
// outputs become the node's value. A cycle is an error naming its members, and its members evaluate to unknowns.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic, RawResource, SourceLocation, Suppression, Value } from '../types.ts';
import type { Block, Body, Expr } from './ast.ts';
import { attributeOf, referencesOf, traversal, type Declared, type ModuleConfig } from './config.ts';
import { evaluate, evaluateTemplate, markOrigin, Scope } from './evaluate.ts';
import type { FunctionContext } from './functions.ts';
import { parseHclSync } from './parse.ts';
import { renderPolicyDocument } from './policy-document.ts';
import { suppressionsFor } from './suppressions.ts';
import { convert, parseTypeConstraint, type TypeConstraint } from './type-constraints.ts';
import { EvalError, firstUnknown, isList, isObject, isSymbolic, isUnknown, toBool, toNumber, toStringValue, typeName, unknown, type ValueObject } from './values.ts';

export interface LoadedProvider {
  /** `aws`, `aws.replica`, with the module prefix for providers declared in modules. */
  address: string;
  name: string;
  alias?: string;
  modulePath: readonly string[];
  /** Evaluated arguments, nested blocks as lists of objects (`default_tags[0].tags`). */
  attributes: { readonly [key: string]: Value };
  location: SourceLocation;
}

export interface InputValue {
  value: Value;
  location?: SourceLocation;
}

export interface LoadSession {
  cwd: string;
  rootDir: string;
  configs: Map<string, ModuleConfig>;
  display(absolute: string): string;
  record(absolute: string, text: string): void;
  diagnostics: Diagnostic[];
  resources: RawResource[];
  providers: LoadedProvider[];
  notedProviders: Set<string>;
}

/** Providers whose resources we keep in the stack; others are evaluated (so references work) but left out, with a note. */
const KEPT_PROVIDERS = /^(aws|archive|random|null|tls|local|time|http|external|terraform)_|^terraform_data$/;
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);
const MAX_MODULE_DEPTH = 32;

interface Node {
  id: string;
  kind: 'var' | 'local' | 'resource' | 'module' | 'output' | 'provider';
  deps: Set<string>;
  evaluate(): void;
  fail(): void;
}

export interface ModuleInstance {
  config: ModuleConfig;
  /** `''` at the root, `module.a.module.b["k"].` below. */
  prefix: string;
  modulePath: string[];
  /** Caller-given inputs; undefined at the root (root variables come from `rootInputs`). */
  inputs: Map<string, InputValue> | undefined;
  rootInputs?: Map<string, InputValue>;
  depth: number;
}

function expressionsOfBody(body: Body, out: Expr[], skipMeta: boolean): void {
  for (const attribute of body.attributes) if (!(skipMeta && attribute.name === 'depends_on')) out.push(attribute.expr);
  for (const block of body.blocks) {
    if (skipMeta && (block.type === 'lifecycle' || block.type === 'provisioner' || block.type === 'connection')) continue;
    expressionsOfBody(block.body, out, false);
  }
}

/** depends_on = [aws_x.y, module.z] → the addresses, read from the expressions without evaluating them. */
function dependsOnOf(block: Block): string[] {
  const attribute = attributeOf(block, 'depends_on');
  if (!attribute || attribute.expr.t !== 'tuple') return [];
  const out: string[] = [];
  for (const item of attribute.expr.items) {
    const chain = traversal(item);
    if (!chain) continue;
    if (chain.root === 'module' && chain.names[0]) out.push(`module.${chain.names[0]}`);
    else if (chain.root === 'data' && chain.names[1]) out.push(`data.${chain.names[0]}.${chain.names[1]}`);
    else if (chain.names[0]) out.push(`${chain.root}.${chain.names[0]}`);
  }
  return out;
}

function instanceKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

type Expansion = { kind: 'single' } | { kind: 'count'; count: number } | { kind: 'each'; entries: [string, Value][] } | { kind: 'unknown'; by: 'count' | 'for_each' };

export function evaluateModule(session: LoadSession, instance: ModuleInstance): ValueObject {
  const { config, prefix } = instance;
  const moduleDisplay = session.display(config.dir);
  const pathModule = session.display(config.dir) === '.' ? '.' : relativeTo(session.rootDir, config.dir);
  const diagnostics = session.diagnostics;
  const error = (code: string, message: string, file: string, line: number) => diagnostics.push({ severity: 'error', code, message, location: { file, line } });
  const note = (code: string, message: string, file: string, line: number) => diagnostics.push({ severity: 'note', code, message, location: { file, line } });

  const vars: Record<string, Value> = {};
  const varLocations = new Map<string, SourceLocation>();
  const locals: Record<string, Value> = {};
  const modules: Record<string, Value> = {};
  const data: Record<string, Record<string, Value>> = {};
  const resourceValues: Record<string, Record<string, Value>> = {};
  const outputs: Record<string, Value> = {};

  const fn: FunctionContext = {
    moduleDir: config.dir,
    readFile(path) {
      const absolute = isAbsolute(path) ? path : resolve(session.rootDir, path);
      let text: string;
      try {
        text = readFileSync(absolute, 'utf8');
      } catch (e) {
        throw new EvalError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      session.record(absolute, text);
      return text;
    },
    fileExists(path) {
      return existsSync(isAbsolute(path) ? path : resolve(session.rootDir, path));
    },
    renderTemplate(text, templateVars, file) {
      return renderTemplateFile(text, templateVars, file, fn);
    },
  };
  const roots = (name: string): Value | undefined => {
    switch (name) {
      case 'var':
        return vars;
      case 'local':
        return locals;
      case 'module':
        return modules;
      case 'data':
        return data;
      case 'path':
        return { module: pathModule, root: '.', cwd: session.rootDir };
      case 'terraform':
        return { workspace: 'default' };
      default:
        return resourceValues[name];
    }
  };
  const scope = new Scope(fn, roots);

  const nodes = new Map<string, Node>();
  const add = (node: Node) => nodes.set(node.id, node);

  // --- variables
  for (const [name, declared] of config.variables) {
    add({
      id: `var.${name}`,
      kind: 'var',
      deps: new Set(),
      evaluate: () => evaluateVariable(name, declared),
      fail: () => (vars[name] = unknown(`${prefix}var.${name}`)),
    });
  }
  // --- locals
  for (const [name, local] of config.locals) {
    const deps = new Set<string>();
    referencesOf(local.expr, deps);
    add({
      id: `local.${name}`,
      kind: 'local',
      deps,
      evaluate: () => {
        try {
          locals[name] = evaluate(local.expr, scope);
        } catch (e) {
          if (!(e instanceof EvalError)) throw e;
          error('tf-eval', `local.${name}: ${e.message}`, local.file, e.line ?? local.line);
          locals[name] = unknown(`${prefix}local.${name}`);
        }
      },
      fail: () => (locals[name] = unknown(`${prefix}local.${name}`)),
    });
  }
  // --- resources and data sources
  for (const [key, declared] of config.resources) {
    const deps = new Set<string>();
    const expressions: Expr[] = [];
    expressionsOfBody(declared.block.body, expressions, true);
    for (const expr of expressions) referencesOf(expr, deps, dynamicIterators(declared.block.body));
    for (const dep of dependsOnOf(declared.block)) deps.add(dep);
    const table = declared.mode === 'data' ? data : resourceValues;
    add({
      id: key,
      kind: 'resource',
      deps,
      evaluate: () => evaluateResource(declared, table),
      fail: () => ((table[declared.type] ??= {})[declared.name] = unknown(`${prefix}${key}`)),
    });
  }
  // --- module calls
  for (const [name, declared] of config.modules) {
    const deps = new Set<string>();
    for (const attribute of declared.block.body.attributes) if (attribute.name !== 'depends_on') referencesOf(attribute.expr, deps);
    for (const dep of dependsOnOf(declared.block)) deps.add(dep);
    add({
      id: `module.${name}`,
      kind: 'module',
      deps,
      evaluate: () => evaluateModuleCall(name, declared),
      fail: () => (modules[name] = unknown(`${prefix}module.${name}`)),
    });
  }
  // --- outputs
  for (const [name, declared] of config.outputs) {
    const deps = new Set<string>();
    const value = attributeOf(declared.block, 'value');
    if (value) referencesOf(value.expr, deps);
    for (const dep of dependsOnOf(declared.block)) deps.add(dep);
    add({
      id: `output.${name}`,
      kind: 'output',
      deps,
      evaluate: () => evaluateOutput(name, declared),
      fail: () => (outputs[name] = unknown(`${prefix}module.output`, name)),
    });
  }
  // --- providers
  config.providers.forEach((declared, i) => {
    const deps = new Set<string>();
    const expressions: Expr[] = [];
    expressionsOfBody(declared.block.body, expressions, false);
    for (const expr of expressions) referencesOf(expr, deps);
    add({ id: `provider#${i}`, kind: 'provider', deps, evaluate: () => evaluateProvider(declared), fail: () => undefined });
  });

  // --- order
  for (const node of nodes.values()) {
    for (const dep of [...node.deps]) if (!nodes.has(dep)) node.deps.delete(dep);
  }
  const { order, cyclic } = topologicalOrder(nodes);
  for (const cycle of cyclic) {
    const first = nodes.get(cycle[0]!)!;
    const location = locationOfNode(first.id);
    diagnostics.push({
      severity: 'error',
      code: 'tf-cycle',
      message: `${moduleDisplay}: a reference cycle: ${cycle.map((id) => prefix + id).join(' → ')} → ${prefix}${cycle[0]}`,
      ...(location ? { location } : {}),
    });
  }
  const inCycle = new Set(cyclic.flat());
  for (const id of order) {
    const node = nodes.get(id)!;
    if (inCycle.has(id)) node.fail();
    else node.evaluate();
  }
  return markOrigin(outputs, prefix.replace(/\.$/, '') || 'module', '');

  function locationOfNode(id: string): SourceLocation | undefined {
    if (id.startsWith('var.')) return declaredLocation(config.variables.get(id.slice(4)));
    if (id.startsWith('local.')) {
      const local = config.locals.get(id.slice(6));
      return local ? { file: local.file, line: local.line } : undefined;
    }
    if (id.startsWith('module.')) return declaredLocation(config.modules.get(id.slice(7)));
    if (id.startsWith('output.')) return declaredLocation(config.outputs.get(id.slice(7)));
    return declaredLocation(config.resources.get(id));
  }

  function evaluateVariable(name: string, declared: Declared): void {
    const block = declared.block;
    const address = `${prefix}var.${name}`;
    let type: TypeConstraint = { kind: 'any' };
    const typeAttribute = attributeOf(block, 'type');
    if (typeAttribute) {
      try {
        type = parseTypeConstraint(typeAttribute.expr);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-variable-type', `var.${name}: ${e.message}`, declared.file, e.line ?? typeAttribute.line);
      }
    }
    const given = instance.inputs ? instance.inputs.get(name) : instance.rootInputs?.get(name);
    const defaultAttribute = attributeOf(block, 'default');
    let value: Value;
    let location: SourceLocation;
    if (given) {
      value = given.value;
      location = given.location ?? { file: declared.file, line: block.line };
    } else if (defaultAttribute) {
      try {
        value = evaluate(defaultAttribute.expr, constantScope(fn));
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-eval', `var.${name} default: ${e.message}`, declared.file, e.line ?? defaultAttribute.line);
        value = unknown(address);
      }
      location = { file: declared.file, line: defaultAttribute.line };
    } else {
      value = unknown(address);
      location = { file: declared.file, line: block.line };
      if (instance.inputs) {
        error('tf-module-missing-input', `the module call ${prefix.replace(/\.$/, '')} does not set the required variable "${name}"`, declared.file, block.line);
      } else {
        note('tf-variable-unset', `var.${name} has no value (no default, tfvars or -var): it is unknown`, declared.file, block.line);
      }
    }
    if (given && given.value === null && defaultAttribute && attributeOf(block, 'nullable')?.expr.t === 'literal') {
      const nullable = (attributeOf(block, 'nullable')!.expr as { value: Value }).value;
      if (nullable === false) value = evaluate(defaultAttribute.expr, constantScope(fn));
    }
    try {
      value = convert(value, type, (expr) => evaluate(expr, constantScope(fn)), `var.${name}`);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      error('tf-variable-type', `${e.message}`, location.file, location.line);
      value = unknown(address);
    }
    vars[name] = value;
    varLocations.set(name, location);
    for (const validation of block.body.blocks.filter((b) => b.type === 'validation')) {
      const condition = attributeOf(validation, 'condition');
      if (!condition) continue;
      try {
        const result = evaluate(condition.expr, scope);
        if (isSymbolic(result)) continue;
        if (!toBool(result, 'validation condition')) {
          const messageAttribute = attributeOf(validation, 'error_message');
          let message = `var.${name} is invalid`;
          if (messageAttribute) {
            const text = evaluate(messageAttribute.expr, scope);
            if (typeof text === 'string') message = text;
          }
          diagnostics.push({ severity: 'error', code: 'tf-variable-validation', message: `var.${name}: ${message}`, location });
        }
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-variable-validation', `var.${name}: the validation could not be evaluated: ${e.message}`, declared.file, e.line ?? condition.line);
      }
    }
  }

  function expand(block: Block, file: string, address: string): Expansion {
    const countAttribute = attributeOf(block, 'count');
    const forEachAttribute = attributeOf(block, 'for_each');
    if (countAttribute && forEachAttribute) {
      error('tf-count-and-for-each', `${address}: count and for_each cannot both be set`, file, block.line);
    }
    if (countAttribute) {
      const value = evaluate(countAttribute.expr, scope);
      if (isSymbolic(value)) {
        diagnostics.push({
          severity: 'warning',
          code: 'tf-count-unknown',
          message: `${address}: count depends on values known only after apply; one instance [*] stands for all of them`,
          location: { file, line: countAttribute.line },
        });
        return { kind: 'unknown', by: 'count' };
      }
      const count = toNumber(value, 'count');
      if (!Number.isInteger(count) || count < 0) throw new EvalError(`count must be a whole number ≥ 0, got ${count}`, countAttribute.line);
      return { kind: 'count', count };
    }
    if (forEachAttribute) {
      const value = evaluate(forEachAttribute.expr, scope);
      const unknownExpansion = (): Expansion => {
        diagnostics.push({
          severity: 'warning',
          code: 'tf-for-each-unknown',
          message: `${address}: for_each depends on values known only after apply; one instance [*] stands for all of them`,
          location: { file, line: forEachAttribute.line },
        });
        return { kind: 'unknown', by: 'for_each' };
      };
      if (isSymbolic(value)) return unknownExpansion();
      if (isObject(value)) return { kind: 'each', entries: Object.keys(value).sort().map((key) => [key, value[key]!]) };
      if (isList(value)) {
        if (value.some((item) => isSymbolic(item))) return unknownExpansion();
        const keys = new Set<string>();
        for (const item of value) {
          if (typeof item !== 'string') throw new EvalError(`for_each over a set takes strings, got ${typeName(item)}`, forEachAttribute.line);
          keys.add(item);
        }
        return { kind: 'each', entries: [...keys].sort().map((key) => [key, key]) };
      }
      throw new EvalError(`for_each must be a map or a set of strings, got ${typeName(value)}`, forEachAttribute.line);
    }
    return { kind: 'single' };
  }

  function instancesOf(expansion: Expansion, base: string): { address: string; key: string | number | undefined; bindings: Map<string, Value> }[] {
    switch (expansion.kind) {
      case 'single':
        return [{ address: base, key: undefined, bindings: new Map() }];
      case 'count':
        return Array.from({ length: expansion.count }, (_, i) => ({ address: `${base}[${i}]`, key: i, bindings: new Map<string, Value>([['count', { index: i }]]) }));
      case 'each':
        return expansion.entries.map(([key, value]) => ({
          address: `${base}${instanceKey(key)}`,
          key,
          bindings: new Map<string, Value>([['each', { key, value }]]),
        }));
      case 'unknown':
        return [
          {
            address: `${base}[*]`,
            key: undefined,
            bindings: new Map<string, Value>(
              expansion.by === 'count'
                ? [['count', { index: unknown(`${base}.count`, 'index') }]]
                : [['each', { key: unknown(`${base}.each`, 'key'), value: unknown(`${base}.each`, 'value') }]],
            ),
          },
        ];
    }
  }

  function collectInstances(expansion: Expansion, base: string, values: Value[], keys: (string | number | undefined)[]): Value {
    switch (expansion.kind) {
      case 'single':
        return values[0]!;
      case 'count':
        return values;
      case 'each': {
        const out: Record<string, Value> = {};
        keys.forEach((key, i) => (out[String(key)] = values[i]!));
        return out;
      }
      case 'unknown':
        return unknown(base, '');
    }
  }

  function evaluateResource(declared: ModuleConfig['resources'] extends Map<string, infer D> ? D : never, table: Record<string, Record<string, Value>>): void {
    const { block, file, mode, type, name } = declared;
    const base = `${prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    let expansion: Expansion;
    try {
      expansion = expand(block, file, base);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      error('tf-eval', `${base}: ${e.message}`, file, e.line ?? block.line);
      (table[type] ??= {})[name] = unknown(base);
      return;
    }
    const kept = KEPT_PROVIDERS.test(type);
    if (!kept && !session.notedProviders.has(type.split('_')[0]!)) {
      session.notedProviders.add(type.split('_')[0]!);
      note('tf-provider-ignored', `${type}: resources of the ${type.split('_')[0]} provider are not part of the model and are ignored`, file, block.line);
    }
    const suppressions: Suppression[] = suppressionsFor(config.files.find((f) => f.file === file)!, block, diagnostics);
    const values: Value[] = [];
    const keys: (string | number | undefined)[] = [];
    for (const item of instancesOf(expansion, base)) {
      const instanceScope = scope.with(item.bindings);
      const attributes: Record<string, Value> = {};
      const locations: Record<string, SourceLocation> = { '': { file, line: block.line } };
      const syntax: Record<string, 'block' | 'attribute'> = {};
      evaluateBody(block.body, instanceScope, '', attributes, locations, syntax, file, item.address, true);
      const value: Record<string, Value> = { ...attributes };
      if (mode === 'data' && type === 'aws_iam_policy_document') {
        const rendered = renderPolicyDocument(attributes, item.address);
        value['json'] = rendered.json;
        value['minified_json'] = rendered.minified_json;
      }
      values.push(markOrigin(value, item.address));
      keys.push(item.key);
      if (kept) {
        session.resources.push({
          dialect: 'terraform',
          mode,
          type,
          address: item.address,
          name,
          modulePath: instance.modulePath,
          attributes,
          locations,
          syntax,
          dependsOn: dependsOnOf(block).map((dep) => prefix + dep),
          suppressions,
        });
      }
    }
    (table[type] ??= {})[name] = collectInstances(expansion, base, values, keys);
  }

  function evaluateBody(
    body: Body,
    bodyScope: Scope,
    path: string,
    out: Record<string, Value>,
    locations: Record<string, SourceLocation>,
    syntax: Record<string, 'block' | 'attribute'>,
    file: string,
    address: string,
    topLevel: boolean,
  ): void {
    for (const attribute of body.attributes) {
      if (topLevel && RESOURCE_META.has(attribute.name)) continue;
      const key = path + attribute.name;
      syntax[key] = 'attribute';
      locations[key] = sourceOf(attribute.expr) ?? { file, line: attribute.line };
      try {
        out[attribute.name] = evaluate(attribute.expr, bodyScope);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-eval', `${address}: ${attribute.name}: ${e.message}`, file, e.line ?? attribute.line);
        out[attribute.name] = unknown(address, key);
      }
    }
    const lists = new Map<string, Value[] | Value>();
    for (const block of body.blocks) {
      if (topLevel && RESOURCE_META.has(block.type)) continue;
      if (block.type === 'dynamic') {
        const label = block.labels[0];
        if (!label) {
          error('tf-block-labels', 'a dynamic block needs the name of the block it generates', file, block.line);
          continue;
        }
        expandDynamic(block, label, bodyScope, path, lists, locations, syntax, file, address);
        continue;
      }
      const current = lists.get(block.type);
      const list = Array.isArray(current) ? current : [];
      if (!Array.isArray(current) && current !== undefined) continue; // an unknown dynamic expansion already stands for all of them
      const index = list.length;
      const nested: Record<string, Value> = {};
      const blockPath = `${path}${block.type}.${index}`;
      locations[blockPath] = { file, line: block.line };
      if (!(path + block.type in locations)) locations[path + block.type] = { file, line: block.line };
      syntax[path + block.type] = 'block';
      evaluateBody(block.body, bodyScope, `${blockPath}.`, nested, locations, syntax, file, address, false);
      list.push(nested);
      lists.set(block.type, list);
    }
    for (const [name, list] of lists) out[name] = list;
  }

  function expandDynamic(
    block: Block,
    label: string,
    bodyScope: Scope,
    path: string,
    lists: Map<string, Value[] | Value>,
    locations: Record<string, SourceLocation>,
    syntax: Record<string, 'block' | 'attribute'>,
    file: string,
    address: string,
  ): void {
    const forEach = attributeOf(block, 'for_each');
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) {
      error('tf-dynamic', `dynamic "${label}" needs for_each and a content block`, file, block.line);
      return;
    }
    const iteratorAttribute = attributeOf(block, 'iterator');
    const iterator = iteratorAttribute?.expr.t === 'variable' ? iteratorAttribute.expr.name : label;
    syntax[path + label] = 'block';
    if (!(path + label in locations)) locations[path + label] = { file, line: block.line };
    let collection: Value;
    try {
      collection = evaluate(forEach.expr, bodyScope);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      error('tf-eval', `${address}: dynamic "${label}": ${e.message}`, file, e.line ?? forEach.line);
      return;
    }
    if (isSymbolic(collection)) {
      diagnostics.push({
        severity: 'warning',
        code: 'tf-dynamic-unknown',
        message: `${address}: dynamic "${label}" iterates over values known only after apply; its blocks are unknown`,
        location: { file, line: forEach.line },
      });
      lists.set(label, unknown(address, path + label));
      return;
    }
    if (collection === null) return;
    const entries: [Value, Value][] = isList(collection)
      ? collection.map((item, i) => [i, item])
      : isObject(collection)
        ? Object.keys(collection).sort().map((key) => [key, collection[key]!])
        : [];
    if (!isList(collection) && !isObject(collection)) {
      error('tf-eval', `${address}: dynamic "${label}" for_each must be a collection, got ${typeName(collection)}`, file, forEach.line);
      return;
    }
    const current = lists.get(label);
    if (current !== undefined && !Array.isArray(current)) return;
    const list = (current as Value[] | undefined) ?? [];
    for (const [key, value] of entries) {
      const inner = bodyScope.with(new Map([[iterator, { key, value }]]));
      const index = list.length;
      const blockPath = `${path}${label}.${index}`;
      locations[blockPath] = { file, line: content.line };
      const nested: Record<string, Value> = {};
      evaluateBody(content.body, inner, `${blockPath}.`, nested, locations, syntax, file, address, false);
      list.push(nested);
    }
    lists.set(label, list);
  }

  /** An argument that is just `var.x` (or `var.x.y`) points at where the variable's value was written. */
  function sourceOf(expr: Expr): SourceLocation | undefined {
    const chain = traversal(expr);
    if (!chain || chain.root !== 'var' || !chain.names[0]) return undefined;
    let e: Expr = expr;
    while (e.t === 'getattr' || e.t === 'index') e = e.object;
    if (e.t !== 'variable') return undefined;
    return varLocations.get(chain.names[0]);
  }

  function evaluateModuleCall(name: string, declared: Declared): void {
    const { block, file } = declared;
    const base = `${prefix}module.${name}`;
    const sourceAttribute = attributeOf(block, 'source');
    const source = sourceAttribute?.expr.t === 'literal' ? sourceAttribute.expr.value : undefined;
    if (typeof source !== 'string') {
      error('tf-module-source', `${base}: source must be a literal string`, file, block.line);
      modules[name] = markOrigin({}, base);
      return;
    }
    const local = source.startsWith('./') || source.startsWith('../');
    const childConfig = local ? session.configs.get(resolve(config.dir, source)) : undefined;
    if (!local || !childConfig) {
      if (!local) note('tf-module-remote', `${base}: the module source ${JSON.stringify(source)} is not local; its resources are not loaded and its outputs are unknown`, file, block.line);
      modules[name] = markOrigin({}, base);
      return;
    }
    if (instance.depth >= MAX_MODULE_DEPTH) {
      error('tf-module-depth', `${base}: modules nested more than ${MAX_MODULE_DEPTH} deep (does a module call itself?)`, file, block.line);
      modules[name] = markOrigin({}, base);
      return;
    }
    let expansion: Expansion;
    try {
      expansion = expand(block, file, base);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      error('tf-eval', `${base}: ${e.message}`, file, e.line ?? block.line);
      modules[name] = unknown(base);
      return;
    }
    for (const attribute of block.body.attributes) {
      if (!MODULE_META.has(attribute.name) && !childConfig.variables.has(attribute.name)) {
        error('tf-module-unknown-input', `${base}: the module has no variable "${attribute.name}"`, file, attribute.line);
      }
    }
    const values: Value[] = [];
    const keys: (string | number | undefined)[] = [];
    for (const item of instancesOf(expansion, base)) {
      const instanceScope = scope.with(item.bindings);
      const inputs = new Map<string, InputValue>();
      for (const attribute of block.body.attributes) {
        if (MODULE_META.has(attribute.name)) continue;
        let value: Value;
        try {
          value = evaluate(attribute.expr, instanceScope);
        } catch (e) {
          if (!(e instanceof EvalError)) throw e;
          error('tf-eval', `${item.address}: ${attribute.name}: ${e.message}`, file, e.line ?? attribute.line);
          value = unknown(item.address, attribute.name);
        }
        inputs.set(attribute.name, { value, location: sourceOf(attribute.expr) ?? { file, line: attribute.line } });
      }
      const segment = item.address.slice(prefix.length + 'module.'.length);
      const childOutputs = evaluateModule(session, {
        config: childConfig,
        prefix: `${item.address}.`,
        modulePath: [...instance.modulePath, segment],
        inputs,
        depth: instance.depth + 1,
      });
      values.push(childOutputs);
      keys.push(item.key);
    }
    modules[name] = collectInstances(expansion, base, values, keys);
  }

  function evaluateOutput(name: string, declared: Declared): void {
    const valueAttribute = attributeOf(declared.block, 'value');
    let value: Value = null;
    if (!valueAttribute) {
      error('tf-output-value', `output "${name}" has no value`, declared.file, declared.block.line);
    } else {
      try {
        value = evaluate(valueAttribute.expr, scope);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-eval', `output.${name}: ${e.message}`, declared.file, e.line ?? valueAttribute.line);
        value = unknown(`${prefix}output.${name}`);
      }
    }
    outputs[name] = value;
  }

  function evaluateProvider(declared: Declared & { name: string }): void {
    const attributes: Record<string, Value> = {};
    const locations: Record<string, SourceLocation> = {};
    const syntax: Record<string, 'block' | 'attribute'> = {};
    evaluateBody(declared.block.body, scope, '', attributes, locations, syntax, declared.file, `provider.${declared.name}`, false);
    const alias = typeof attributes['alias'] === 'string' ? (attributes['alias'] as string) : undefined;
    session.providers.push({
      address: `${prefix}${declared.name}${alias ? `.${alias}` : ''}`,
      name: declared.name,
      ...(alias ? { alias } : {}),
      modulePath: instance.modulePath,
      attributes,
      location: { file: declared.file, line: declared.block.line },
    });
  }
}

function declaredLocation(declared: Declared | undefined): SourceLocation | undefined {
  return declared ? { file: declared.file, line: declared.block.line } : undefined;
}

function dynamicIterators(body: Body): Set<string> {
  const out = new Set<string>();
  const visit = (b: Body) => {
    for (const block of b.blocks) {
      if (block.type === 'dynamic') {
        const iterator = attributeOf(block, 'iterator');
        out.add(iterator?.expr.t === 'variable' ? iterator.expr.name : block.labels[0] ?? '');
      }
      visit(block.body);
    }
  };
  visit(body);
  return out;
}

function constantScope(fn: FunctionContext): Scope {
  return new Scope(fn, () => undefined);
}

function relativeTo(root: string, dir: string): string {
  const path = dir.startsWith(root + '/') ? dir.slice(root.length + 1) : dir === root ? '.' : dir;
  return path;
}

/** Kahn's algorithm in declaration order; what is left over holds the cycles, found with Tarjan's algorithm. */
export function topologicalOrder(nodes: Map<string, { deps: Set<string> }>): { order: string[]; cyclic: string[][] } {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    indegree.set(id, node.deps.size);
    for (const dep of node.deps) (dependents.get(dep) ?? dependents.set(dep, []).get(dep)!).push(id);
  }
  const queue = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = indegree.get(dependent)! - 1;
      indegree.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  if (order.length === nodes.size) return { order, cyclic: [] };
  const remaining = new Set([...nodes.keys()].filter((id) => !order.includes(id)));
  // Tarjan over the remaining nodes.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic: string[][] = [];
  const strongConnect = (id: string) => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const dep of nodes.get(id)!.deps) {
      if (!remaining.has(dep)) continue;
      if (!index.has(dep)) {
        strongConnect(dep);
        low.set(id, Math.min(low.get(id)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(id, Math.min(low.get(id)!, index.get(dep)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1 || nodes.get(id)!.deps.has(id)) cyclic.push(component.reverse());
    }
  };
  for (const id of remaining) if (!index.has(id)) strongConnect(id);
  // Nodes that only depend on a cycle are evaluated after it (their cyclic inputs are unknown).
  const inCycle = new Set(cyclic.flat());
  const rest = [...remaining];
  const done = new Set(order);
  for (const id of inCycle) done.add(id);
  const pending = rest.filter((id) => !inCycle.has(id));
  const tail: string[] = [...inCycle];
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const id = pending[i]!;
      if ([...nodes.get(id)!.deps].every((dep) => done.has(dep))) {
        tail.push(id);
        done.add(id);
        pending.splice(i, 1);
        i--;
        progress = true;
      }
    }
  }
  return { order: [...order, ...tail, ...pending], cyclic };
}

/** templatefile(): the file's text is a template evaluated with only the given variables in scope. */
function renderTemplateFile(text: string, vars: ValueObject, file: string, fn: FunctionContext): Value {
  const delimiter = '__ENCLAVE_TEMPLATE_END__';
  const wrapped = `template = <<${delimiter}\n${text}\n${delimiter}\n`;
  const { parsed, diagnostics } = parseHclSync(wrapped, file);
  if (!parsed) throw new EvalError(`templatefile(): ${file}: ${diagnostics[0]?.message ?? 'cannot parse the template'}`);
  const expr = parsed.body.attributes[0]!.expr;
  const scope = new Scope(fn, (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined));
  const value = expr.t === 'template' ? evaluateTemplate(expr.parts, scope) : evaluate(expr, scope);
  if (typeof value === 'string') return value.endsWith('\n') ? value.slice(0, -1) : value;
  if (isUnknown(value)) return value;
  if (value !== null && typeof value === 'object' && 'parts' in value) {
    const parts = [...(value as { parts: readonly (string | import('../types.ts').UnknownValue)[] }).parts];
    const last = parts[parts.length - 1];
    if (typeof last === 'string' && last.endsWith('\n')) parts[parts.length - 1] = last.slice(0, -1);
    return { kind: 'template', parts: parts.filter((p) => p !== '') };
  }
  void firstUnknown;
  void toStringValue;
  return value;
}
