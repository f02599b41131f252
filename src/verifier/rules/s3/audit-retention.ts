// ENC-S3-007: audit log buckets keep logs at least 365 days, the last 90 immediately available.
import type { Bucket } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { auditReason } from './common.ts';

const COLD = /GLACIER|DEEP_ARCHIVE/i; // GLACIER_IR is retrievable in milliseconds: still "immediately available"

export const auditBucketRetention: Rule = {
  id: 'ENC-S3-007',
  title: 'Audit log buckets keep logs 12 months, 3 immediately available',
  description:
    'Lifecycle rules of audit log buckets must not expire objects (or their noncurrent versions) before 365 days, nor move them to archive storage before 90 days.',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.5.1'] },
  evaluate(model) {
    return resultOf(
      model.buckets.flatMap((b) => {
        const why = auditReason(model, b);
        return why ? bucketRetentionChecks(b, why) : [];
      }),
    );
  },
};

/**
 * Whether a bucket that holds logs keeps them 12 months with 3 immediately available: no enabled lifecycle rule
 * expires objects or noncurrent versions before 365 days, nor moves them to archive storage before 90 days.
 * Also used by ENC-LOGS-002 for log groups archived to S3.
 */
export function bucketRetentionChecks(b: Bucket, why: string): Check[] {
  const checks: Check[] = [];
  for (const rule of b.lifecycle) {
    if (rule.enabled.value === false) continue;
    for (const [label, f, min] of [
      ['expires objects', rule.expirationDays, 365],
      ['expires noncurrent versions', rule.noncurrentExpirationDays, 365],
    ] as const) {
      if (f.provenance === 'unknown')
        checks.push(
          check(
            'unknown',
            b,
            `${b.address}: lifecycle rule ${rule.id.value ?? ''} ${label} after a number of days known only after apply`,
            f.location,
          ),
        );
      else if (f.value !== undefined && f.value < min)
        checks.push(
          check(
            'non-compliant',
            b,
            `${b.address} holds audit logs (${why}); lifecycle rule ${rule.id.value ?? ''} ${label} after ${f.value} days (< ${min})`,
            f.location,
            f.value,
          ),
        );
    }
    for (const t of rule.transitions) {
      if (!COLD.test(t.storageClass.value ?? '') || /GLACIER_IR/i.test(t.storageClass.value ?? '')) continue;
      if (t.days.provenance === 'unknown')
        checks.push(
          check(
            'unknown',
            b,
            `${b.address}: a transition to ${t.storageClass.value} happens after a number of days known only after apply`,
            t.days.location,
          ),
        );
      else if (t.days.value !== undefined && t.days.value < 90)
        checks.push(
          check(
            'non-compliant',
            b,
            `${b.address} holds audit logs (${why}); lifecycle rule ${rule.id.value ?? ''} archives to ${t.storageClass.value} after ${t.days.value} days (< 90 immediately available)`,
            t.days.location,
            t.days.value,
          ),
        );
    }
  }
  if (checks.length === 0)
    checks.push(
      check(
        'compliant',
        b,
        `${b.address} holds audit logs (${why}); no lifecycle rule deletes them before 365 days or archives them before 90`,
        b.lifecycle[0]?.location,
      ),
    );
  return checks;
}
