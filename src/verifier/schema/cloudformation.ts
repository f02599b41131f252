// CloudFormation resource properties checked against the CloudFormation resource specification as packaged in
// @aws-cdk/aws-service-spec: unknown resource types and properties (with a did-you-mean), missing required
// properties, type mismatches where the value is known (keeping CloudFormation's tolerance of numeric and boolean
// strings), and Fn::GetAtt of an attribute the resource type does not have.
import { readFileSync } from 'node:fs';
import { assetPath, BUNDLED } from '../assets.ts';
import { gunzipSync } from 'node:zlib';
import type { Diagnostic, LoadedStack, RawResource, UnknownValue, Value } from '../load/types.ts';
import { suggestion } from './did-you-mean.ts';
import { openLazyTables } from './lazy-table.ts';
import {
  isObjectValue as isObject,
  isTemplateValue as isTemplate,
  isUnknownValue as isUnknown,
  locate,
} from '../load/values.ts';

interface SpecType {
  type: string;
  element?: SpecType;
  types?: SpecType[];
  reference?: { $ref: string };
}

interface SpecProperty {
  type: SpecType;
  required?: boolean;
}

interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
  attributes: Record<string, unknown>;
}

interface SpecTypeDefinition {
  $id: string;
  name: string;
  properties: Record<string, SpecProperty>;
}

/** What the validator asks of a table: one entry, and every key (for a did-you-mean). */
interface Lookup<T> {
  get(key: string): T | undefined;
  keys(): Iterable<string>;
}

export interface CloudFormationSpec {
  resources: Lookup<SpecResource>;
  typeDefinitions: Lookup<SpecTypeDefinition>;
}

let cached: CloudFormationSpec | undefined;

function lookup<T>(table: Record<string, unknown>): Lookup<T> {
  return { get: (key) => (Object.hasOwn(table, key) ? (table[key] as T) : undefined), keys: () => Object.keys(table) };
}

/**
 * The specification: in the bundled CLI a lazy table the build wrote (packages/cli/build.mjs: resource types by
 * name, property types by id, each parsed when first read), from the sources the package's own database.
 */
export function loadCloudFormationSpec(): CloudFormationSpec {
  if (cached) return cached;
  if (BUNDLED) {
    const { tables } = openLazyTables(assetPath('aws-service-spec.lazy'));
    cached = { resources: lookup(tables['resources']!), typeDefinitions: lookup(tables['typeDefinitions']!) };
    return cached;
  }
  const data = gunzipSync(readFileSync(assetPath('aws-service-spec.db.json.gz')));
  const db = JSON.parse(data.toString('utf8')) as {
    schema: { resource: { entities: SpecResource[] }; typeDefinition: { entities: SpecTypeDefinition[] } };
  };
  cached = {
    resources: new Map(db.schema.resource.entities.map((r) => [r.cloudFormationType, r])),
    typeDefinitions: new Map(db.schema.typeDefinition.entities.map((t) => [t.$id, t])),
  };
  return cached;
}

interface Context {
  resource: RawResource;
  spec: CloudFormationSpec;
  diagnostics: Diagnostic[];
}

export function validateCloudFormation(
  stack: LoadedStack,
  spec: CloudFormationSpec = loadCloudFormationSpec(),
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const typeOf = new Map(stack.resources.map((r) => [r.address, r.type]));
  for (const resource of stack.resources) {
    if (resource.dialect !== 'cloudformation') continue;
    const context: Context = { resource, spec, diagnostics };
    if (resource.type.startsWith('Custom::') || resource.type === 'AWS::CloudFormation::CustomResource') continue;
    const definition = spec.resources.get(resource.type);
    if (!definition) {
      report(
        context,
        'cfn-unknown-type',
        '',
        `no CloudFormation resource type "${resource.type}"${suggestion(resource.type, spec.resources.keys())}`,
      );
    } else {
      checkProperties(context, definition.properties, resource.attributes, '', resource.type);
    }
    checkAttributes(context, resource.attributes, '', typeOf);
  }
  for (const output of stack.outputs) {
    const pseudo: RawResource = {
      dialect: 'cloudformation',
      mode: 'resource',
      type: 'Output',
      address: `Outputs.${output.name}`,
      name: output.name,
      modulePath: [],
      attributes: {},
      locations: { '': output.location },
      dependsOn: [],
      suppressions: [],
    };
    checkAttributes({ resource: pseudo, spec, diagnostics }, output.value, '', typeOf);
  }
  return diagnostics;
}

