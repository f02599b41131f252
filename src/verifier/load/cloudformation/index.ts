// The CloudFormation loader: a JSON template (with positions) → LoadedStack. Parameters (defaults and overrides),
// Conditions, Mappings and the intrinsic functions are evaluated; what only a deployment can know stays a named
// unknown. Missing Ref/GetAtt/DependsOn targets and circular dependencies are errors.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { longestAccepted, type InputBound } from '../inputs.ts';
import type {
  Diagnostic,
  LoadedOutput,
  LoadedStack,
  RawResource,
  SourceLocation,
  Suppression,
  Value,
} from '../types.ts';
import { fail, isUnknown, NO_VALUE, unknown, type EvalContext, type Evaluate } from './context.ts';
import { evaluateCondition } from './intrinsics/conditions.ts';
import { INTRINSICS } from './intrinsics/index.ts';
import { expandForEach, LANGUAGE_EXTENSIONS } from './transforms/language-extensions.ts';
import { applySam, SAM_TRANSFORM } from './transforms/sam.ts';
import { linkSkipped, unknownsIn } from '../values.ts';
import { JsonSyntaxError, parseJsonWithPositions, plain, type JsonNode } from './json-positions.ts';

export interface CloudFormationOptions {
  /** Parameter overrides, as the CLI's --parameter-overrides would give them (strings). */
  parameters?: Record<string, string>;
  /** AWS::Region; unknown when not given. */
  region?: string;
  stackName?: string;
  /** Paths in locations are relative to this (default: process.cwd()). */
  cwd?: string;
}

type ObjectNode = Extract<JsonNode, { type: 'object' }>;

/** Intrinsics CloudFormation accepts only under AWS::LanguageExtensions. */
const LANGUAGE_EXTENSION_INTRINSICS = new Set(['Fn::Length', 'Fn::ToJsonString']);

export const evaluate: Evaluate = (node, ctx) => {
  switch (node.type) {
    case 'object': {
      if (node.entries.size === 1) {
        const [name, entry] = [...node.entries][0]!;
        const intrinsic = INTRINSICS.get(name);
        if (intrinsic && LANGUAGE_EXTENSION_INTRINSICS.has(name) && !ctx.languageExtensions) {
          return fail(ctx, node.line, 'cfn-unsupported-intrinsic', `${name} needs Transform: AWS::LanguageExtensions`);
        }
        if (intrinsic) return intrinsic.evaluate(entry.value, ctx, evaluate, node.line);
        if (name.startsWith('Fn::'))
          return fail(ctx, node.line, 'cfn-unsupported-intrinsic', `${name} is not supported by Enclave's loader`);
      }
      const out: Record<string, Value> = {};
      for (const [key, entry] of node.entries) {
        const value = evaluate(entry.value, ctx);
        if (value !== NO_VALUE) out[key] = value;
      }
      return out;
    }
    case 'array':
      return node.items.map((item) => evaluate(item, ctx)).filter((value) => value !== NO_VALUE);
    default:
      return node.value;
  }
};

export async function loadCloudFormation(file: string, options: CloudFormationOptions = {}): Promise<LoadedStack> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, file);
  const display = relative(cwd, absolute) || absolute;
  const stack: LoadedStack = {
    dialect: 'cloudformation',
    root: display,
    resources: [],
    outputs: [],
    diagnostics: [],
    files: [],
  };
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    stack.diagnostics.push({
      severity: 'error',
      code: 'cfn-read',
      unreadable: true,
      message: `cannot read ${display}: ${(error as Error).message}`,
    });
    return stack;
  }
  stack.files.push({ path: display, sha256: createHash('sha256').update(text).digest('hex') });
  let root: JsonNode;
  // A template is JSON when it reads as one; otherwise YAML (the form most templates are written in).
  const json = text.trimStart().startsWith('{') || /\.json$/i.test(display);
  // The YAML parser is loaded only for YAML: a JSON template never pays for it.
  const yaml = json ? undefined : await import('./yaml-positions.ts');
  try {
    root = yaml ? yaml.parseYamlWithPositions(text) : parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      stack.diagnostics.push({
        severity: 'error',
        code: 'cfn-json-syntax',
        unreadable: true,
        message: `invalid JSON: ${error.message}`,
        location: { file: display, line: error.line, column: error.column },
      });
      return stack;
    }
    if (yaml && error instanceof yaml.YamlSyntaxError) {
      stack.diagnostics.push({
        severity: 'error',
        code: 'cfn-yaml-syntax',
        unreadable: true,
        message: `invalid YAML: ${error.message}`,
        location: { file: display, line: error.line, column: error.column },
      });
      return stack;
    }
    throw error;
  }
  loadTemplate(root, display, options, stack);
  return stack;
}

