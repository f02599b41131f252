// What the delivery rules share: the request an AWS service really presents when it delivers (its principal, the
// keys it sets, the object key it writes), asked of the IAM evaluator as a question that must be allowed. A
// delivery either works for the request the service sends or it does not; nothing the policies mention is tried
// in its place, so a bad answer is the counterexample.
import type { Analysis } from '../../analysis/index.ts';
import { actionTri } from '../../analysis/iam/evaluate.ts';
import { ask, type Answer, type Asker, type KeyValue } from '../../analysis/iam/questions.ts';
import type { IamResource } from '../../analysis/iam/view.ts';
import type { SourceLocation } from '../../load/types.ts';
import { ACCOUNT } from '../../model/iam/identity.ts';
import type { Statement } from '../../model/iam/policy.ts';
import { literalOf, showSym, sym, symEquals, type Sym, type Token } from '../../model/iam/symbolic.ts';
import type { Base, Bucket, KmsKey, LogGroup, Model, Ref } from '../../model/model.ts';
import { check } from '../helpers.ts';
import type { Check } from '../types.ts';

export { ACCOUNT };

/** A value the service fills in that no policy author chose (a date path, a file name, a stream name): only a wildcard matches it. */
export const token = (what: string): Token => ({ tok: what, fresh: true });

/** One thing a service must be allowed to do for a delivery to work. */
export interface Need {
  /** What, in words: "delivery.logs writes flow-log files". */
  what: string;
  asker: Asker;
  action: string;
  resource: IamResource;
  objectKey?: Sym;
  request?: Record<string, KeyValue>;
  /** The AWS documentation page that says the service needs it. */
  doc: string;
}

export interface Outcome { verdict: Check['verdict']; answer: Answer | undefined; message: string; location: SourceLocation | undefined }

/** Every request the need stands for must be allowed: the worst answer decides. */
export function prove(analysis: Analysis, need: Need): Outcome {
  const answers = ask(analysis.iam.view, { asker: need.asker, action: need.action, resource: need.resource, ...(need.objectKey ? { objectKey: need.objectKey } : {}), ...(need.request ? { request: need.request } : {}) });
  const denied = answers.find((a) => a.decision === 'denied');
  const unsure = answers.find((a) => a.decision !== 'allowed');
  const worst = denied ?? unsure ?? answers[0];
  const on = need.objectKey ? '' : ` on ${need.resource.address}`;
  if (!worst) return { verdict: 'unknown', answer: undefined, message: `${need.what}: nothing was asked`, location: need.resource.location };
  const near = denied && !denied.explicitDeny ? nearest(need) : undefined;
  const at = worst.evidence.find((e) => e.effect === (denied?.explicitDeny ? 'Deny' : 'Allow') && e.match !== 'no')?.location ?? near?.location ?? need.resource.policy?.location ?? need.resource.location;
  const miss = near ? `; the statement meant for it, ${near.sid ?? near.origin}, does not cover this request` : '';
  if (denied) return { verdict: 'non-compliant', answer: denied, message: `${need.what}: ${need.action}${on} by ${denied.as} is denied (${denied.reason}${miss}); ${need.doc}`, location: at };
  if (unsure) return { verdict: 'unknown', answer: unsure, message: `${need.what}: whether ${need.action}${on} by ${unsure.as} is allowed depends on values known only after apply or conditions the code does not decide (${unsure.reason})`, location: at };
  return { verdict: 'compliant', answer: worst, message: `${need.what}: ${need.action}${on} by ${worst.as} is allowed (${worst.reason})`, location: at };
}

/**
 * The Allow statement of the resource's policy written for this service and action — for the counterexample's
 * file:line when it does not cover the request (a wrong prefix, a missing condition value). Only locates.
 */
function nearest(need: Need): Statement | undefined {
  if (!('service' in need.asker)) return undefined;
  const service: Sym = typeof need.asker.service === 'string' ? [need.asker.service] : need.asker.service;
  return need.resource.policy?.statements.find((st) => st.effect === 'Allow' && actionTri(st, need.action).tri !== 'no' && st.principal !== undefined && !st.principal.any
    && (st.principal.byType.get('Service') ?? []).some((id) => symEquals(id, service) !== 'no' || literalOf(id) === '*'));
}

