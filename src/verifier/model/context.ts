// What a service adapter works with: the raw resources of one dialect, the addresses in the model (so references
// resolve), the collections it fills, and the policy documents it hands to the IAM pass (model/iam/link.ts), which
// reads them once every resource has its name.
import type { Diagnostic, RawResource, SourceLocation, Value } from '../load/types.ts';
import { at, isTemplateValue, isUnknownValue, locate, refAt } from './fields.ts';
import type { PolicyDoc } from './iam/policy.ts';
import type { AttachedPolicy, Base, ModelCollections, Ref, Tags, Unattached } from './model.ts';

/** A policy document as written, to be read into statements when every name and ARN is known. */
export interface PendingPolicy {
  value: Value | undefined;
  raw: RawResource;
  /** The argument it was written in (`policy`, `PolicyDocument`, `inline_policy.0.policy`). */
  path: string;
  origin: string;
  /** Statement locations: CloudFormation statements each have their own; a Terraform string has one. */
  perStatement: boolean;
  apply(document: PolicyDoc): void;
}

/** A managed policy attached by ARN (or by reference), resolved once every policy has its ARN. */
export interface PendingAttachment {
  /** The entry already in the principal's list, completed by the IAM pass. */
  entry: AttachedPolicy;
  /** The ARN as written; undefined when the whole list is known only after apply. */
  value: Value | undefined;
  holder: string;
}

/**
 * A resource that names its target by a value no address resolves (`Bucket: !Sub "${AppName}-logs"`, a function
 * name, a topic ARN): matched once every object of the model has its canonical name and ARN (model/iam/identity.ts),
 * before the IAM pass reads policy documents.
 */
export interface PendingLink {
  value: Value;
  kinds: readonly string[];
  found(target: Base): void;
  missing(): void;
}

export interface AdaptContext {
  links: PendingLink[];
  resources: RawResource[];
  addresses: ReadonlySet<string>;
  byAddress: ReadonlyMap<string, RawResource>;
  model: ModelCollections;
  diagnostics: Diagnostic[];
  policies: PendingPolicy[];
  attachments: PendingAttachment[];
  unattached: Unattached[];
}

export function ofType(ctx: AdaptContext, ...types: string[]): RawResource[] {
  return ctx.resources.filter((r) => r.mode === 'resource' && types.includes(r.type));
}

export function base<K extends string>(raw: RawResource, kind: K): Base & { kind: K } {
  return {
    kind,
    address: raw.address,
    resourceType: raw.type,
    location: locate(raw, ''),
    sources: [raw.address],
    suppressions: [...raw.suppressions],
    tags: tagsOf(raw),
    ...(raw.existsWhen ? { existsWhen: raw.existsWhen } : {}),
  };
}

/** Tags of a resource: a Terraform `tags` map or a CloudFormation `Tags` list of Key/Value (or map). */
export function tagsOf(raw: RawResource): Tags {
  const path = raw.dialect === 'cloudformation' ? 'Tags' : 'tags';
  const value = at(raw.attributes, path);
  const location = locate(raw, path);
  if (value === undefined || value === null) return { entries: {}, unknown: false, location };
  if (isUnknownValue(value) || isTemplateValue(value)) return { entries: {}, unknown: true, location };
  const entries: Record<string, Value> = {};
  let unknown = false;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (
        item === null ||
        typeof item !== 'object' ||
        Array.isArray(item) ||
        isUnknownValue(item) ||
        isTemplateValue(item)
      ) {
        unknown = true;
        continue;
      }
      const key = (item as Record<string, Value>).Key;
      if (typeof key === 'string') entries[key] = (item as Record<string, Value>).Value ?? null;
      else unknown = true;
    }
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, Value>)) entries[key] = v;
  }
  return { entries, unknown, location };
}

/**
 * Attaches a configuration resource (aws_s3_bucket_versioning, aws_route, …) to its owner, carrying its suppressions.
 */
