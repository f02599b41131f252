// Small pieces most rules share: building checks from fields, telling a customer-managed key from an AWS one,
// reading policy statements.
import type { SourceLocation, Value } from '../load/types.ts';
import { isTemplateValue, isUnknownValue, show } from '../model/fields.ts';
import type { Base, Field, KmsKey, Model, Ref } from '../model/model.ts';
import type { Check } from './types.ts';

export function check(verdict: Check['verdict'], object: Pick<Base, 'address' | 'location'>, message: string, location?: SourceLocation, value?: Value): Check {
  const c: Check = { verdict, resource: object.address, message, location: location ?? object.location };
  if (value !== undefined) c.value = value;
  return c;
}

/** A check over one field: unknown when the field is, else ok/bad by the predicate. */
export function fieldCheck<T>(object: Pick<Base, 'address' | 'location'>, f: Field<T>, ok: (value: T | undefined) => boolean, messages: { ok: string; bad: string; unknown?: string }): Check {
  if (f.provenance === 'unknown') {
    return check('unknown', object, messages.unknown ?? `${object.address}: the value deciding this is known only after apply (${show(f.unknown)})`, f.location, f.unknown);
  }
  const good = ok(f.value);
  const value = f.value === undefined ? null : (f.value as unknown as Value);
  return check(good ? 'compliant' : 'non-compliant', object, `${good ? messages.ok : messages.bad}${f.provenance === 'default' ? ' (not set: the AWS default applies)' : ''}`, f.location, value);
}

export type KeyKind = 'customer-managed' | 'aws-managed' | 'none' | 'unknown';

