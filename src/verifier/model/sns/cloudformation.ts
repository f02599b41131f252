// CloudFormation → SNS topics and AWS::SNS::TopicPolicy.
import { attach, base, ofType, policyAt, type AdaptContext } from '../context.ts';
import { asString, field, refsAt, refAt } from '../fields.ts';

export function adaptCloudFormationSns(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SNS::Topic')) {
    m.topics.push({ ...base(raw, 'sns-topic'), name: field(raw, 'TopicName', asString), kmsKey: refAt(raw, 'KmsMasterKeyId', ctx.addresses), policy: undefined });
  }
  for (const raw of ofType(ctx, 'AWS::SNS::TopicPolicy')) {
    for (const ref of refsAt(raw, 'Topics', ctx.addresses)) {
      const topic = m.topics.find((t) => t.address === ref.target);
      if (!topic) continue;
      policyAt(ctx, raw, 'PolicyDocument', (d) => { topic.policy = d; });
      attach(topic, raw);
    }
  }
}