export function attach(owner: Base, raw: RawResource): void {
  if (!owner.sources.includes(raw.address)) owner.sources.push(raw.address);
  for (const s of raw.suppressions) owner.suppressions.push(s);
}

/**
 * Finds the object a Ref points at among `candidates`: by address, or by a literal name/id/ARN equal to one of the
 * candidate's names (`bucket = "payments-raw"` in a split Terraform resource).
 */
export function find<T extends Base>(
  ref: Ref,
  candidates: readonly T[],
  names: (candidate: T) => (string | undefined)[] = () => [],
): T | undefined {
  if (ref.target) return byAddress(candidates).get(ref.target) as T | undefined;
  if (ref.literal !== undefined) return candidates.find((c) => names(c).includes(ref.literal));
  return undefined;
}

/**
 * The first candidate of each address, kept per list while the list keeps its length (adapters append to their
 * lists as they go): a template's routes, rules and associations each look up their owner, and scanning the list
 * each time was quadratic.
 */
const addressIndex = new WeakMap<readonly Base[], { length: number; index: Map<string, Base> }>();
function byAddress(candidates: readonly Base[]): Map<string, Base> {
  const kept = addressIndex.get(candidates);
  if (kept && kept.length === candidates.length) return kept.index;
  const index = new Map<string, Base>();
  for (const c of candidates) if (!index.has(c.address)) index.set(c.address, c);
  addressIndex.set(candidates, { length: candidates.length, index });
  return index;
}

/**
 * The object `raw` configures, named at `path`: by address or literal name now (as `find`), otherwise by a name or
 * ARN equal to the object's (a `Fn::Sub`, `Fn::Join` or interpolation over the same parameters, a literal ARN) once
 * every object is named. `found` or `missing` runs exactly once.
 */
export function link<T extends Base>(
  ctx: AdaptContext,
  raw: RawResource,
  path: string,
  candidates: readonly T[],
  names: (candidate: T) => (string | undefined)[],
  found: (target: T) => void,
  missing: () => void,
): void {
  const ref = refAt(raw, path, ctx.addresses);
  const direct = find(ref, candidates, names);
  if (direct) return found(direct);
  const value = at(raw.attributes, path);
  const kind = candidates[0]?.kind;
  // A reference to something that is not a candidate may still spell a candidate's name (`"logs-${account_id}"`
  // reads as a reference to the caller-identity data source): matched by name once every object is named.
  if (value === undefined || value === null || kind === undefined) return missing();
  ctx.links.push({ value, kinds: [kind], found: (target) => found(target as T), missing });
}

/** Notes a configuration resource whose owner is not in the model (an id from a variable, another stack). */
export function orphan(
  ctx: AdaptContext,
  raw: RawResource,
  what: string,
  configures = 'resource',
  aspect = raw.type,
): void {
  const location = locate(raw, '');
  ctx.diagnostics.push({
    severity: 'note',
    code: 'model-orphan',
    message: `${raw.address} configures ${what} that is not in this stack; it is not analysed`,
    location,
  });
  ctx.unattached.push({ address: raw.address, configures, aspect, location });
}

/** Queues a policy document for the IAM pass. */
export function policyAt(
  ctx: AdaptContext,
  raw: RawResource,
  path: string,
  apply: (document: PolicyDoc) => void,
  origin: string = raw.address,
): void {
  const value = at(raw.attributes, path);
  ctx.policies.push({ value, raw, path, origin, perStatement: raw.dialect === 'cloudformation', apply });
}

/** The attribute value when it is a plain string. */
export function str(raw: RawResource, path: string): string | undefined {
  const v = at(raw.attributes, path);
  return typeof v === 'string' ? v : undefined;
}

export function isSymbolic(value: unknown): boolean {
  return isUnknownValue(value) || isTemplateValue(value);
}

export type { SourceLocation };