/** What a key reference points at: a CMK of the model (or a literal key ARN), an AWS managed alias, nothing, or unknown. */
export function keyKind(model: Model, ref: Ref): { kind: KeyKind; key?: KmsKey; text: string } {
  if (ref.provenance === 'default') return { kind: 'none', text: 'no key' };
  if (ref.target) {
    const key = model.keys.find((k) => k.address === ref.target);
    if (key) return { kind: 'customer-managed', key, text: `customer-managed key ${key.address}` };
    const alias = model.aliases.find((a) => a.address === ref.target);
    if (alias) {
      const aliasKey = model.keys.find((k) => k.address === alias.key.target);
      return aliasKey ? { kind: 'customer-managed', key: aliasKey, text: `customer-managed key ${aliasKey.address} (through ${alias.address})` } : { kind: 'unknown', text: `${alias.address}, whose key is not in the model` };
    }
    return { kind: 'unknown', text: `${ref.target}, which is not a KMS key` };
  }
  if (ref.literal !== undefined) {
    if (/alias\/aws\//.test(ref.literal)) return { kind: 'aws-managed', text: `the AWS managed key ${ref.literal}` };
    if (/^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\//.test(ref.literal)) return { kind: 'customer-managed', text: `key ${ref.literal}` };
    if (ref.literal === '') return { kind: 'none', text: 'no key' };
    return { kind: 'unknown', text: `key "${ref.literal}"` };
  }
  return { kind: 'unknown', text: `a key known only after apply (${show(ref.unknown)})` };
}

/** A check that a store names a customer-managed key. */
export function cmkCheck(model: Model, object: Pick<Base, 'address' | 'location'>, ref: Ref, what: string, extraBad?: string): Check {
  const k = keyKind(model, ref);
  const location = ref.provenance === 'default' ? object.location : ref.location;
  switch (k.kind) {
    case 'customer-managed':
      return check('compliant', object, `${what} is encrypted with ${k.text}`, location, k.key?.address ?? ref.literal);
    case 'unknown':
      return check('unknown', object, `${what} names ${k.text}; whether it is customer-managed is known only after apply`, location);
    default:
      return check('non-compliant', object, `${what} is not encrypted with a customer-managed KMS key (${extraBad ?? k.text})`, location, ref.literal ?? null);
  }
}

// ── policies ──────────────────────────────────────────────────────────────────────────────────────────────────
export interface Statement {
  effect: string | undefined;
  principals: Value | undefined;
  notPrincipal: boolean;
  actions: Value[];
  notAction: boolean;
  resources: Value[];
  condition: Record<string, Record<string, Value>> | undefined;
  raw: Value;
}

const list = (v: Value | undefined): Value[] => (v === undefined || v === null ? [] : Array.isArray(v) ? [...v] : [v]);

/** Statements of a policy document; undefined when the document itself is unknown. */
export function statementsOf(document: Value | undefined): Statement[] | undefined {
  if (document === undefined || document === null) return [];
  if (typeof document !== 'object' || Array.isArray(document) || isUnknownValue(document) || isTemplateValue(document)) return undefined;
  const doc = document as Record<string, Value>;
  const raw = doc.Statement;
  if (raw !== undefined && (isUnknownValue(raw) || isTemplateValue(raw))) return undefined;
  return list(raw).filter((s): s is Record<string, Value> => s !== null && typeof s === 'object' && !Array.isArray(s)).map((s) => ({
    effect: typeof s.Effect === 'string' ? s.Effect : undefined,
    principals: s.Principal ?? s.NotPrincipal,
    notPrincipal: s.NotPrincipal !== undefined,
    actions: list(s.Action ?? s.NotAction),
    notAction: s.NotAction !== undefined,
    resources: list(s.Resource ?? s.NotResource),
    condition: s.Condition && typeof s.Condition === 'object' && !Array.isArray(s.Condition) ? (s.Condition as Record<string, Record<string, Value>>) : undefined,
    raw: s,
  }));
}

/** Does an action pattern list cover `action` (`s3:*`, `s3:Put*`, `*`)? Unknown patterns answer undefined. */
export function actionCovers(actions: Value[], action: string): boolean | undefined {
  let unsure = false;
  for (const a of actions) {
    if (typeof a !== 'string') {
      unsure = true;
      continue;
    }
    const pattern = new RegExp(`^${a.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (pattern.test(action)) return true;
  }
  return unsure ? undefined : false;
}

/** True when the statement's principal is everyone (`*` or `{"AWS": "*"}`). */
export function isEveryone(principals: Value | undefined): boolean {
  if (principals === '*') return true;
  if (principals && typeof principals === 'object' && !Array.isArray(principals)) {
    const aws = (principals as Record<string, Value>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

/** Service principals named by the statement. */
export function servicePrincipals(principals: Value | undefined): Value[] {
  if (principals && typeof principals === 'object' && !Array.isArray(principals) && !isUnknownValue(principals)) return list((principals as Record<string, Value>).Service);
  return [];
}

export function awsPrincipals(principals: Value | undefined): Value[] {
  if (principals && typeof principals === 'object' && !Array.isArray(principals) && !isUnknownValue(principals)) return list((principals as Record<string, Value>).AWS);
  return [];
}

/** Every condition key of a statement, lower-cased, with its operator. */
export function conditionKeys(s: Statement): { operator: string; key: string; value: Value }[] {
  const out: { operator: string; key: string; value: Value }[] = [];
  for (const [operator, body] of Object.entries(s.condition ?? {})) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    for (const [key, value] of Object.entries(body)) out.push({ operator, key: key.toLowerCase(), value });
  }
  return out;
}

/** Text of a value for matching: unknowns as their address, so `${aws_s3_bucket.x.arn}/*` reads `aws_s3_bucket.x.arn/*`. */
export function textOf(value: Value | undefined): string {
  if (typeof value === 'string') return value;
  if (isUnknownValue(value)) return `${value.address}.${value.attribute}`;
  if (isTemplateValue(value)) return value.parts.map((p) => (typeof p === 'string' ? p : `${p.address}.${p.attribute}`)).join('');
  return show(value);
}

export function hasUnknown(value: Value | undefined): boolean {
  if (value === undefined || value === null || typeof value !== 'object') return false;
  if (isUnknownValue(value) || isTemplateValue(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  return Object.values(value as Record<string, Value>).some(hasUnknown);
}

/** Tags of a raw resource as a plain map (Terraform `tags`, CloudFormation `Tags` list). */
export function tagsOf(model: Model, address: string): Record<string, string> {
  const raw = model.byAddress.get(address);
  if (!raw) return {};
  const out: Record<string, string> = {};
  const tf = raw.attributes.tags;
  if (tf && typeof tf === 'object' && !Array.isArray(tf)) for (const [k, v] of Object.entries(tf as Record<string, Value>)) if (typeof v === 'string') out[k] = v;
  const cfn = raw.attributes.Tags;
  if (Array.isArray(cfn)) for (const t of cfn) if (t && typeof t === 'object' && !Array.isArray(t)) {
    const { Key, Value: v } = t as Record<string, Value>;
    if (typeof Key === 'string' && typeof v === 'string') out[Key] = v;
  }
  return out;
}