export function loadTemplate(root: JsonNode, file: string, options: CloudFormationOptions, stack: LoadedStack): void {
  const diagnostics = stack.diagnostics;
  const error = (code: string, message: string, line?: number) =>
    diagnostics.push({ severity: 'error', code, message, ...(line !== undefined ? { location: { file, line } } : {}) });
  if (root.type !== 'object') return void error('cfn-structure', 'a template must be a JSON object', root.line);
  const section = (name: string): ObjectNode | undefined => {
    const node = root.entries.get(name)?.value;
    if (node === undefined) return undefined;
    if (node.type !== 'object') return void error('cfn-structure', `${name} must be an object`, node.line);
    return node;
  };
  const region = options.region ?? regionFromRules(section('Rules'), diagnostics, file);
  if (region !== undefined) stack.region = region;
  const ctx: EvalContext = {
    file,
    parameters: new Map(),
    parameterNames: new Set(),
    resourceIds: new Set(),
    mappings: section('Mappings'),
    conditionValue: () => undefined,
    region,
    stackName: options.stackName,
    references: new Set(),
    diagnostics,
  };
  stack.skipped ??= [];
  ctx.skipped = stack.skipped;
  loadParameters(section('Parameters'), options.parameters ?? {}, ctx);
  stack.inputs = parameterBounds(section('Parameters'), file);
  if (!applyTransforms(root, file, ctx, stack)) return finishSkipped(stack);
  const resourcesNode = section('Resources');
  if (!resourcesNode || resourcesNode.entries.size === 0)
    return void error('cfn-structure', 'a template needs a non-empty Resources section', root.line);
  ctx.resourceIds = new Set(resourcesNode.entries.keys());

  // Conditions, evaluated on demand with memoisation; a condition that refers back to itself is an error.
  const conditionsNode = section('Conditions');
  const conditionCache = new Map<string, boolean | undefined>();
  const evaluating = new Set<string>();
  ctx.conditionValue = (name, line) => {
    if (conditionCache.has(name)) return conditionCache.get(name);
    const node = conditionsNode?.entries.get(name)?.value;
    if (!node) {
      error('cfn-condition-missing', `condition "${name}" is not defined in Conditions`, line);
      return undefined;
    }
    if (evaluating.has(name)) {
      error('cfn-condition-cycle', `condition "${name}" depends on itself`, node.line);
      return undefined;
    }
    evaluating.add(name);
    const value = evaluateCondition(node, ctx, evaluate);
    evaluating.delete(name);
    conditionCache.set(name, value);
    return value;
  };
  for (const name of conditionsNode?.entries.keys() ?? []) ctx.conditionValue(name, conditionsNode!.line);
  // The parameters behind a condition: what the stack's user sets to decide whether its resources exist.
  const inputsOfCondition = (name: string, seen: Set<string>): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    const out = new Set<string>();
    const walk = (node: JsonNode | undefined): void => {
      if (!node) return;
      if (node.type === 'array') node.items.forEach(walk);
      if (node.type !== 'object') return;
      for (const [key, { value }] of node.entries) {
        if (key === 'Ref' && value.type === 'string' && ctx.parameterNames.has(value.value)) out.add(value.value);
        else if (key === 'Condition' && value.type === 'string')
          for (const p of inputsOfCondition(value.value, seen)) out.add(p);
        else walk(value);
      }
    };
    walk(conditionsNode?.entries.get(name)?.value);
    return [...out].sort();
  };
  ctx.conditionInputs = (name) => inputsOfCondition(name, new Set());

  const edges = new Map<string, Set<string>>();
  for (const [logicalId, entry] of resourcesNode.entries) {
    const resource = loadResource(logicalId, entry.value, entry.keyLine, ctx, edges);
    if (resource) stack.resources.push(resource);
  }
  reportCycles(edges, resourcesNode, ctx);
  // A nested stack's template is not loaded: what it creates is not in the model, its outputs are named unknowns.
  for (const resource of stack.resources) {
    if (resource.type !== 'AWS::CloudFormation::Stack') continue;
    const url = resource.attributes['TemplateURL'];
    (stack.skipped ??= []).push({
      kind: 'nested-stack',
      source: typeof url === 'string' ? url : 'TemplateURL',
      address: resource.address,
      reason: "a nested stack's template is not loaded: its resources are not verified and its outputs are unknown",
      location: resource.locations[''],
      affects: [],
      // The resources its parameters name: its template may configure them (a policy on a bucket it is given).
      inputs: [
        ...new Set(
          unknownsIn(resource.attributes['Parameters'] ?? null)
            .map((u) => u.address)
            .filter((a) => stack.resources.some((r) => r.address === a)),
        ),
      ].sort(),
    });
  }

  for (const [name, entry] of section('Outputs')?.entries ?? []) {
    const output = loadOutput(name, entry.value, entry.keyLine, ctx);
    if (output) stack.outputs.push(output);
  }
  finishSkipped(stack);
}

