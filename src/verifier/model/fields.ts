// Reading evaluated attributes into model fields: each value keeps where it was written and whether it was written
// (explicit), left to the AWS default (default) or only known after apply (unknown).
import type { RawResource, SourceLocation, TemplateValue, UnknownValue, Value } from '../load/types.ts';
import { decodeJson } from '../load/terraform/values.ts';
import type { Field, Ref } from './model.ts';

export { isTemplateValue, isUnknownValue, locate } from '../load/values.ts';
import { isTemplateValue, isUnknownValue, locate } from '../load/values.ts';

/** True when the value is, or contains anywhere, something only apply can tell. */
export function containsUnknown(value: Value | undefined): boolean {
  if (value === null || value === undefined || typeof value !== 'object') return false;
  if (isUnknownValue(value) || isTemplateValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return Object.values(value as Record<string, Value>).some(containsUnknown);
}

/** Renders a value for messages: unknowns as `(known after apply: address.attribute)`. */
export function show(value: Value | undefined): string {
  if (value === undefined) return '(not set)';
  if (isUnknownValue(value)) return `(known after apply: ${value.address}.${value.attribute})`;
  if (isTemplateValue(value)) return value.parts.map((part) => (typeof part === 'string' ? part : `\${${part.address}.${part.attribute}}`)).join('');
  return JSON.stringify(value);
}

/** The object at a dotted path; numeric segments index lists. A Terraform nested block (a list of one) is entered at 0 when the segment is not numeric. */
export function at(attributes: { readonly [key: string]: Value } | Value | undefined, path: string): Value | undefined {
  let current: Value | undefined = attributes as Value;
  if (path === '') return current;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (isUnknownValue(current) || isTemplateValue(current)) return current;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(segment)) current = current[Number(segment)];
      else {
        const first: Value | undefined = current[0];
        if (first === null || first === undefined || typeof first !== 'object' || Array.isArray(first)) return undefined;
        current = (first as Record<string, Value>)[segment];
      }
    } else current = (current as Record<string, Value>)[segment];
  }
  return current;
}

/** Normalises the path to the shape locations use: TF nested blocks are indexed (`a.0.b`). */
function locationPath(raw: RawResource, attributes: Value | undefined, path: string): string {
  if (raw.dialect === 'cloudformation') return path;
  const out: string[] = [];
  let current: Value | undefined = attributes;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && !/^\d+$/.test(segment)) {
      out.push('0');
      current = current[0];
    }
    out.push(segment);
    current = current !== null && typeof current === 'object' && !Array.isArray(current) && !isUnknownValue(current) && !isTemplateValue(current)
      ? (current as Record<string, Value>)[segment]
      : Array.isArray(current) && /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
  }
  return out.join('.');
}

type Converter<T> = (value: Value) => T | undefined;

export const asString: Converter<string> = (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const asNumber: Converter<number> = (v) =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
/** A list of known strings; undefined (unknown) when the list or an element is known only after apply. */
export const asStringList: Converter<string[]> = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])] : undefined;
export const asBoolean: Converter<boolean> = (v) =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

/**
 * A field read from `raw.attributes` at `path` (or from `source`, a sibling resource such as a Terraform
 * aws_s3_bucket_versioning, when given). `fallback` is the AWS default when the argument is absent.
 */
export function field<T>(raw: RawResource, path: string, convert: Converter<T>, fallback?: T, source: { attrs?: Value; raw?: RawResource } = {}): Field<T> {
  const owner = source.raw ?? raw;
  const attrs = source.attrs ?? (owner.attributes as Value);
  const value = at(attrs, path);
  if (value === undefined || value === null) {
    return { value: fallback, provenance: 'default', location: locate(owner, source.attrs !== undefined ? '' : locationPath(owner, attrs, path)) };
  }
  const location = locate(owner, source.attrs !== undefined ? '' : locationPath(owner, attrs, path));
  if (isUnknownValue(value) || isTemplateValue(value)) return { value: undefined, provenance: 'unknown', location, unknown: value };
  const converted = convert(value);
  if (converted === undefined) return { value: undefined, provenance: 'unknown', location, unknown: value };
  return { value: converted, provenance: 'explicit', location };
}

export function defaultField<T>(value: T | undefined, location: SourceLocation): Field<T> {
  return { value, provenance: 'default', location };
}

