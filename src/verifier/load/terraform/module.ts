// Evaluation of one module instance: an explicit reference graph over its variables, locals, resources, data
// sources, module calls, outputs and providers, evaluated in topological order. A module call is one node of its
// parent's graph: its inputs are evaluated in the parent, then the child instance is evaluated whole, and its
// outputs become the node's value. A cycle is an error naming its members, and its members evaluate to unknowns.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { longestAccepted, type InputBound } from '../inputs.ts';
import type { Diagnostic, RawResource, SkippedInput, SourceLocation, Suppression, Value } from '../types.ts';
import type { Block, Body, Expr } from './ast.ts';
import { attributeOf, referencesOf, traversal, type Declared, type ModuleConfig } from './config.ts';
import {
  binaryOperation,
  catchable,
  evaluate,
  evaluateTemplate,
  markOrigin,
  Scope,
  unaryOperation,
} from './evaluate.ts';
import { Graph } from './graph.ts';
import { callFunction, type FunctionContext } from './functions.ts';
import { parseHclSync } from './parse.ts';
import { plannedDataSource, type PlanInputs } from './plan.ts';
import { renderPolicyDocument } from './policy-document.ts';
import { suppressionsFor } from './suppressions.ts';
import { convert, parseTypeConstraint, type TypeConstraint } from './type-constraints.ts';
import {
  EvalError,
  isList,
  isObject,
  isSet,
  isSymbolic,
  toBool,
  toNumber,
  typeName,
  unknown,
  type ValueObject,
} from './values.ts';

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
  record(absolute: string, text: string | Buffer): void;
  diagnostics: Diagnostic[];
  resources: RawResource[];
  providers: LoadedProvider[];
  notedProviders: Set<string>;
  /** Where each graph node was declared, for cycle diagnostics. */
  locations: Map<string, SourceLocation>;
  /** What was not loaded (remote modules, missing files); see SkippedInput. */
  skipped: SkippedInput[];
  /** A plan's variable values and the data sources it read. */
  plan?: PlanInputs;
  /** Root string variables with validation blocks, with the longest value their validation accepts. */
  inputs?: InputBound[];
  /** Files read by functions, kept across the loads of one verification (LoadShare). */
  reads?: Map<string, Buffer>;
}

/**
 * Providers whose resources we keep in the stack; others are evaluated (so references work) but left out, with a note.
 */
const KEPT_PROVIDERS = /^(aws|archive|random|null|tls|local|time|http|external|terraform)_|^terraform_data$/;
const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);
const MAX_MODULE_DEPTH = 32;

export interface CallerInputs {
  /** The module call's arguments, evaluated in the caller's scope with the instance's count/each bindings. */
  scope: Scope;
  attributes: Map<string, { expr: Expr; line: number }>;
  file: string;
  /** Where a caller argument's value came from (for `var.x` pass-through). */
  sourceOf(expr: Expr): SourceLocation | undefined;
  /** Global graph ids an argument expression depends on, in the caller. */
  dependencies(expr: Expr): string[];
  /** The graph id of the module call's expansion node. */
  expansion: string;
  /** The root variables an argument expression depends on, through locals and the caller's own inputs. */
  inputsOf(expr: Expr): string[];
  /** What decides whether this instance exists: the root variables behind the module calls' count/for_each. */
  existsWhen: { inputs: string[]; location: SourceLocation } | undefined;
}

export interface ModuleInstance {
  config: ModuleConfig;
  /** `''` at the root, `module.a.module.b["k"].` below. */
  prefix: string;
  modulePath: string[];
  /** The caller's arguments; undefined at the root (root variables come from `rootInputs`). */
  caller: CallerInputs | undefined;
  rootInputs?: Map<string, InputValue>;
  depth: number;
  graph: Graph;
  /** The module call's depends_on (and its callers'): every resource of the module waits for these, as in Terraform. */
  dependsOn?: string[];
}

interface LocalNode {
  id: string;
  refs: Set<string>;
  extra: string[];
  run(): void;
  fail(): void;
}