/** Checks of every need of one delivery: the failures, or one compliant check summing them up. */
export function needsChecks(analysis: Analysis, object: Pick<Base, 'address' | 'location'>, needs: Need[], summary: string): Check[] {
  const outcomes = needs.map((n) => prove(analysis, n));
  const bad = outcomes.filter((o) => o.verdict !== 'compliant');
  if (bad.length > 0) return bad.map((o) => check(o.verdict, object, o.message, o.location));
  return [check('compliant', object, `${summary}: ${needs.length} request(s) proven allowed (${needs.map((n) => n.action).join(', ')})`, outcomes[0]?.location)];
}

// ── lookups ───────────────────────────────────────────────────────────────────────────────────────────────────
/** The model object a reference names among `candidates`: by address, or by a literal or template naming it. */
export function named<T extends Base & { name?: { value: string | undefined } }>(ref: Ref, candidates: readonly T[]): T | undefined {
  if (ref.target) return candidates.find((c) => c.address === ref.target);
  const text = ref.literal;
  if (text === undefined) return undefined;
  return candidates.find((c) => c.name?.value !== undefined && (text === c.name.value || text.endsWith(`:::${c.name.value}`) || text.endsWith(`/${c.name.value}`) || text.endsWith(`:${c.name.value}`) || text.endsWith(`:${c.name.value}:*`)));
}

export function bucketOf(model: Model, ref: Ref): Bucket | undefined {
  return named(ref, model.buckets);
}

/** The customer-managed key that encrypts a bucket by default, when it is one of the stack's keys. */
export function bucketKey(model: Model, bucket: Bucket): KmsKey | undefined {
  const ref = bucket.encryption?.key;
  if (!ref || bucket.encryption?.algorithm.value !== 'aws:kms') return undefined;
  const direct = ref.target ? model.keys.find((k) => k.address === ref.target) : undefined;
  if (direct) return direct;
  const alias = ref.target ? model.aliases.find((a) => a.address === ref.target) : undefined;
  return alias ? model.keys.find((k) => k.address === alias.key.target) : undefined;
}

export function keyOf(model: Model, ref: Ref): KmsKey | undefined {
  if (!ref.target) return undefined;
  const direct = model.keys.find((k) => k.address === ref.target);
  if (direct) return direct;
  const alias = model.aliases.find((a) => a.address === ref.target);
  return alias ? model.keys.find((k) => k.address === alias.key.target) : undefined;
}

export function logGroupOf(model: Model, ref: Ref): LogGroup | undefined {
  return named(ref, model.logGroups);
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>` — the form encryption contexts and stream ARNs build on (no `:*`). */
export function logGroupArn(analysis: Analysis, group: LogGroup): Sym {
  const name = analysis.iam.view.resourceByAddress.get(group.address)!.name;
  return sym('arn:aws:logs:', analysis.iam.view.region, ':', ACCOUNT, ':log-group:', name);
}

/** A regional service principal, `<service>.<region>.amazonaws.com`, with the region a token when the code does not pin it. */
export function regional(analysis: Analysis, service: string): Sym {
  return sym(`${service}.`, analysis.iam.view.region, '.amazonaws.com');
}

export function resource(analysis: Analysis, address: string): IamResource {
  return analysis.iam.view.resourceByAddress.get(address)!;
}

/** The ARN of a model object IAM names (trail, alarm, event rule, topic…). */
export function arnOf(model: Model, address: string): Sym {
  return model.identities.get(address)?.arn ?? [token(`${address} ARN`)];
}

/**
 * Whether a principal of the stack may do an action on an ARN of a resource (a log stream of a group): undefined
 * when it may, else the verdict, a phrase and where it was decided.
 */
export function roleMay(analysis: Analysis, principalId: string, action: string, arn: Sym, target: IamResource): { verdict: Check['verdict']; text: string; on: string; location: SourceLocation | undefined } | undefined {
  const principal = analysis.iam.view.principalById.get(principalId);
  if (!principal) return undefined;
  const outcome = prove(analysis, { what: principalId, asker: { principal }, action, resource: { ...target, arn }, doc: '' });
  if (outcome.verdict === 'compliant') return undefined;
  return { verdict: outcome.verdict, text: outcome.verdict === 'non-compliant' ? 'may not' : 'may only conditionally', on: showSym(arn), location: outcome.location ?? principal.location };
}
