// Small pieces most rules share: building checks from fields, telling a customer-managed key from an AWS one,
// reading tags. Policies are not read here: rules ask the IAM analysis (analysis/iam/questions.ts).
import type { SourceLocation, Value } from '../load/types.ts';
import { show } from '../model/fields.ts';
import type { Base, Field, KmsKey, Model, Ref, Tags } from '../model/model.ts';
import type { Check } from './types.ts';

export function check(
  verdict: Check['verdict'],
  object: Pick<Base, 'address' | 'location'>,
  message: string,
  location?: SourceLocation,
  value?: Value,
): Check {
  const c: Check = { verdict, resource: object.address, message, location: location ?? object.location };
  if (value !== undefined) c.value = value;
  return c;
}

/** A check over one field: unknown when the field is, else ok/bad by the predicate. */
export function fieldCheck<T>(
  object: Pick<Base, 'address' | 'location'>,
  f: Field<T>,
  ok: (value: T | undefined) => boolean,
  messages: { ok: string; bad: string; unknown?: string },
): Check {
  if (f.provenance === 'unknown') {
    return check(
      'unknown',
      object,
      messages.unknown ?? `${object.address}: the value deciding this is known only after apply (${show(f.unknown)})`,
      f.location,
      f.unknown,
    );
  }
  const good = ok(f.value);
  const value = f.value === undefined ? null : (f.value as unknown as Value);
  return check(
    good ? 'compliant' : 'non-compliant',
    object,
    `${good ? messages.ok : messages.bad}${f.provenance === 'default' ? ' (not set: the AWS default applies)' : ''}`,
    f.location,
    value,
  );
}

export type KeyKind = 'customer-managed' | 'aws-managed' | 'none' | 'unknown';

/**
 * What a key reference points at: a CMK of the model (or a literal key ARN), an AWS managed alias, nothing, or unknown.
 */
export function keyKind(model: Model, ref: Ref): { kind: KeyKind; key?: KmsKey; text: string } {
  if (ref.provenance === 'default') return { kind: 'none', text: 'no key' };
  if (ref.target) {
    const key = model.keys.find((k) => k.address === ref.target);
    if (key) return { kind: 'customer-managed', key, text: `customer-managed key ${key.address}` };
    const alias = model.aliases.find((a) => a.address === ref.target);
    if (alias) {
      const aliasKey = model.keys.find((k) => k.address === alias.key.target);
      return aliasKey
        ? {
            kind: 'customer-managed',
            key: aliasKey,
            text: `customer-managed key ${aliasKey.address} (through ${alias.address})`,
          }
        : { kind: 'unknown', text: `${alias.address}, whose key is not in the model` };
    }
    return { kind: 'unknown', text: `${ref.target}, which is not a KMS key` };
  }
  if (ref.literal !== undefined) {
    if (/alias\/aws\//.test(ref.literal)) return { kind: 'aws-managed', text: `the AWS managed key ${ref.literal}` };
    if (/^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\//.test(ref.literal))
      return { kind: 'customer-managed', text: `key ${ref.literal}` };
    if (ref.literal === '') return { kind: 'none', text: 'no key' };
    return { kind: 'unknown', text: `key "${ref.literal}"` };
  }
  return { kind: 'unknown', text: `a key known only after apply (${show(ref.unknown)})` };
}

/** A check that a store names a customer-managed key. */
export function cmkCheck(
  model: Model,
  object: Pick<Base, 'address' | 'location'>,
  ref: Ref,
  what: string,
  extraBad?: string,
): Check {
  const k = keyKind(model, ref);
  const location = ref.provenance === 'default' ? object.location : ref.location;
  switch (k.kind) {
    case 'customer-managed':
      return check('compliant', object, `${what} is encrypted with ${k.text}`, location, k.key?.address ?? ref.literal);
    case 'unknown':
      return check(
        'unknown',
        object,
        `${what} names ${k.text}; whether it is customer-managed is known only after apply`,
        location,
      );
    default:
      return check(
        'non-compliant',
        object,
        `${what} is not encrypted with a customer-managed KMS key (${extraBad ?? k.text})`,
        location,
        ref.literal ?? null,
      );
  }
}

// ── tags ──────────────────────────────────────────────────────────────────────────────────────────────────────
/** A tag's value when it is a known string. */
export function tagValue(tags: Tags, key: string): string | undefined {
  const v = tags.entries[key];
  return typeof v === 'string' ? v : undefined;
}

/** Known string tags of an object as a plain map. */
export function knownTags(tags: Tags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags.entries)) if (typeof v === 'string') out[k] = v;
  return out;
}