export function knownField<T>(value: T, location: SourceLocation): Field<T> {
  return { value, provenance: 'explicit', location };
}

/** A list at `path`: each element, or [] when absent. */
export function list(raw: RawResource | { attributes: Value }, path: string): Value[] {
  const value = at((raw as { attributes: Value }).attributes, path);
  if (Array.isArray(value)) return [...value];
  if (value === undefined || value === null) return [];
  return [value];
}

/** Objects of a (nested block) list at `path`. */
export function objects(value: Value | undefined): Record<string, Value>[] {
  if (!Array.isArray(value)) return value && typeof value === 'object' && !isUnknownValue(value) && !isTemplateValue(value) ? [value as Record<string, Value>] : [];
  return value.filter((v): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknownValue(v) && !isTemplateValue(v));
}

/**
 * A reference to another resource. Terraform `aws_vpc.this.id` and CloudFormation `{"Ref": "Vpc"}` are unknowns
 * that name their target; `resolve` maps the unknown's address to the model address (which may be a resource of
 * another type, e.g. a bucket named by its `bucket` attribute). Literal ids stay literals.
 */
export function refOf(value: Value | undefined, location: SourceLocation, addresses: ReadonlySet<string>): Ref {
  if (value === undefined || value === null) return { provenance: 'default', location };
  if (isUnknownValue(value)) {
    const target = targetOf(value, addresses);
    if (target) return { target: target.address, attribute: target.attribute, provenance: 'explicit', location };
    return { unknown: value, provenance: 'unknown', location };
  }
  if (isTemplateValue(value)) {
    // "${aws_s3_bucket.x.arn}/*" or "arn:aws:s3:::${aws_s3_bucket.x.id}": the single unknown part names the target.
    const unknowns = value.parts.filter(isUnknownValue);
    const only = unknowns.length === 1 ? targetOf(unknowns[0]!, addresses) : undefined;
    if (only) return { target: only.address, attribute: only.attribute, provenance: 'explicit', location };
    return { unknown: value, provenance: 'unknown', location };
  }
  if (typeof value === 'string') return { literal: value, provenance: 'explicit', location };
  return { unknown: { kind: 'unknown', address: 'value', attribute: show(value) }, provenance: 'unknown', location };
}

/**
 * The model address an unknown names. A resource whose count or for_each is known only after apply is one instance
 * `x[*]` standing for all of them; `x[0].id`, `x[*].id` and `element(x[*].id, i)` arrive as an unknown named `x`
 * with the index in the attribute (`[0].id`, `[*].id`, ``) and refer to that instance.
 */
function targetOf(value: UnknownValue, addresses: ReadonlySet<string>): { address: string; attribute: string } | undefined {
  if (addresses.has(value.address)) return { address: value.address, attribute: value.attribute };
  const all = `${value.address}[*]`;
  if (addresses.has(all)) return { address: all, attribute: value.attribute.replace(/^\[[^\]]*\]\.?/, '') || 'id' };
  return undefined;
}

export function refAt(raw: RawResource, path: string, addresses: ReadonlySet<string>): Ref {
  return refOf(at(raw.attributes, path), locate(raw, locationPath(raw, raw.attributes as Value, path)), addresses);
}

export function refsAt(raw: RawResource, path: string, addresses: ReadonlySet<string>): Ref[] {
  const value = at(raw.attributes, path);
  const location = locate(raw, locationPath(raw, raw.attributes as Value, path));
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => refOf(v, location, addresses));
  // A whole list known only after apply (`aws_subnet.private[*].id` of an unknown count).
  return [refOf(value, location, addresses)];
}

/**
 * A JSON document (an EventBridge pattern) as a structure: a JSON string (Terraform jsonencode) or a template of
 * JSON text with unknowns inside (decoded with the unknowns in place); CloudFormation objects as they are.
 */
export function jsonField(raw: RawResource, path: string): Field<Value> {
  const value = at(raw.attributes, path);
  const location = locate(raw, path);
  if (value === undefined || value === null) return { value: undefined, provenance: 'default', location };
  const doc = isUnknownValue(value) ? undefined : typeof value === 'string' || isTemplateValue(value) ? decodeJson(value) ?? value : value;
  if (doc === undefined || typeof doc === 'string' || isTemplateValue(doc) || isUnknownValue(doc)) return { value: undefined, provenance: 'unknown', location, unknown: value };
  return { value: doc, provenance: 'explicit', location };
}
