// Terraform → SNS topics and their policies (inline or aws_sns_topic_policy).
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, at, field, refAt } from '../fields.ts';
import type { Topic } from '../model.ts';

export function adaptTerraformSns(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_sns_topic')) {
    const topic: Topic = {
      ...base(raw, 'sns-topic'),
      name: field(raw, 'name', asString),
      kmsKey: refAt(raw, 'kms_master_key_id', ctx.addresses),
      policy: undefined,
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) policyAt(ctx, raw, 'policy', (d) => { topic.policy = d; });
    m.topics.push(topic);
  }
  for (const raw of ofType(ctx, 'aws_sns_topic_policy')) {
    link(ctx, raw, 'arn', m.topics, () => [], (topic) => {
      policyAt(ctx, raw, 'policy', (d) => { topic.policy = d; });
      attach(topic, raw);
    }, () => orphan(ctx, raw, 'an SNS topic', 'sns-topic', 'topic policy'));
  }
}
