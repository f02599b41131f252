// What the S3 rules share: which buckets hold audit logs, and whether a policy statement is about a given bucket.
import type { Value } from '../../load/types.ts';
import type { Bucket, Model } from '../../model/model.ts';
import { statementsOf, tagsOf, textOf, type Statement } from '../helpers.ts';

/** Why a bucket holds audit logs (CloudTrail, flow logs, access logs, or its name/tags say so), or undefined. */
export function auditReason(model: Model, bucket: Bucket): string | undefined {
  const trail = model.trails.find((t) => t.bucket.target === bucket.address || (t.bucket.literal !== undefined && t.bucket.literal === bucket.name.value));
  if (trail) return `CloudTrail ${trail.address} delivers to it`;
  const flow = model.flowLogs.find((f) => f.destinationType.value === 's3' && f.destination.target === bucket.address);
  if (flow) return `flow log ${flow.address} delivers to it`;
  const logged = model.buckets.find((b) => b.logging?.targetBucket.target === bucket.address || (b.logging?.targetBucket.literal !== undefined && b.logging.targetBucket.literal === bucket.name.value));
  if (logged) return `${logged.address} writes its access logs to it`;
  const tags = tagsOf(model, bucket.address);
  const purpose = Object.entries(tags).find(([k, v]) => /^(purpose|data-classification|classification|role|enclave:purpose)$/i.test(k) && /audit|log/i.test(v));
  if (purpose) return `it is tagged ${purpose[0]}=${purpose[1]}`;
  const name = bucket.name.value ?? tags.Name;
  if (name && /audit|cloudtrail|trail|flow-?log/i.test(name)) return `its name ${name} says it holds audit logs`;
  return undefined;
}

/** Does a Resource entry name this bucket (or its objects)? undefined when it cannot be told before apply. */
export function namesBucket(resource: Value, bucket: Bucket): boolean | undefined {
  const text = textOf(resource);
  if (text === '*' || text === 'arn:aws:s3:::*') return true;
  if (text.startsWith(`${bucket.address}.`)) return true;
  if (bucket.name.value !== undefined && text.includes(`:::${bucket.name.value}`)) return true;
  if (/^arn:aws[a-z-]*:s3:::[^$*]+$/.test(text) || /^[a-zA-Z0-9_.\[\]"-]+\.(arn|Arn|id|bucket)(\/\*)?$/.test(text)) return false;
  return undefined;
}

/** Statements of the bucket policy that apply to the bucket; undefined when the policy is unknown. */
export function bucketStatements(bucket: Bucket): Statement[] | undefined {
  if (!bucket.policy) return [];
  return statementsOf(bucket.policy.value ?? bucket.policy.unknown);
}

export function appliesTo(s: Statement, bucket: Bucket): boolean | undefined {
  let unsure = false;
  for (const r of s.resources) {
    const n = namesBucket(r, bucket);
    if (n === true) return true;
    if (n === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}
