// Our `terraform validate`: every aws_* resource and data block checked against the AWS provider 5.x schema —
// unknown arguments (with a did-you-mean), missing required arguments, blocks written as attributes and the
// reverse, too many single blocks, type mismatches where the value is known, deprecated arguments, and references
// to attributes a resource does not have.
import type { Diagnostic, LoadedStack, RawResource, UnknownValue, Value } from '../load/types.ts';
import { isObjectValue as isPlainObject, isTemplateValue as isTemplate, isUnknownValue as isUnknown, locate } from '../load/values.ts';
import { validateNetworkCidrs } from './cidr-network.ts';
import { deprecationOf } from './deprecations.ts';
import { suggestion } from './did-you-mean.ts';
import { loadProviderSchema, type AttributeType, type ObjectSchema, type ProviderSchema } from './provider-schema.ts';

/** Providers other than aws whose resources we meet in our stacks; they are not validated, and say so once. */
const OTHER_PROVIDERS = /^(archive|random|null|tls|local|time|http|external|terraform)_|^terraform_data$/;

interface Context {
  resource: RawResource;
  diagnostics: Diagnostic[];
}

export function validateTerraform(stack: LoadedStack, schema: ProviderSchema = loadProviderSchema(stack.providerSchema?.major === 6 ? 6 : 5)): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const typeByAddress = new Map<string, { mode: RawResource['mode']; type: string }>();
  for (const resource of stack.resources) typeByAddress.set(baseAddress(resource.address), resource);
  const skippedProviders = new Set<string>();

  for (const resource of stack.resources) {
    if (resource.dialect !== 'terraform') continue;
    const context: Context = { resource, diagnostics };
    if (!resource.type.startsWith('aws_')) {
      const provider = resource.type.split('_')[0]!;
      if (!OTHER_PROVIDERS.test(resource.type) && !skippedProviders.has(provider)) {
        skippedProviders.add(provider);
        diagnostics.push({
          severity: 'note',
          code: 'schema-provider-not-checked',
          message: `${resource.type}: the ${provider} provider's schema is not known to Enclave; its blocks are not validated`,
          location: locate(resource, ''),
        });
      }
    } else {
      const table = resource.mode === 'data' ? schema.dataSources : schema.resources;
      const objectSchema = table[resource.type];
      if (!objectSchema) {
        const kind = resource.mode === 'data' ? 'data source' : 'resource type';
        diagnostics.push({
          severity: 'error',
          code: 'schema-unknown-type',
          message: `${resource.address}: the AWS provider ${schema.providerVersion} has no ${kind} "${resource.type}"${suggestion(resource.type, Object.keys(table))}`,
          location: locate(resource, ''),
        });
      } else {
        validateObject(context, objectSchema, resource.attributes, '', true);
        diagnostics.push(...validateNetworkCidrs(resource));
      }
    }
    checkReferences(context, resource.attributes, '', typeByAddress, schema);
  }
  return diagnostics;
}

function validateObject(context: Context, schema: ObjectSchema, values: { readonly [key: string]: Value }, prefix: string, topLevel: boolean): void {
  const { resource } = context;
  const settable = [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)];
  for (const [name, value] of Object.entries(values)) {
    const path = prefix + name;
    const deprecation = topLevel ? deprecationOf(resource.type, name) : undefined;
    const attribute = schema.attributes[name];
    const block = schema.blocks[name];
    if (!attribute && !block) {
      if (topLevel && schema.computed?.includes(name)) {
        report(context, 'error', 'schema-read-only-argument', path, `"${name}" is read-only on ${resource.type}: it is computed by AWS and cannot be set`);
      } else if (deprecation) {
        report(context, 'error', 'schema-removed-argument', path, `"${name}" was removed from ${resource.type} in AWS provider 5.x; use ${deprecation.instead}`);
      } else {
        report(context, 'error', 'schema-unknown-argument', path, `${resource.type} has no argument "${name}"${suggestion(name, settable)}`);
      }
      continue;
    }
    if (deprecation) {
      report(context, 'warning', 'schema-deprecated-argument', path, `"${name}" on ${resource.type} is deprecated in AWS provider 5.x; use ${deprecation.instead}`);
    }
    const written = resource.syntax?.[path];
    if (attribute) {
      // Terraform's legacy "attributes as blocks" mode: an attribute of list-of-object type (aws_security_group
      // ingress, aws_route_table route, aws_network_acl egress…) may be written with block syntax.
      // `any`: the cdktf bindings (provider 6) type recursive blocks such as wafv2's statement as any.
      if (written === 'block' && !/^(list|set)\(object\)$|^object$|^any$/.test(attribute.type)) {
        report(context, 'error', 'schema-block-not-expected', path, `"${name}" is an argument of ${resource.type}, not a block: write ${name} = …`);
      } else if (written !== 'block') {
        checkType(context, attribute.type, value, path);
      }
      continue;
    }
    if (!block) continue;
    if (written === 'attribute') {
      report(context, 'error', 'schema-attribute-not-expected', path, `"${name}" is a block on ${resource.type}: write ${name} { … } (or a dynamic "${name}" block), not ${name} = …`);
      continue;
    }
    if (isUnknown(value)) continue;
    const instances = Array.isArray(value) ? (value as readonly Value[]) : [value];
    if (block.nesting === 'single' && instances.length > 1) {
      report(context, 'error', 'schema-too-many-blocks', path, `${resource.type} takes at most one "${name}" block; ${instances.length} were written`);
    }
    instances.forEach((instance, index) => {
      if (isPlainObject(instance)) validateObject(context, block.body, instance, `${path}.${index}.`, false);
    });
  }
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (attribute.required && !(name in values)) {
      report(context, 'error', 'schema-missing-argument', prefix.replace(/\.$/, ''), `${resource.type} requires the argument "${name}"${where(prefix)}`);
    } else if (attribute.required && topLevel && resource.overrideAdded?.includes(name)) {
      report(context, 'error', 'schema-missing-argument', '', `${resource.type} requires the argument "${name}" in the block itself: an override file sets it, but Terraform checks required arguments before it merges overrides`);
    }
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && !(name in values)) {
      report(context, 'error', 'schema-missing-block', prefix.replace(/\.$/, ''), `${resource.type} requires at least one "${name}" block${where(prefix)}`);
    }
  }
}