/** The skipped list with what each entry affects, or no list when nothing was skipped. */
function finishSkipped(stack: LoadedStack): void {
  if (stack.skipped && stack.skipped.length === 0) delete stack.skipped;
  else linkSkipped(stack);
}

/**
 * The template's transforms, applied in the order written: AWS::LanguageExtensions (Fn::ForEach expanded, needing
 * the parameters) and the SAM transform (AWS::Serverless-2016-10-31). Any other transform (a macro, AWS::Include)
 * could rewrite anything, so the template cannot be verified: an error, and it is listed as not loaded. Returns
 * false when loading cannot go on.
 */
function applyTransforms(root: ObjectNode, file: string, ctx: EvalContext, stack: LoadedStack): boolean {
  const entry = root.entries.get('Transform');
  if (!entry) return true;
  const names =
    entry.value.type === 'string' ? [entry.value] : entry.value.type === 'array' ? entry.value.items : [entry.value];
  let ok = true;
  for (const nameNode of names) {
    const name =
      nameNode.type === 'string'
        ? nameNode.value
        : nameNode.type === 'object'
          ? String(plain(nameNode.entries.get('Name')?.value ?? nameNode))
          : '?';
    if (name === LANGUAGE_EXTENSIONS) {
      ctx.languageExtensions = true;
      for (const section of ['Resources', 'Outputs', 'Conditions']) {
        const node = root.entries.get(section);
        if (node)
          node.value = expandForEach(node.value, (collection) => evaluate(collection, ctx), file, ctx.diagnostics);
      }
    } else if (name === SAM_TRANSFORM) {
      ctx.refAliases = applySam(root, file, ctx.diagnostics);
    } else {
      ctx.diagnostics.push({
        severity: 'error',
        code: 'cfn-transform',
        message: `the transform ${name} (a macro or AWS::Include) can rewrite anything in the template; Enclave cannot expand it, so the template cannot be verified`,
        location: { file, line: nameNode.line },
      });
      (stack.skipped ??= []).push({
        kind: 'transform',
        source: name,
        address: '*',
        reason: 'a transform Enclave cannot expand rewrites the template before CloudFormation reads it',
        location: { file, line: nameNode.line },
        affects: [],
      });
      ok = false;
    }
  }
  root.entries.delete('Transform');
  return ok;
}

/**
 * A template whose Rules section unconditionally asserts `Fn::Equals [Ref AWS::Region, "<region>"]` cannot be deployed
 * anywhere else, so AWS::Region is known: CloudFormation refuses the stack in any other region.
 */
function regionFromRules(rules: ObjectNode | undefined, diagnostics: Diagnostic[], file: string): string | undefined {
  for (const [name, { value: rule }] of rules?.entries ?? []) {
    if (rule.type !== 'object' || rule.entries.has('RuleCondition')) continue;
    const assertions = rule.entries.get('Assertions')?.value;
    if (assertions?.type !== 'array') continue;
    for (const assertion of assertions.items) {
      const test = assertion.type === 'object' ? assertion.entries.get('Assert')?.value : undefined;
      const equals =
        test?.type === 'object' && test.entries.size === 1 ? test.entries.get('Fn::Equals')?.value : undefined;
      if (equals?.type !== 'array' || equals.items.length !== 2) continue;
      const isRegionRef = (node: JsonNode) =>
        node.type === 'object' &&
        node.entries.size === 1 &&
        node.entries.get('Ref')?.value.type === 'string' &&
        (node.entries.get('Ref')!.value as { value: string }).value === 'AWS::Region';
      const [a, b] = equals.items as [JsonNode, JsonNode];
      const literal =
        isRegionRef(a) && b.type === 'string' ? b.value : isRegionRef(b) && a.type === 'string' ? a.value : undefined;
      if (literal) {
        diagnostics.push({
          severity: 'note',
          code: 'cfn-region-from-rules',
          message: `AWS::Region is ${literal}: rule ${name} refuses any other region`,
          location: { file, line: assertion.line },
        });
        return literal;
      }
    }
  }
  return undefined;
}

