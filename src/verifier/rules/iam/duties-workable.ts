import { ask, type Answer } from '../../analysis/iam/questions.ts';
import { evaluateRequest } from '../../analysis/iam/evaluate.ts';
import type { IamPrincipal, IamResource, IamView } from '../../analysis/iam/view.ts';
import type { Analysis } from '../../analysis/index.ts';
import { sym, type Sym } from '../../model/iam/symbolic.ts';
import type { Model } from '../../model/model.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { principalCheck } from './shared.ts';

/** People and partners work from outside the VPC: their requests cross no VPC endpoint. */
const OUTSIDE = { 'aws:SourceVpce': null, 'aws:SourceVpc': null, 'aws:VpcSourceIp': null };

export const dutiesWorkable: Rule = {
  id: 'ENC-IAM-017',
  title: 'Declared duties can be carried out: auditors read the audit records, ingest principals upload card data',
  description: [
    'A separation of duties that leaves the auditor unable to read the audit trail, or the declared ingest principal unable to upload, pushes the work onto whoever can (a deploying role, an administrator): PCI DSS 10.4.1 needs audit logs reviewed, 7.2.1 access by job function.',
    'Asked of the IAM evaluator, for the request as it really arrives — from outside the VPC (no aws:SourceVpce: people and partners do not sit in the VPC) —',
    'may each auditor read (s3:GetObject, and kms:Decrypt through S3 under the bucket\'s key with the encryption context S3 sends) every bucket classified audit, and may each ingest principal upload (s3:PutObject with SSE-KMS, and kms:GenerateDataKey through S3) into a bucket holding card data?',
  ].join(' '),
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '10.4.1'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    const buckets = (c: IamResource['classification']) => view.resources.filter((r) => r.kind === 's3-bucket' && r.classification === c);
    for (const p of view.principals.filter((x) => x.duty === 'auditor' && x.kind !== 'service')) {
      for (const bucket of buckets('audit')) checks.push(workable(model, analysis, p, bucket, 's3:GetObject', 'kms:Decrypt', 'read the audit records in'));
    }
    for (const p of view.principals.filter((x) => x.duty === 'ingest' && x.kind !== 'service')) {
      const attempts = buckets('card-data').map((bucket) => workable(model, analysis, p, bucket, 's3:PutObject', 'kms:GenerateDataKey', 'upload card data into'));
      const ok = attempts.find((c) => c.verdict === 'compliant');
      if (ok) checks.push(ok);
      else if (attempts.length === 0) checks.push(principalCheck('non-compliant', p, `${p.id} is declared ingest, but the stack has no bucket classified card-data to upload into`));
      else checks.push(...attempts);
    }
    return resultOf(checks);
  },
};

/** The object request and the KMS request S3 makes for it, both from outside the VPC. */
function workable(model: Model, analysis: Analysis, p: IamPrincipal, bucket: IamResource, action: string, keyAction: string, what: string): Check {
  const view = analysis.iam.view;
  const key = bucket.kmsKey ? view.resourceByAddress.get(bucket.kmsKey) : undefined;
  const request = action === 's3:PutObject' ? { ...OUTSIDE, 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': key ? [key.arn] : null } : OUTSIDE;
  // The principal picks where it comes from (an office address range a policy names): its best request counts.
  // An auditor reads every record (any key); an uploader writes under the prefixes it is given (any the policies name).
  const objectAnswers = ask(view, { asker: { principal: p }, action, resource: bucket, ...(action === 's3:GetObject' ? { objectKey: 'an-object' } : {}), request });
  const answer = objectAnswers.reduce<Answer | undefined>((best, a) => (!best || rank(a) > rank(best) ? a : best), undefined)!;
  const at = answer.evidence.find((e) => e.effect === (answer.decision === 'denied' ? 'Deny' : 'Allow') && e.match !== 'no')?.location ?? bucket.policy?.location ?? bucket.location;
  if (answer.decision === 'denied') return principalCheck('non-compliant', p, `${p.id} (${p.duty}) cannot ${what} ${bucket.address} from outside the VPC: ${action} by ${answer.as} is denied (${answer.reason})`, at);
  if (answer.decision === 'unknown') return principalCheck('unknown', p, `whether ${p.id} can ${what} ${bucket.address} depends on values known only after apply (${answer.reason})`, at);
  if (key) {
    const kms = keyRequest(model, view, p, bucket, key, keyAction, analysis);
    if (kms.decision === 'denied') return principalCheck('non-compliant', p, `${p.id} (${p.duty}) cannot ${what} ${bucket.address}: S3 cannot use ${key.address} for it (${keyAction} through S3: ${kms.reason})`, kms.evidence.find((e) => e.match !== 'no')?.location ?? key.location);
    if (kms.decision === 'unknown') return principalCheck('unknown', p, `whether S3 can use ${key.address} for ${p.id} depends on values known only after apply (${kms.reason})`, key.location);
  }
  return principalCheck(answer.decision === 'allowed' ? 'compliant' : 'unknown', p, `${p.id} (${p.duty}) ${answer.decision === 'allowed' ? 'can' : 'may, under conditions the code does not decide,'} ${what} ${bucket.address} from outside the VPC${key ? `, with ${keyAction} on ${key.address} through S3` : ''}`, at);
}

function rank(a: Answer): number {
  return a.decision === 'denied' ? 0 : a.decision === 'unknown' ? 1 : a.decision === 'conditional' ? 2 : 3;
}

/** kms:<action> as S3 makes it for the principal: through S3, with the bucket's (Bucket Key) or the object's ARN as context. */
function keyRequest(model: Model, view: IamView, p: IamPrincipal, bucket: IamResource, key: IamResource, action: string, analysis: Analysis) {
  const modelled = model.buckets.find((b) => b.address === bucket.address);
  const contexts: Sym[] = modelled?.encryption?.bucketKey.value === true ? [bucket.arn] : modelled?.encryption?.bucketKey.value === false ? [sym(bucket.arn, '/an-object')] : [bucket.arn, sym(bucket.arn, '/an-object')];
  let answer: ReturnType<typeof evaluateRequest> | undefined;
  for (const c of contexts) {
    const ctx = analysis.iam.contextFor(p, action, key.arn);
    for (const k of [...ctx.keys()]) if (k.startsWith('kms:encryptioncontext')) ctx.delete(k);
    ctx.set('kms:encryptioncontext:*', null);
    ctx.set('kms:encryptioncontext:aws:s3:arn', [c]);
    ctx.set('kms:encryptioncontextkeys', [['aws:s3:arn']]);
    ctx.set('kms:viaservice', [sym('s3.', view.region, '.amazonaws.com')]);
    ctx.set('kms:calleraccount', ctx.get('aws:principalaccount') ?? null);
    const r = evaluateRequest(view, { principal: p, action, resource: key.arn, target: key, context: ctx });
    if (!answer || rankDecision(r.decision) < rankDecision(answer.decision)) answer = r;
  }
  return answer!;
}

function rankDecision(d: string): number {
  return d === 'denied' ? 0 : d === 'unknown' ? 1 : d === 'conditional' ? 2 : 3;
}
