// What a service adapter works with: the raw resources of one dialect, the addresses in the model (so references
// resolve), and the collections it fills.
import type { Diagnostic, RawResource } from '../load/types.ts';
import { at, isTemplateValue, isUnknownValue, locate } from './fields.ts';
import type { Base, ModelCollections, Ref } from './model.ts';

export interface AdaptContext {
  resources: RawResource[];
  addresses: ReadonlySet<string>;
  byAddress: ReadonlyMap<string, RawResource>;
  model: ModelCollections;
  diagnostics: Diagnostic[];
}

export function ofType(ctx: AdaptContext, ...types: string[]): RawResource[] {
  return ctx.resources.filter((r) => r.mode === 'resource' && types.includes(r.type));
}

export function base<K extends string>(raw: RawResource, kind: K): Base & { kind: K } {
  return {
    kind,
    address: raw.address,
    resourceType: raw.type,
    dialect: raw.dialect,
    location: locate(raw, ''),
    sources: [raw.address],
    suppressions: [...raw.suppressions],
  };
}

/** Attaches a configuration resource (aws_s3_bucket_versioning, aws_route, …) to its owner, carrying its suppressions. */
export function attach(owner: Base, raw: RawResource): void {
  if (!owner.sources.includes(raw.address)) owner.sources.push(raw.address);
  for (const s of raw.suppressions) owner.suppressions.push(s);
}

/**
 * Finds the object a Ref points at among `candidates`: by address, or by a literal name/id/ARN equal to one of the
 * candidate's names (`bucket = "payments-raw"` in a split Terraform resource).
 */
export function find<T extends Base>(ref: Ref, candidates: readonly T[], names: (candidate: T) => (string | undefined)[] = () => []): T | undefined {
  if (ref.target) return candidates.find((c) => c.address === ref.target);
  if (ref.literal !== undefined) return candidates.find((c) => names(c).includes(ref.literal));
  return undefined;
}

/** Notes a configuration resource whose owner is not in the model (an id from a variable, another stack). */
export function orphan(ctx: AdaptContext, raw: RawResource, what: string): void {
  ctx.diagnostics.push({ severity: 'note', code: 'model-orphan', message: `${raw.address} configures ${what} that is not in this stack; it is not analysed`, location: locate(raw, '') });
}

/** The attribute value when it is a plain string. */
export function str(raw: RawResource, path: string): string | undefined {
  const v = at(raw.attributes, path);
  return typeof v === 'string' ? v : undefined;
}

export function isSymbolic(value: unknown): boolean {
  return isUnknownValue(value) || isTemplateValue(value);
}