/** String parameters with an AllowedPattern or MaxLength: the longest value each accepts (see ../inputs.ts). */
function parameterBounds(node: ObjectNode | undefined, file: string): InputBound[] {
  const out: InputBound[] = [];
  for (const [name, entry] of node?.entries ?? []) {
    if (entry.value.type !== 'object') continue;
    const definition = entry.value;
    const field = (key: string) => definition.entries.get(key)?.value;
    const type = field('Type');
    if (type?.type !== 'string' || type.value !== 'String') continue;
    const pattern = field('AllowedPattern');
    const max = field('MaxLength');
    const allowed = field('AllowedValues');
    if (pattern?.type !== 'string' && max === undefined && allowed?.type !== 'array') continue;
    const location = { file, line: entry.keyLine };
    if (allowed?.type === 'array') {
      const values = allowed.items.map((item) => String(plain(item)));
      out.push({
        name,
        longest: values.reduce<string | undefined>(
          (a, v) => (a === undefined || v.length > a.length ? v : a),
          undefined,
        ),
        unbounded: false,
        location,
      });
      continue;
    }
    const regex = pattern?.type === 'string' ? new RegExp(`^(?:${pattern.value})$`) : undefined;
    const maxLength =
      max !== undefined && (max.type === 'number' || max.type === 'string') ? Number(max.value) : undefined;
    out.push({
      name,
      ...longestAccepted((c) => (regex ? regex.test(c) : true) && (maxLength === undefined || c.length <= maxLength)),
      location,
    });
  }
  return out;
}

function loadParameters(node: ObjectNode | undefined, overrides: Record<string, string>, ctx: EvalContext): void {
  for (const name of Object.keys(overrides)) {
    if (!node?.entries.has(name)) {
      ctx.diagnostics.push({
        severity: 'error',
        code: 'cfn-parameter-unknown',
        message: `parameter override "${name}" names no parameter of the template`,
      });
    }
  }
  for (const [name, entry] of node?.entries ?? []) {
    ctx.parameterNames.add(name);
    const definition = entry.value;
    if (definition.type !== 'object') {
      fail(ctx, entry.keyLine, 'cfn-structure', `parameter ${name} must be an object`);
      continue;
    }
    const field = (key: string) => definition.entries.get(key)?.value;
    const typeNode = field('Type');
    const type = typeNode?.type === 'string' ? typeNode.value : undefined;
    if (!type) fail(ctx, entry.keyLine, 'cfn-parameter-type', `parameter ${name} needs a Type`);
    const defaultNode = field('Default');
    const raw =
      overrides[name] ??
      (defaultNode && defaultNode.type !== 'object' && defaultNode.type !== 'array'
        ? String(defaultNode.value)
        : undefined);
    if (raw === undefined || type === undefined) continue;
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      ctx.parameters.set(name, unknown(name, 'Ref'));
      continue;
    }
    const allowed = field('AllowedValues');
    if (allowed?.type === 'array' && !allowed.items.some((item) => String(plain(item)) === raw)) {
      fail(ctx, entry.keyLine, 'cfn-parameter-value', `parameter ${name}: "${raw}" is not one of its AllowedValues`);
    }
    const pattern = field('AllowedPattern');
    if (pattern?.type === 'string' && !new RegExp(`^(?:${pattern.value})$`).test(raw)) {
      fail(ctx, entry.keyLine, 'cfn-parameter-value', `parameter ${name}: "${raw}" does not match its AllowedPattern`);
    }
    if (type === 'Number') {
      const number = Number(raw);
      if (!Number.isFinite(number))
        fail(ctx, entry.keyLine, 'cfn-parameter-value', `parameter ${name} is a Number but "${raw}" is not`);
      ctx.parameters.set(name, number);
    } else if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
      ctx.parameters.set(name, raw === '' ? [] : raw.split(',').map((s) => s.trim()));
    } else {
      ctx.parameters.set(name, raw);
    }
  }
}