function expressionsOfBody(body: Body, out: Expr[], skipMeta: boolean): void {
  for (const attribute of body.attributes) if (!(skipMeta && attribute.name === 'depends_on')) out.push(attribute.expr);
  for (const block of body.blocks) {
    if (skipMeta && (block.type === 'lifecycle' || block.type === 'provisioner' || block.type === 'connection'))
      continue;
    expressionsOfBody(block.body, out, false);
  }
}

/** depends_on = [aws_x.y, module.z] → the addresses, read from the expressions without evaluating them. */
function dependsOnOf(block: Block): string[] {
  const attribute = attributeOf(block, 'depends_on');
  if (attribute?.expr.t !== 'tuple') return [];
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

type Expansion =
  | { kind: 'single' }
  | { kind: 'count'; count: number }
  | { kind: 'each'; entries: [string, Value][] }
  | { kind: 'unknown'; by: 'count' | 'for_each' };

/** Evaluates a root module: builds the graph from the root instance down and runs it. */
export function evaluateRoot(
  session: LoadSession,
  config: ModuleConfig,
  rootInputs: Map<string, InputValue>,
): ValueObject {
  const graph = new Graph();
  const outputs = instantiate(session, {
    config,
    prefix: '',
    modulePath: [],
    caller: undefined,
    rootInputs,
    depth: 0,
    graph,
  });
  graph.run((members) => {
    const location = session.locations.get(members[0]!);
    session.diagnostics.push({
      severity: 'error',
      code: 'tf-cycle',
      message: `a reference cycle: ${members.join(' → ')} → ${members[0]}`,
      ...(location ? { location } : {}),
    });
  });
  return outputs;
}

/**
 * Declares one module instance's nodes in the graph. Returns its outputs object, filled in as the output nodes run
 * (the caller's `module.x` value).
 */
export function instantiate(session: LoadSession, instance: ModuleInstance): ValueObject {
  const { config, prefix, graph } = instance;
  const pathModule = relativeTo(session.rootDir, config.dir);
  const diagnostics = session.diagnostics;
  const error = (code: string, message: string, file: string, line: number) =>
    diagnostics.push({ severity: 'error', code, message, location: { file, line } });
  const note = (code: string, message: string, file: string, line: number) =>
    diagnostics.push({ severity: 'note', code, message, location: { file, line } });

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
      const bytes = fn.readBytes!(path);
      if (bytes === undefined) throw new EvalError(`cannot read ${path}: no such file`);
      return bytes.toString('utf8');
    },
    readBytes(path) {
      return readEvidence(session, path);
    },
    fileExists(path) {
      return existsSync(isAbsolute(path) ? path : resolve(session.rootDir, path));
    },
    listFiles(dir) {
      return listFilesUnder(isAbsolute(dir) ? dir : resolve(session.rootDir, dir));
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
      case 'ephemeral':
        return unknown(`${prefix}ephemeral`);
      case 'terraform':
        return { workspace: 'default' };
      default:
        return resourceValues[name];
    }
  };
  const scope = new Scope(fn, roots);
  const childConfigs = new Map<string, ModuleConfig>();
  for (const [name, declared] of config.modules) {
    const source = attributeOf(declared.block, 'source')?.expr;
    if (
      source?.t === 'literal' &&
      typeof source.value === 'string' &&
      (source.value.startsWith('./') || source.value.startsWith('../'))
    ) {
      const child = session.configs.get(resolve(config.dir, source.value));
      if (child) childConfigs.set(name, child);
    }
  }

  /** Global graph ids for a local reference (`var.x`, `module.a.out`, `aws_x.y`). */
  const resolveReference = (ref: string): string[] => {
    if (graph.has(prefix + ref) && !ref.startsWith('module.')) return [prefix + ref];
    if (!ref.startsWith('module.')) return [];
    const [, name, output] = ref.split('.');
    const child = childConfigs.get(name!);
    if (output !== undefined && child?.outputs.has(output)) return [`${prefix}module.${name}.${output}`];
    if (!config.modules.has(name!)) return [];
    const ids = [`${prefix}module.${name}`];
    if (child) for (const out of child.outputs.keys()) ids.push(`${prefix}module.${name}.${out}`);
    return ids;
  };
  const dependenciesOf = (expr: Expr): string[] => {
    const refs = new Set<string>();
    referencesOf(expr, refs);
    return [...refs].flatMap(resolveReference);
  };

  // Which root variables a value depends on, through locals and module inputs: what the stack's user can set to
  // change it (used for what decides whether a resource exists). Resources and data sources end the walk.
  const inputMemo = new Map<string, string[]>();
  const inputsOfReference = (ref: string, seen: Set<string>): string[] => {
    const [root, name] = ref.split('.');
    if (name === undefined || (root !== 'var' && root !== 'local')) return [];
    const hit = inputMemo.get(ref);
    if (hit) return hit;
    if (seen.has(ref)) return [];
    seen.add(ref);
    let out: string[] = [];
    if (root === 'var') {
      if (!instance.caller) out = config.variables.has(name) ? [`var.${name}`] : [];
      else {
        const given = instance.caller.attributes.get(name);
        out = given ? instance.caller.inputsOf(given.expr) : [];
      }
    } else {
      const local = config.locals.get(name);
      if (local) {
        const refs = new Set<string>();
        referencesOf(local.expr, refs);
        out = [...new Set([...refs].flatMap((r) => inputsOfReference(r, seen)))];
      }
    }
    inputMemo.set(ref, out);
    return out;
  };
  const inputsOf = (expr: Expr): string[] => {
    const refs = new Set<string>();
    referencesOf(expr, refs);
    return [...new Set([...refs].flatMap((r) => inputsOfReference(r, new Set())))].sort();
  };
  /** What decides whether a block (resource or module call) exists: its count/for_each and the enclosing calls'. */
  const existsWhenOf = (block: Block, file: string): { inputs: string[]; location: SourceLocation } | undefined => {
    const inherited = instance.caller?.existsWhen;
    const switchAttribute = attributeOf(block, 'count') ?? attributeOf(block, 'for_each');
    const own = switchAttribute ? inputsOf(switchAttribute.expr) : [];
    if (own.length === 0) return inherited;
    return {
      inputs: [...new Set([...(inherited?.inputs ?? []), ...own])].sort(),
      location: { file, line: switchAttribute!.line },
    };
  };

  const nodes: LocalNode[] = [];
  const add = (node: LocalNode, location: SourceLocation | undefined) => {
    nodes.push(node);
    if (location) session.locations.set(prefix + node.id, location);
  };

  // --- variables
  for (const [name, declared] of config.variables) {
    const given = instance.caller?.attributes.get(name);
    // Validation conditions may read other variables (Terraform 1.9+).
    const refs = new Set<string>();
    for (const validation of declared.block.body.blocks.filter((b) => b.type === 'validation')) {
      for (const attribute of validation.body.attributes) referencesOf(attribute.expr, refs);
    }
    refs.delete(`var.${name}`);
    add(
      {
        id: `var.${name}`,
        refs,
        extra: instance.caller
          ? [instance.caller.expansion, ...(given ? instance.caller.dependencies(given.expr) : [])]
          : [],
        run: () => evaluateVariable(name, declared),
        fail: () => (vars[name] = unknown(`${prefix}var.${name}`)),
      },
      declaredLocation(declared),
    );
  }
  // --- locals
  for (const [name, local] of config.locals) {
    const refs = new Set<string>();
    referencesOf(local.expr, refs);
    add(
      {
        id: `local.${name}`,
        refs,
        extra: [],
        run: () => {
          try {
            locals[name] = evaluate(local.expr, scope);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
            error('tf-eval', `${prefix}local.${name}: ${e.message}`, local.file, e.line ?? local.line);
            locals[name] = unknown(`${prefix}local.${name}`);
          }
        },
        fail: () => (locals[name] = unknown(`${prefix}local.${name}`)),
      },
      { file: local.file, line: local.line },
    );
  }
  // --- resources and data sources
  for (const [key, declared] of config.resources) {
    const refs = new Set<string>();
    const expressions: Expr[] = [];
    expressionsOfBody(declared.block.body, expressions, true);
    const iterators = dynamicIterators(declared.block.body);
    for (const expr of expressions) referencesOf(expr, refs, iterators);
    for (const dep of dependsOnOf(declared.block)) refs.add(dep);
    const table = declared.mode === 'data' ? data : resourceValues;
    add(
      {
        id: key,
        refs,
        extra: [],
        run: () => evaluateResource(declared, table),
        fail: () => ((table[declared.type] ??= {})[declared.name] = unknown(`${prefix}${key}`)),
      },
      declaredLocation(declared),
    );
  }
  // --- module calls: an expansion node, then one node per output of the child, which waits for every instance's output
  for (const [name, declared] of config.modules) {
    const refs = new Set<string>();
    for (const attribute of declared.block.body.attributes) {
      if (attribute.name === 'count' || attribute.name === 'for_each') referencesOf(attribute.expr, refs);
    }
    add(
      {
        id: `module.${name}`,
        refs,
        extra: [],
        run: () => evaluateModuleCall(name, declared),
        fail: () => (modules[name] = unknown(`${prefix}module.${name}`)),
      },
      declaredLocation(declared),
    );
    const child = childConfigs.get(name);
    for (const output of child?.outputs.keys() ?? []) {
      add(
        {
          id: `module.${name}.${output}`,
          refs: new Set(),
          extra: [`${prefix}module.${name}`],
          run: () => undefined,
          fail: () => undefined,
        },
        declaredLocation(declared),
      );
    }
  }
  // --- outputs
  for (const [name, declared] of config.outputs) {
    const refs = new Set<string>();
    const value = attributeOf(declared.block, 'value');
    if (value) referencesOf(value.expr, refs);
    add(
      {
        id: `output.${name}`,
        refs,
        extra: [],
        run: () => evaluateOutput(name, declared),
        fail: () => (outputs[name] = unknown(`${prefix}output.${name}`)),
      },
      declaredLocation(declared),
    );
  }
  // --- providers
  config.providers.forEach((declared, i) => {
    const refs = new Set<string>();
    const expressions: Expr[] = [];
    expressionsOfBody(declared.block.body, expressions, false);
    for (const expr of expressions) referencesOf(expr, refs);
    add(
      {
        id: `provider.${declared.name}#${i}`,
        refs,
        extra: [],
        run: () => evaluateProvider(declared),
        fail: () => undefined,
      },
      declaredLocation(declared),
    );
  });

  for (const node of nodes) graph.declare(prefix + node.id, node.run, node.fail);
  for (const node of nodes) {
    for (const ref of node.refs) {
      if (ref === node.id) graph.depend(prefix + node.id, prefix + node.id);
      else for (const id of resolveReference(ref)) graph.depend(prefix + node.id, id);
    }
    for (const id of node.extra) graph.depend(prefix + node.id, id);
  }
  for (const node of nodes) graph.seal(prefix + node.id);
  return outputs;

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
    const caller = instance.caller;
    let given: InputValue | undefined;
    if (caller) {
      const argument = caller.attributes.get(name);
      if (argument) {
        try {
          given = {
            value: evaluate(argument.expr, caller.scope),
            location: caller.sourceOf(argument.expr) ?? { file: caller.file, line: argument.line },
          };
        } catch (e) {
          if (!(e instanceof EvalError)) throw e;
          error('tf-eval', `${prefix.replace(/\.$/, '')}: ${name}: ${e.message}`, caller.file, e.line ?? argument.line);
          given = { value: unknown(address), location: { file: caller.file, line: argument.line } };
        }
      }
    } else {
      given = instance.rootInputs?.get(name);
    }
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
      if (caller) {
        error(
          'tf-module-missing-input',
          `the module call ${prefix.replace(/\.$/, '')} does not set the required variable "${name}"`,
          declared.file,
          block.line,
        );
      } else {
        note(
          'tf-variable-unset',
          `var.${name} has no value (no default, tfvars or -var): it is unknown`,
          declared.file,
          block.line,
        );
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
    const validations = block.body.blocks.filter((b) => b.type === 'validation');
    if (!caller && typeof value === 'string' && validations.length > 0 && session.inputs) {
      // Ask the validation itself which lengths it accepts, so names built from this variable are judged at their
      // longest.
      // Most string validations are made of literals, this variable, function calls, can() and operators
      // (`can(regex("…", var.x)) && !contains([…], var.x)`): such a condition becomes a function of the candidate
      // once, instead of being walked again at each of the hundreds of candidates. Any other is evaluated.
      const conditions = validations.map((v) => attributeOf(v, 'condition')?.expr);
      const compiled = conditions.map((c) => (c ? candidateFunction(c, name, scope.fn) : undefined));
      const accepts = (candidate: string) => {
        vars[name] = candidate;
        try {
          return conditions.every((condition, i) => {
            const direct = compiled[i];
            const result = direct ? direct(candidate) : condition ? evaluate(condition, scope) : true;
            return !isSymbolic(result) && toBool(result, 'validation condition');
          });
        } catch {
          return false;
        } finally {
          vars[name] = value;
        }
      };
      session.inputs.push({ name, ...longestAccepted(accepts), location: { file: declared.file, line: block.line } });
    }
    for (const validation of validations) {
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
          diagnostics.push({
            severity: 'error',
            code: 'tf-variable-validation',
            message: `var.${name}: ${message}`,
            location,
          });
        }
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error(
          'tf-variable-validation',
          `var.${name}: the validation could not be evaluated: ${e.message}`,
          declared.file,
          e.line ?? condition.line,
        );
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
      if (!Number.isInteger(count) || count < 0)
        throw new EvalError(`count must be a whole number ≥ 0, got ${count}`, countAttribute.line);
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
      if (isObject(value))
        return {
          kind: 'each',
          entries: Object.keys(value)
            .sort()
            .map((key) => [key, value[key]!]),
        };
      if (isList(value)) {
        if (!isSet(value)) {
          // Terraform refuses a list here (its order would decide the instance keys); the loader still expands it.
          diagnostics.push({
            severity: 'error',
            code: 'tf-for-each-list',
            message: `${address}: for_each takes a map or a set of strings, not a list: wrap it in toset()`,
            location: { file, line: forEachAttribute.line },
          });
        }
        if (value.some((item) => isSymbolic(item))) return unknownExpansion();
        const keys = new Set<string>();
        for (const item of value) {
          if (typeof item !== 'string')
            throw new EvalError(`for_each over a set takes strings, got ${typeName(item)}`, forEachAttribute.line);
          keys.add(item);
        }
        return { kind: 'each', entries: [...keys].sort().map((key) => [key, key]) };
      }
      throw new EvalError(`for_each must be a map or a set of strings, got ${typeName(value)}`, forEachAttribute.line);
    }
    return { kind: 'single' };
  }

  function instancesOf(
    expansion: Expansion,
    base: string,
  ): { address: string; key: string | number | undefined; bindings: Map<string, Value> }[] {
    switch (expansion.kind) {
      case 'single':
        return [{ address: base, key: undefined, bindings: new Map() }];
      case 'count':
        return Array.from({ length: expansion.count }, (_, i) => ({
          address: `${base}[${i}]`,
          key: i,
          bindings: new Map<string, Value>([['count', { index: i }]]),
        }));
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

  function collectInstances(
    expansion: Expansion,
    base: string,
    values: Value[],
    keys: (string | number | undefined)[],
  ): Value {
    switch (expansion.kind) {
      case 'single':
        return values[0]!;
      case 'count':
        return values;
      case 'each': {
        const out: Record<string, Value> = {};
        keys.forEach((key, i) => {
          out[String(key)] = values[i]!;
        });
        return out;
      }
      case 'unknown':
        return unknown(base, '');
    }
  }

  function evaluateResource(
    declared: ModuleConfig['resources'] extends Map<string, infer D> ? D : never,
    table: Record<string, Record<string, Value>>,
  ): void {
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
      note(
        'tf-provider-ignored',
        `${type}: resources of the ${type.split('_')[0]} provider are not part of the model and are ignored`,
        file,
        block.line,
      );
    }
    const suppressions: Suppression[] = suppressionsFor(config.files.find((f) => f.file === file)!, block, diagnostics);
    const values: Value[] = [];
    const keys: (string | number | undefined)[] = [];
    const existsWhen = existsWhenOf(block, file);
    for (const item of instancesOf(expansion, base)) {
      const instanceScope = scope.with(item.bindings);
      const attributes: Record<string, Value> = {};
      const locations: Record<string, SourceLocation> = { '': { file, line: block.line } };
      const syntax: Record<string, 'block' | 'attribute'> = {};
      evaluateBody(block.body, instanceScope, '', attributes, locations, syntax, file, item.address, true);
      // A data source the plan read has its values; the arguments written here are the same ones.
      const read = mode === 'data' ? plannedDataSource(session.plan, type, item.address) : undefined;
      const value: Record<string, Value> = { ...read, ...attributes };
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
          dependsOn: [...dependsOnOf(block).map((dep) => prefix + dep), ...(instance.dependsOn ?? [])],
          suppressions,
          ...(existsWhen ? { existsWhen } : {}),
          ...(block.overrideAdded ? { overrideAdded: block.overrideAdded } : {}),
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
      const attributeFile = attribute.file ?? file;
      syntax[key] = 'attribute';
      locations[key] = sourceOf(attribute.expr) ?? { file: attributeFile, line: attribute.line };
      try {
        const value = evaluate(attribute.expr, bodyScope);
        // An argument set to null is an argument not set (Terraform); its location is kept.
        if (value !== null) out[attribute.name] = value;
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error('tf-eval', `${address}: ${attribute.name}: ${e.message}`, attributeFile, e.line ?? attribute.line);
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
        expandDynamic(block, label, bodyScope, path, lists, locations, syntax, block.file ?? file, address);
        continue;
      }
      const current = lists.get(block.type);
      const list = Array.isArray(current) ? current : [];
      if (!Array.isArray(current) && current !== undefined) continue; // an unknown dynamic expansion already stands for all of them
      const index = list.length;
      const nested: Record<string, Value> = {};
      const blockPath = `${path}${block.type}.${index}`;
      const blockFile = block.file ?? file;
      locations[blockPath] = { file: blockFile, line: block.line };
      if (!(path + block.type in locations)) locations[path + block.type] = { file: blockFile, line: block.line };
      syntax[path + block.type] = 'block';
      evaluateBody(block.body, bodyScope, `${blockPath}.`, nested, locations, syntax, blockFile, address, false);
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
        ? Object.keys(collection)
            .sort()
            .map((key) => [key, collection[key]!])
        : [];
    if (!isList(collection) && !isObject(collection)) {
      error(
        'tf-eval',
        `${address}: dynamic "${label}" for_each must be a collection, got ${typeName(collection)}`,
        file,
        forEach.line,
      );
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
    // No blocks at all is no argument, as in Terraform (a required block stays missing).
    if (list.length > 0) lists.set(label, list);
  }

  /** An argument that is just `var.x` (or `var.x.y`) points at where the variable's value was written. */
  function sourceOf(expr: Expr): SourceLocation | undefined {
    const chain = traversal(expr);
    if (chain?.root !== 'var' || !chain.names[0]) return undefined;
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
      if (!local)
        note(
          'tf-module-remote',
          `${base}: the module source ${JSON.stringify(source)} is not local; its resources are not loaded and its outputs are unknown`,
          file,
          block.line,
        );
      session.skipped.push({
        kind: local ? 'missing-module' : 'remote-module',
        source,
        address: base,
        reason: local
          ? 'the module directory does not exist'
          : 'registry, git and other remote modules cannot be fetched here; their resources are not loaded and their outputs are unknown',
        location: { file, line: block.line },
        affects: [],
        inputs: resourcesGiven(config, block, prefix),
      });
      modules[name] = markOrigin({}, base);
      return;
    }
    if (instance.depth >= MAX_MODULE_DEPTH) {
      error(
        'tf-module-depth',
        `${base}: modules nested more than ${MAX_MODULE_DEPTH} deep (does a module call itself?)`,
        file,
        block.line,
      );
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
        error(
          'tf-module-unknown-input',
          `${base}: the module has no variable "${attribute.name}"`,
          file,
          attribute.line,
        );
      }
    }
    const attributes = new Map<string, { expr: Expr; line: number }>();
    for (const attribute of block.body.attributes)
      if (!MODULE_META.has(attribute.name)) attributes.set(attribute.name, attribute);
    const values: Value[] = [];
    const keys: (string | number | undefined)[] = [];
    for (const item of instancesOf(expansion, base)) {
      const segment = item.address.slice(prefix.length + 'module.'.length);
      const childPrefix = `${item.address}.`;
      const childOutputs = instantiate(session, {
        config: childConfig,
        prefix: childPrefix,
        modulePath: [...instance.modulePath, segment],
        caller: {
          scope: scope.with(item.bindings),
          attributes,
          file,
          sourceOf,
          dependencies: dependenciesOf,
          expansion: `${prefix}module.${name}`,
          inputsOf,
          existsWhen: existsWhenOf(block, file),
        },
        depth: instance.depth + 1,
        graph,
        dependsOn: [...(instance.dependsOn ?? []), ...dependsOnOf(block).map((dep) => prefix + dep)],
      });
      for (const output of childConfig.outputs.keys())
        graph.depend(`${prefix}module.${name}.${output}`, `${childPrefix}output.${output}`);
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
    evaluateBody(
      declared.block.body,
      scope,
      '',
      attributes,
      locations,
      syntax,
      declared.file,
      `provider.${declared.name}`,
      false,
    );
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

/**
 * A file's bytes, recorded as evidence; undefined when it does not exist (yet) or is not a file: a zip that
 * archive_file writes during plan is read as an unknown. Any other failure to read is an error.
 */
function readEvidence(session: LoadSession, path: string): Buffer | undefined {
  const absolute = isAbsolute(path) ? path : resolve(session.rootDir, path);
  let bytes: Buffer;
  const missing = () => {
    const address = `file:${path}`;
    if (!session.skipped.some((s) => s.address === address)) {
      session.skipped.push({
        kind: 'missing-file',
        source: path,
        address,
        reason:
          'the file does not exist when the configuration is read (plan may make it); what is read from it is unknown',
        affects: [],
      });
    }
    return undefined;
  };
  try {
    const kept = session.reads?.get(absolute);
    if (kept) bytes = kept;
    else {
      if (!statSync(absolute).isFile()) return missing();
      bytes = readFileSync(absolute);
      session.reads?.set(absolute, bytes);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return missing();
    throw new EvalError(`cannot read ${path}: ${code ?? (e as Error).message}`);
  }
  session.record(absolute, bytes);
  return bytes;
}

/** Files (not directories) under dir, relative to it with `/`, sorted; [] when dir does not exist. */
function listFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (absolute: string, prefix: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(absolute, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * The resources whose values a module call passes in (its arguments' references, followed through locals), as
 * global addresses: a module that is not loaded may configure any of them.
 */
function resourcesGiven(config: ModuleConfig, block: Block, prefix: string): string[] {
  const seen = new Set<string>();
  const pending: string[] = [];
  const collect = (expr: Expr) => {
    const refs = new Set<string>();
    referencesOf(expr, refs);
    for (const ref of refs)
      if (!seen.has(ref)) {
        seen.add(ref);
        pending.push(ref);
      }
  };
  for (const attribute of block.body.attributes) if (!MODULE_META.has(attribute.name)) collect(attribute.expr);
  const out = new Set<string>();
  while (pending.length > 0) {
    const ref = pending.pop()!;
    if (ref.startsWith('local.')) {
      const local = config.locals.get(ref.slice('local.'.length));
      if (local) collect(local.expr);
    } else if (config.resources.get(ref)?.mode === 'resource') out.add(prefix + ref);
  }
  return [...out].sort();
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
        out.add(iterator?.expr.t === 'variable' ? iterator.expr.name : (block.labels[0] ?? ''));
      }
      visit(block.body);
    }
  };
  visit(body);
  return out;
}

const EVALUATOR_OWN = new Set(['try', 'templatestring', 'core::templatestring']);

/**
 * What `evaluate(expr)` gives with `var.<name>` set to the candidate, as a function of the candidate, for an expression
 * made only of literals, `var.<name>`, tuples, function calls, can() and unary and binary operators; undefined for
 * any other. It is the evaluator's own pieces put together once (callFunction, unaryOperation, binaryOperation, and
 * can() catching what the evaluator's can() catches), so it answers as the evaluator does; the test compares the two
 * on every candidate the search asks.
 */
export function candidateFunction(
  expr: Expr,
  name: string,
  fn: FunctionContext,
): ((candidate: string) => Value) | undefined {
  const part = (e: Expr) => candidateFunction(e, name, fn);
  switch (expr.t) {
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'getattr':
      return expr.name === name && expr.object.t === 'variable' && expr.object.name === 'var'
        ? (candidate) => candidate
        : undefined;
    case 'tuple': {
      const items = expr.items.map(part);
      if (!items.every((i) => i !== undefined)) return undefined;
      return (candidate) => items.map((item) => item!(candidate));
    }
    case 'unary': {
      const operand = part(expr.operand);
      const op = expr.op;
      return operand && ((candidate) => unaryOperation(op, operand(candidate)));
    }
    case 'binary': {
      const left = part(expr.left);
      const right = part(expr.right);
      const { op, line } = expr;
      return left && right && ((candidate) => binaryOperation(op, left(candidate), right(candidate), line));
    }
    case 'call': {
      if (expr.expand || EVALUATOR_OWN.has(expr.name)) return undefined;
      const args = expr.args.map(part);
      if (!args.every((a) => a !== undefined)) return undefined;
      if (expr.name === 'can') {
        if (args.length !== 1) return undefined;
        const inner = args[0]!;
        return (candidate) => {
          try {
            inner(candidate);
            return true;
          } catch (error) {
            if (!catchable(error)) throw error;
            return false;
          }
        };
      }
      const called = expr.name;
      return (candidate) =>
        callFunction(
          called,
          args.map((a) => a!(candidate)),
          fn,
        );
    }
    default:
      return undefined;
  }
}

function constantScope(fn: FunctionContext): Scope {
  return new Scope(fn, () => undefined);
}

/** path.module as Terraform gives it: relative to the root module directory (`.` for the root itself). */
function relativeTo(root: string, dir: string): string {
  return relative(root, dir) || '.';
}

/** templatefile(): the file's text is a template evaluated with only the given variables in scope. */
function renderTemplateFile(text: string, vars: ValueObject, file: string, fn: FunctionContext): Value {
  // The text becomes a heredoc, whose body always ends with the newline before its closing line; a sentinel marks
  // where the text itself ended, so a strip marker (`~}`) at its end still eats the text's own trailing newline.
  const delimiter = '__ENCLAVE_TEMPLATE_END__';
  const end = '\u0002';
  const wrapped = `template = <<${delimiter}\n${text}${end}\n${delimiter}\n`;
  const { parsed, diagnostics } = parseHclSync(wrapped, file);
  if (!parsed) {
    const at = diagnostics[0]?.location?.line;
    throw new EvalError(`${file}${at ? `:${at - 1}` : ''}: ${diagnostics[0]?.message ?? 'cannot parse the template'}`);
  }
  const expr = parsed.body.attributes[0]!.expr;
  const scope = new Scope(fn, (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined));
  let value: Value;
  try {
    value = expr.t === 'template' ? evaluateTemplate(expr.parts, scope) : evaluate(expr, scope);
  } catch (e) {
    // The template's own line numbers mean nothing in the calling file: name the template, and let the error take
    // the line of the call.
    if (!(e instanceof EvalError)) throw e;
    throw new EvalError(`${file}${e.line ? `:${e.line - 1}` : ''}: ${e.message}`);
  }
  const withoutEnd = (s: string) => (s.endsWith(`${end}\n`) ? s.slice(0, -end.length - 1) : s);
  if (typeof value === 'string') return withoutEnd(value);
  if (value !== null && typeof value === 'object' && 'parts' in value) {
    const parts = [...(value as { parts: readonly (string | import('../types.ts').UnknownValue)[] }).parts];
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = withoutEnd(last);
    return { kind: 'template', parts: parts.filter((p) => p !== '') };
  }
  return value;
}
