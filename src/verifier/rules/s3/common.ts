// What the S3 rules share: which buckets hold audit logs, and questions to the IAM analysis about a bucket's policy.
import type { Analysis } from '../../analysis/index.ts';
import { ask, type Answer, type Question } from '../../analysis/iam/questions.ts';
import type { IamResource } from '../../analysis/iam/view.ts';
import type { Sym } from '../../model/iam/symbolic.ts';
import type { Bucket, Model } from '../../model/model.ts';
import { knownTags } from '../helpers.ts';

/** Why a bucket holds audit logs (CloudTrail, flow logs, access logs, or its name/tags say so), or undefined. */
export function auditReason(model: Model, bucket: Bucket): string | undefined {
  const trail = model.trails.find(
    (t) =>
      t.bucket.target === bucket.address || (t.bucket.literal !== undefined && t.bucket.literal === bucket.name.value),
  );
  if (trail) return `CloudTrail ${trail.address} delivers to it`;
  const flow = model.flowLogs.find((f) => f.destinationType.value === 's3' && f.destination.target === bucket.address);
  if (flow) return `flow log ${flow.address} delivers to it`;
  const logged = model.buckets.find(
    (b) =>
      b.logging?.targetBucket.target === bucket.address ||
      (b.logging?.targetBucket.literal !== undefined && b.logging.targetBucket.literal === bucket.name.value),
  );
  if (logged) return `${logged.address} writes its access logs to it`;
  const tags = knownTags(bucket.tags);
  const purpose = Object.entries(tags).find(
    ([k, v]) => /^(purpose|data-classification|classification|role|enclave:purpose)$/i.test(k) && /audit|log/i.test(v),
  );
  if (purpose) return `it is tagged ${purpose[0]}=${purpose[1]}`;
  const name = bucket.name.value ?? tags.Name;
  if (name && /audit|cloudtrail|trail|flow-?log/i.test(name)) return `its name ${name} says it holds audit logs`;
  return undefined;
}

/** The bucket as IAM sees it. */
export function bucketResource(analysis: Analysis, bucket: Bucket): IamResource {
  return analysis.iam.view.resourceByAddress.get(bucket.address)!;
}

/** The ARN of the key that encrypts the bucket by default, when it is a key of the stack. */
export function bucketKeyArn(analysis: Analysis, bucket: Bucket): Sym | undefined {
  const key = bucketResource(analysis, bucket).kmsKey;
  return key ? analysis.iam.view.resourceByAddress.get(key)?.arn : undefined;
}

/** A policy that is known only after apply (nothing of it can be read). */
export function policyUnknown(bucket: Bucket): boolean {
  return bucket.policy?.unknown === true && bucket.policy.statements.length === 0;
}

/** The question asked of every request it stands for. */
export function answers(analysis: Analysis, question: Question): Answer[] {
  return ask(analysis.iam.view, question);
}

/** The answer that lets the most through, with where the deciding statement is. */
export function where(answer: Answer, effect: 'Allow' | 'Deny'): Answer['evidence'][number]['location'] | undefined {
  return answer.evidence.find((e) => e.effect === effect && e.match !== 'no')?.location;
}