function loadResource(
  logicalId: string,
  node: JsonNode,
  keyLine: number,
  ctx: EvalContext,
  edges: Map<string, Set<string>>,
): RawResource | undefined {
  const at = (line: number): SourceLocation => ({ file: ctx.file, line });
  if (!/^[A-Za-z0-9]+$/.test(logicalId))
    fail(ctx, keyLine, 'cfn-logical-id', `logical id "${logicalId}" must be alphanumeric`);
  if (node.type !== 'object') {
    fail(ctx, keyLine, 'cfn-structure', `resource ${logicalId} must be an object`);
    return undefined;
  }
  const field = (key: string) => node.entries.get(key);
  const typeNode = field('Type')?.value;
  if (typeNode?.type !== 'string') {
    fail(ctx, keyLine, 'cfn-structure', `resource ${logicalId} needs a Type`);
    return undefined;
  }
  const dependencies = new Set<string>();
  edges.set(logicalId, dependencies);

  const conditionNode = field('Condition')?.value;
  let existsWhen: RawResource['existsWhen'];
  if (conditionNode) {
    if (conditionNode.type !== 'string')
      fail(ctx, conditionNode.line, 'cfn-structure', `resource ${logicalId}: Condition must name a condition`);
    else {
      const inputs = ctx.conditionInputs?.(conditionNode.value) ?? [];
      if (inputs.length > 0) existsWhen = { inputs, location: at(conditionNode.line) };
      const value = ctx.conditionValue(conditionNode.value, conditionNode.line);
      if (value === false) {
        ctx.diagnostics.push({
          severity: 'note',
          code: 'cfn-condition-false',
          message: `${logicalId} is not created: condition ${conditionNode.value} is false`,
          location: at(keyLine),
        });
        return undefined;
      }
      if (value === undefined) {
        ctx.diagnostics.push({
          severity: 'note',
          code: 'cfn-condition-unknown',
          message: `${logicalId} is analysed as created, but its condition ${conditionNode.value} depends on values unknown before deployment`,
          location: at(keyLine),
        });
      }
    }
  }

  const dependsOn: string[] = [];
  const dependsNode = field('DependsOn')?.value;
  if (dependsNode) {
    const names = dependsNode.type === 'string' ? [dependsNode] : dependsNode.type === 'array' ? dependsNode.items : [];
    if (dependsNode.type !== 'string' && dependsNode.type !== 'array')
      fail(ctx, dependsNode.line, 'cfn-structure', `${logicalId}: DependsOn must be a name or a list of names`);
    for (const name of names) {
      if (name.type !== 'string')
        fail(ctx, name.line, 'cfn-structure', `${logicalId}: DependsOn entries must be names`);
      else if (!ctx.resourceIds.has(name.value))
        fail(
          ctx,
          name.line,
          'cfn-dependson-missing',
          `${logicalId} DependsOn "${name.value}", which is not a resource in this template`,
        );
      else {
        dependsOn.push(name.value);
        dependencies.add(name.value);
      }
    }
  }

  ctx.references = new Set();
  const propertiesNode = field('Properties')?.value;
  let attributes: Record<string, Value> = {};
  const locations: Record<string, SourceLocation> = { '': at(keyLine) };
  if (propertiesNode) {
    if (propertiesNode.type !== 'object')
      fail(ctx, propertiesNode.line, 'cfn-structure', `${logicalId}: Properties must be an object`);
    else {
      const value = evaluate(propertiesNode, ctx);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isUnknown(value))
        attributes = value as Record<string, Value>;
      recordLocations(propertiesNode, '', locations, ctx.file);
    }
  }
  const metadataNode = field('Metadata')?.value;
  const metadata = metadataNode ? (evaluate(metadataNode, ctx) as { [key: string]: Value }) : undefined;
  for (const reference of ctx.references) dependencies.add(reference);

  const resource: RawResource = {
    dialect: 'cloudformation',
    mode: 'resource',
    type: typeNode.value,
    address: logicalId,
    name: logicalId,
    modulePath: [],
    attributes,
    locations,
    dependsOn,
    suppressions: metadataNode ? suppressionsOf(metadataNode, logicalId, ctx) : [],
  };
  if (metadata) resource.metadata = metadata;
  if (existsWhen) resource.existsWhen = existsWhen;
  for (const name of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const policyNode = field(name)?.value;
    if (!policyNode) continue;
    const value = evaluate(policyNode, ctx);
    const allowed =
      name === 'DeletionPolicy'
        ? ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']
        : ['Delete', 'Retain', 'Snapshot'];
    if (typeof value === 'string' && !allowed.includes(value))
      fail(
        ctx,
        policyNode.line,
        'cfn-structure',
        `${logicalId}: ${name} must be one of ${allowed.join(', ')}, got "${value}"`,
      );
    (resource.policies ??= {})[name] = value;
  }
  return resource;
}

