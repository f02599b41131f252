// ENC-LOGS-002: log groups keep logs for at least a year — in CloudWatch Logs, or in an S3 archive they stream to.
import type { Bucket, LogGroup, Model, Ref } from '../../model/model.ts';
import { bucketRetentionChecks } from '../s3/audit-retention.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const logGroupRetention: Rule = {
  id: 'ENC-LOGS-002',
  title: 'Log groups keep logs at least 365 days',
  description:
    'Audit log history is retained for at least 12 months with at least the most recent 3 months immediately available. CloudWatch Logs is immediately available, so its retention must be ≥ 365 days (or never expire) — unless the group streams every event (subscription filter → Firehose) to an S3 archive that itself keeps them 365 days and 90 immediately available. A shorter setting without such an archive shows here.',
  service: 'logs',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_338'], cdkNag: ['PCI.DSS.321-CloudWatchLogGroupRetentionPeriod'] },
  evaluate(model) {
    return resultOf(
      model.logGroups.map((g) => {
        const r = g.retentionDays;
        if (r.provenance === 'unknown')
          return check('unknown', g, `${g.address}'s retention is known only after apply`, r.location);
        if (r.value === 0 || r.value === undefined)
          return check('compliant', g, `${g.address} never expires its logs`, r.location, 0);
        if (r.value >= 365)
          return check('compliant', g, `${g.address} keeps logs ${r.value} days`, r.location, r.value);
        return (
          archived(model, g, r.value) ??
          check(
            'non-compliant',
            g,
            `${g.address} keeps logs ${r.value} days (< 365) and streams them to no S3 archive that keeps them a year`,
            r.location,
            r.value,
          )
        );
      }),
    );
  },
};

/**
 * The group's archive, when an unfiltered subscription streams it through Firehose to a bucket: that bucket decides.
 */
function archived(model: Model, g: LogGroup, days: number): Check | undefined {
  for (const subscription of model.logSubscriptions) {
    // Only an empty pattern copies every event; a filtered subscription archives a part of the log.
    if (!sameGroup(subscription.logGroup, g) || subscription.filterPattern.value !== '') continue;
    const stream = model.deliveryStreams.find((s) => refersTo(subscription.destination, s.address, s.name.value));
    const bucket = stream ? model.buckets.find((b) => refersTo(stream.bucket, b.address, b.name.value)) : undefined;
    if (!stream || !bucket) continue;
    const retention = worst(bucketRetentionChecks(bucket, `archive of ${g.address}`));
    const path = `${g.address} (${days} days in CloudWatch Logs) → ${subscription.address} → ${stream.address} → ${bucket.address}`;
    if (retention.verdict === 'compliant')
      return check(
        'compliant',
        g,
        `${path}: the archive keeps them ≥ 365 days, ≥ 90 immediately available`,
        subscription.location,
        days,
      );
    return check(
      retention.verdict,
      g,
      `${path}: ${retention.message}`,
      retention.location ?? subscription.location,
      days,
    );
  }
  return undefined;
}

function worst(checks: Check[]): Check {
  return checks.find((c) => c.verdict === 'non-compliant') ?? checks.find((c) => c.verdict === 'unknown') ?? checks[0]!;
}

function sameGroup(ref: Ref, g: LogGroup): boolean {
  return ref.target === g.address || (ref.literal !== undefined && ref.literal === g.name.value);
}

/** A reference to a resource: by address, or by an ARN or name whose last segment is the resource's name. */
function refersTo(ref: Ref, address: string, name: string | undefined): boolean {
  if (ref.target === address) return true;
  if (name === undefined) return false;
  const text =
    ref.literal ??
    (ref.unknown?.kind === 'template'
      ? ref.unknown.parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('')
      : undefined);
  if (text === undefined) return false;
  return text === name || text.endsWith(`/${name}`) || text.endsWith(`:::${name}`);
}

export type { Bucket };