function where(prefix: string): string {
  return prefix ? ` in ${prefix.replace(/\.\d+\.$/, '').replace(/\.\d+\./g, '.')}` : '';
}

function checkType(context: Context, type: AttributeType, value: Value, path: string): void {
  const problem = typeProblem(type, value);
  if (problem) report(context, 'error', 'schema-type-mismatch', path, `"${path}" on ${context.resource.type} must be ${type}: ${problem}`);
}

/** Terraform's own conversions apply: numbers and bools convert to strings, numeric strings to numbers, "true"/"false" to bool. */
function typeProblem(type: AttributeType, value: Value): string | undefined {
  if (value === null || isUnknown(value)) return undefined;
  const template = isTemplate(value);
  switch (true) {
    case type === 'string':
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || template) return undefined;
      return `got ${describe(value)}`;
    case type === 'number':
      if (typeof value === 'number' || template) return undefined;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return undefined;
      return `got ${describe(value)}`;
    case type === 'bool':
      if (typeof value === 'boolean' || template || value === 'true' || value === 'false') return undefined;
      return `got ${describe(value)}`;
    case type.startsWith('list(') || type.startsWith('set('): {
      if (!Array.isArray(value)) return `got ${describe(value)}`;
      const element = type.slice(type.indexOf('(') + 1, -1);
      for (const item of value as readonly Value[]) {
        const problem = typeProblem(element, item);
        if (problem) return `an element ${problem.replace(/^got /, 'is ')}`;
      }
      return undefined;
    }
    case type.startsWith('map('): {
      if (!isPlainObject(value)) return `got ${describe(value)}`;
      const element = type.slice(4, -1);
      for (const [key, item] of Object.entries(value)) {
        const problem = typeProblem(element, item);
        if (problem) return `the value for "${key}" ${problem.replace(/^got /, 'is ')}`;
      }
      return undefined;
    }
    case type === 'object':
      return isPlainObject(value) ? undefined : `got ${describe(value)}`;
    default:
      return undefined;
  }
}

function describe(value: Value): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

// ---- references ------------------------------------------------------------------------------------------------

/** `module.a.aws_subnet.private[0]` → `module.a.aws_subnet.private`; instance keys inside module paths stay. */
function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

function checkReferences(
  context: Context,
  value: Value,
  path: string,
  typeByAddress: Map<string, { mode: RawResource['mode']; type: string }>,
  schema: ProviderSchema,
): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    (value as readonly Value[]).forEach((item, index) => checkReferences(context, item, path ? `${path}.${index}` : String(index), typeByAddress, schema));
    return;
  }
  if (isUnknown(value)) return checkReference(context, value, path, typeByAddress, schema);
  if (isTemplate(value)) {
    for (const part of (value as { parts: readonly (string | UnknownValue)[] }).parts) {
      if (typeof part !== 'string') checkReference(context, part, path, typeByAddress, schema);
    }
    return;
  }
  for (const [key, item] of Object.entries(value as { [key: string]: Value })) {
    checkReferences(context, item, path ? `${path}.${key}` : key, typeByAddress, schema);
  }
}

function checkReference(
  context: Context,
  unknown: UnknownValue,
  path: string,
  typeByAddress: Map<string, { mode: RawResource['mode']; type: string }>,
  schema: ProviderSchema,
): void {
  const target = typeByAddress.get(baseAddress(unknown.address));
  if (!target || !target.type.startsWith('aws_')) return;
  const objectSchema = (target.mode === 'data' ? schema.dataSources : schema.resources)[target.type];
  if (!objectSchema) return;
  const attribute = /^[A-Za-z0-9_-]*/.exec(unknown.attribute)![0];
  if (attribute === '') return;
  const known = [...Object.keys(objectSchema.attributes), ...Object.keys(objectSchema.blocks), ...(objectSchema.computed ?? [])];
  if (known.includes(attribute)) return;
  report(
    context,
    'error',
    'schema-unknown-attribute',
    path,
    `${unknown.address} (${target.type}) has no attribute "${attribute}"${suggestion(attribute, known)}`,
  );
}

// ---- helpers ---------------------------------------------------------------------------------------------------

function report(context: Context, severity: Diagnostic['severity'], code: string, path: string, message: string): void {
  context.diagnostics.push({ severity, code, message: `${context.resource.address}: ${message}`, location: locate(context.resource, path) });
}
