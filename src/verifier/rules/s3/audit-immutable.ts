// ENC-S3-006: buckets holding audit logs are versioned, and no one but break-glass can delete a record or shorten
// its life: Object Lock, or a bucket policy that really denies it.
import type { Answer } from '../../analysis/iam/questions.ts';
import type { Bucket } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { answers, auditReason, bucketResource, policyUnknown, where } from './common.ts';

/** Deleting an object (a delete marker), a version (for good), or rewriting the lifecycle rules that expire them. */
const DESTROYS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutLifecycleConfiguration'];
/** PCI DSS 10.5.1: audit records are kept twelve months. */
const YEAR = 365;

export const auditBucketImmutable: Rule = {
  id: 'ENC-S3-006',
  title: 'Audit log buckets are versioned and no one but break-glass can delete a record',
  description: [
    'Audit logs are protected from modification and deletion (PCI DSS 10.3.2) for their whole retention (10.5.1). The bucket is versioned and either',
    '(a) Object Lock keeps every version at least 365 days: COMPLIANCE mode, or GOVERNANCE mode where the bucket policy denies s3:BypassGovernanceRetention to everyone but break-glass',
    '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html; buckets with Object Lock cannot receive S3 server access logs), or',
    '(b) the bucket policy denies s3:DeleteObject, s3:DeleteObjectVersion and s3:PutLifecycleConfiguration (a rewritten lifecycle rule expires records early; IAM has no condition key for its days) to every principal but those declared break-glass.',
    'Asked of the IAM evaluator with the request as it really is (over TLS, from any network path, for anyone in the account): a Deny that holds only under a condition the request decides — the TLS-only Deny — protects nothing.',
    'Lifecycle expiry at the end of retention is S3 acting, not a principal, and is not subject to the bucket policy. Who may rewrite the bucket policy itself is the separation-of-duties rules\' concern (change-permissions).',
  ].join(' '),
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.2', '10.3.3', '10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_21'], cdkNag: ['PCI.DSS.321-S3BucketReplicationEnabled'] },
  evaluate(model, analysis) {
    return resultOf(model.buckets.flatMap((b): Check[] => {
      const why = auditReason(model, b);
      if (!why) return [];
      if (b.versioning.provenance === 'unknown') return [check('unknown', b, `${b.address} holds audit logs (${why}); its versioning is known only after apply`, b.versioning.location)];
      if (b.versioning.value !== 'Enabled') return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but is not versioned`, b.versioning.location, b.versioning.value ?? null)];
      const resource = bucketResource(analysis, b);
      const lock = objectLockOf(b);
      if (lock === 'unknown') return [check('unknown', b, `${b.address}: its Object Lock retention is known only after apply`, b.objectLockMode.location)];
      if (lock === 'COMPLIANCE') return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, Object Lock COMPLIANCE for ${b.objectLockDays.value} days: no one can delete a version before then`, b.objectLockMode.location, 'COMPLIANCE')];
      if (policyUnknown(b)) return [check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy?.location)];
      if (lock === 'GOVERNANCE') {
        const bypass = judge(answers(analysis, { asker: { anyone: true }, action: 's3:BypassGovernanceRetention', resource }));
        if (bypass.open) return [check('non-compliant', b, `${b.address} holds audit logs (${why}) under Object Lock GOVERNANCE, but ${bypass.open.as} may bypass the retention (s3:BypassGovernanceRetention: ${bypass.open.reason}); deny it to everyone but break-glass`, where(bypass.open, 'Allow') ?? b.objectLockMode.location)];
        if (bypass.unsure) return [check('unknown', b, `${b.address}: whether ${bypass.unsure.as} may bypass the GOVERNANCE retention depends on values known only after apply (${bypass.unsure.reason})`, b.policy?.location ?? b.objectLockMode.location)];
        return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, Object Lock GOVERNANCE for ${b.objectLockDays.value} days, and only break-glass may bypass it`, where(bypass.first!, 'Deny') ?? b.objectLockMode.location)];
      }
      if (!b.policy) return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but neither Object Lock nor a bucket policy stops objects or versions being deleted`)];
      const checks: Check[] = [];
      let firstDeny: Answer | undefined;
      for (const action of DESTROYS) {
        const verdict = judge(answers(analysis, { asker: { anyone: true }, action, resource }));
        if (verdict.open) {
          checks.push(check('non-compliant', b, `${b.address} holds audit logs (${why}) but ${action} by ${verdict.open.as} meets no Deny that holds (${verdict.open.reason}); deny it to everyone but break-glass, or lock the objects (Object Lock)`, where(verdict.open, 'Deny') ?? b.policy.location));
        } else if (verdict.unsure) {
          checks.push(check('unknown', b, `${b.address}: whether ${action} by ${verdict.unsure.as} is denied depends on values known only after apply (${verdict.unsure.reason})`, where(verdict.unsure, 'Deny') ?? b.policy.location));
        } else firstDeny ??= verdict.first;
      }
      if (checks.length > 0) return checks;
      return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, and its policy denies ${DESTROYS.join(', ')} to everyone but break-glass`, (firstDeny && where(firstDeny, 'Deny')) ?? b.policy.location)];
    }));
  },
};

/** The Object Lock that protects every version for a year, if any. */
function objectLockOf(b: Bucket): 'COMPLIANCE' | 'GOVERNANCE' | 'unknown' | undefined {
  if (b.objectLock.value !== true) return b.objectLock.provenance === 'unknown' ? 'unknown' : undefined;
  if (b.objectLockMode.provenance === 'unknown' || b.objectLockDays.provenance === 'unknown') return 'unknown';
  if ((b.objectLockDays.value ?? 0) < YEAR) return undefined;
  return b.objectLockMode.value === 'COMPLIANCE' ? 'COMPLIANCE' : b.objectLockMode.value === 'GOVERNANCE' ? 'GOVERNANCE' : undefined;
}

/**
 * Every principal's request must meet a Deny that surely applies, except those declared break-glass. `open`: a
 * counterexample; `unsure`: one that turns on values only apply can tell.
 */
function judge(list: Answer[]): { open?: Answer; unsure?: Answer; first?: Answer } {
  const relevant = list.filter((a) => a.principal.duty !== 'break-glass');
  const open = relevant.find((a) => a.denied === 'no' || (a.denied === 'maybe' && a.decision !== 'unknown'));
  const unsure = relevant.find((a) => a.denied !== 'yes' && a.decision === 'unknown');
  return { ...(open ? { open } : {}), ...(unsure ? { unsure } : {}), ...(relevant[0] ? { first: relevant[0] } : {}) };
}