function checkProperties(
  context: Context,
  properties: Record<string, SpecProperty>,
  values: { readonly [key: string]: Value },
  prefix: string,
  owner: string,
): void {
  for (const [name, value] of Object.entries(values)) {
    const path = prefix + name;
    const property = properties[name];
    if (!property) {
      report(
        context,
        'cfn-unknown-property',
        path,
        `${owner} has no property "${name}"${suggestion(name, Object.keys(properties))}`,
      );
      continue;
    }
    checkType(context, property.type, value, path);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in values)) {
      report(context, 'cfn-missing-property', prefix.replace(/\.$/, ''), `${owner} requires the property "${name}"`);
    }
  }
}

function checkType(context: Context, type: SpecType, value: Value, path: string): void {
  if (value === null || isUnknown(value)) return;
  const template = isTemplate(value);
  const mismatch = (expected: string) =>
    report(
      context,
      'cfn-type-mismatch',
      path,
      `"${path}" on ${context.resource.type} must be ${expected}, got ${describe(value)}`,
    );
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || template) return;
      return mismatch('a string');
    case 'number':
    case 'integer': {
      if (template) return;
      const number =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(number) || (type.type === 'integer' && !Number.isInteger(number)))
        return mismatch(`a${type.type === 'integer' ? 'n integer' : ' number'}`);
      return;
    }
    case 'boolean':
      if (typeof value === 'boolean' || value === 'true' || value === 'false' || template) return;
      return mismatch('a boolean');
    case 'array':
      if (!Array.isArray(value)) return mismatch('a list');
      for (const [index, item] of (value as readonly Value[]).entries())
        checkType(context, type.element!, item, `${path}.${index}`);
      return;
    case 'map':
      if (!isObject(value)) return mismatch('a map');
      for (const [key, item] of Object.entries(value)) checkType(context, type.element!, item, `${path}.${key}`);
      return;
    case 'ref': {
      const definition = context.spec.typeDefinitions.get(type.reference!.$ref);
      if (!definition) return;
      if (!isObject(value)) return mismatch(`an object (${definition.name})`);
      checkProperties(context, definition.properties, value, `${path}.`, `${context.resource.type}.${definition.name}`);
      return;
    }
    case 'tag':
      if (!isObject(value) || !('Key' in value) || !('Value' in value)) return mismatch('a tag { Key, Value }');
      return;
    case 'union': {
      const probe: Context = { ...context, diagnostics: [] };
      const fits = (type.types ?? []).some((candidate) => {
        probe.diagnostics = [];
        checkType(probe, candidate, value, path);
        return probe.diagnostics.length === 0;
      });
      if (!fits) return mismatch(`one of ${(type.types ?? []).map((t) => t.type).join(' | ')}`);
      return;
    }
    default:
      return; // json, null: anything goes
  }
}

/** Fn::GetAtt of an attribute the target's type does not have. */
function checkAttributes(context: Context, value: Value, path: string, typeOf: Map<string, string>): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [index, item] of (value as readonly Value[]).entries())
      checkAttributes(context, item, path ? `${path}.${index}` : String(index), typeOf);
    return;
  }
  if (isUnknown(value)) return checkAttribute(context, value, path, typeOf);
  if (isTemplate(value)) {
    for (const part of value.parts) if (typeof part !== 'string') checkAttribute(context, part, path, typeOf);
    return;
  }
  for (const [key, item] of Object.entries(value))
    checkAttributes(context, item, path ? `${path}.${key}` : key, typeOf);
}

function checkAttribute(context: Context, unknown: UnknownValue, path: string, typeOf: Map<string, string>): void {
  const attribute = unknown.attribute.replace(/(\[\d+\]|\.split|\.join)+$/, '');
  if (attribute === 'Ref' || attribute === '*') return;
  const type = typeOf.get(unknown.address);
  if (!type || type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return;
  // A nested stack's outputs are its attributes (`Outputs.BucketName`): named unknowns, not loaded.
  if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return;
  const definition = context.spec.resources.get(type);
  if (!definition || attribute in definition.attributes) return;
  report(
    context,
    'cfn-unknown-attribute',
    path,
    `Fn::GetAtt ${unknown.address}.${attribute}: ${type} has no attribute "${attribute}"${suggestion(attribute, Object.keys(definition.attributes))}`,
  );
}

function describe(value: Value): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function report(context: Context, code: string, path: string, message: string): void {
  context.diagnostics.push({
    severity: 'error',
    code,
    message: `${context.resource.address}: ${message}`,
    location: locate(context.resource, path),
  });
}