/**
 * Locations of every property path as written (not inside intrinsic functions, whose result has no shape of its own).
 */
function recordLocations(
  node: JsonNode,
  prefix: string,
  locations: Record<string, SourceLocation>,
  file: string,
): void {
  if (node.type === 'object') {
    if (node.entries.size === 1 && INTRINSICS.has([...node.entries.keys()][0]!)) return;
    for (const [key, entry] of node.entries) {
      const path = prefix ? `${prefix}.${key}` : key;
      locations[path] = { file, line: entry.keyLine };
      recordLocations(entry.value, path, locations, file);
    }
  } else if (node.type === 'array') {
    node.items.forEach((item, index) => {
      const path = prefix ? `${prefix}.${index}` : String(index);
      locations[path] = { file, line: item.line };
      recordLocations(item, path, locations, file);
    });
  }
}

/** Suppressions: Metadata { "enclave": { "ignore": [ { "rule", "reason", "expires": "YYYY-MM-DD" } ] } }. */
function suppressionsOf(metadata: JsonNode, logicalId: string, ctx: EvalContext): Suppression[] {
  if (metadata.type !== 'object') return [];
  const enclave = metadata.entries.get('enclave')?.value;
  if (!enclave) return [];
  const list = enclave.type === 'object' ? enclave.entries.get('ignore')?.value : undefined;
  if (!list) return [];
  if (list.type !== 'array') {
    fail(ctx, list.line, 'suppression-malformed', `${logicalId}: Metadata.enclave.ignore must be a list`);
    return [];
  }
  const result: Suppression[] = [];
  for (const item of list.items) {
    const entry = plain(item) as { rule?: unknown; reason?: unknown; expires?: unknown };
    const valid =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.rule === 'string' &&
      entry.rule !== '' &&
      typeof entry.reason === 'string' &&
      entry.reason.trim() !== '' &&
      typeof entry.expires === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(entry.expires) &&
      !Number.isNaN(Date.parse(entry.expires));
    if (!valid) {
      fail(
        ctx,
        item.line,
        'suppression-malformed',
        `${logicalId}: a suppression needs "rule", a non-empty "reason" and "expires" as YYYY-MM-DD`,
      );
      continue;
    }
    result.push({
      ruleId: entry.rule as string,
      reason: entry.reason as string,
      expires: entry.expires as string,
      location: { file: ctx.file, line: item.line },
    });
  }
  return result;
}

function loadOutput(name: string, node: JsonNode, keyLine: number, ctx: EvalContext): LoadedOutput | undefined {
  if (node.type !== 'object') {
    fail(ctx, keyLine, 'cfn-structure', `output ${name} must be an object`);
    return undefined;
  }
  const conditionNode = node.entries.get('Condition')?.value;
  if (conditionNode?.type === 'string' && ctx.conditionValue(conditionNode.value, conditionNode.line) === false)
    return undefined;
  const valueNode = node.entries.get('Value')?.value;
  if (!valueNode) {
    fail(ctx, keyLine, 'cfn-structure', `output ${name} needs a Value`);
    return undefined;
  }
  ctx.references = new Set();
  const description = node.entries.get('Description')?.value;
  const output: LoadedOutput = {
    name,
    value: evaluate(valueNode, ctx),
    sensitive: false,
    location: { file: ctx.file, line: keyLine },
  };
  if (description?.type === 'string') output.description = description.value;
  return output;
}

/** Circular dependencies through Ref, Fn::GetAtt, Fn::Sub and DependsOn, each cycle named once. */
function reportCycles(edges: Map<string, Set<string>>, resources: ObjectNode, ctx: EvalContext): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const line = resources.entries.get(cycle[0]!)!.keyLine;
          fail(ctx, line, 'cfn-circular-dependency', `circular dependency: ${[...cycle, next].join(' → ')}`);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of edges.keys()) if (!state.has(id)) visit(id);
}

export type { Diagnostic };
