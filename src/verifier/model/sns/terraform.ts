// Terraform → SNS topics and their policies (inline or aws_sns_topic_policy).
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asString, at, field, refAt, policyField } from '../fields.ts';

export function adaptTerraformSns(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_sns_topic')) {
    m.topics.push({
      ...base(raw, 'sns-topic'),
      name: field(raw, 'name', asString),
      kmsKey: refAt(raw, 'kms_master_key_id', ctx.addresses),
      policy: at(raw.attributes, 'policy') !== undefined ? policyField(raw, 'policy') : undefined,
    });
  }
  for (const raw of ofType(ctx, 'aws_sns_topic_policy')) {
    const topic = find(refAt(raw, 'arn', ctx.addresses), m.topics);
    if (!topic) {
      orphan(ctx, raw, 'an SNS topic');
      continue;
    }
    topic.policy = policyField(raw, 'policy');
    attach(topic, raw);
  }
}
