// CloudFormation → SNS topics and AWS::SNS::TopicPolicy.
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, field, refsAt, refAt } from '../fields.ts';

export function adaptCloudFormationSns(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SNS::Topic')) {
    m.topics.push({ ...base(raw, 'sns-topic'), name: field(raw, 'TopicName', asString), kmsKey: refAt(raw, 'KmsMasterKeyId', ctx.addresses), policy: undefined });
  }
  for (const raw of ofType(ctx, 'AWS::SNS::TopicPolicy')) {
    // Each entry by reference, or by URL/ARN written out (a topic ARN from Fn::Sub), as the list allows.
    refsAt(raw, 'Topics', ctx.addresses).forEach((_, i) => {
      link(ctx, raw, `Topics.${i}`, m.topics, () => [], (topic) => {
        policyAt(ctx, raw, 'PolicyDocument', (d) => { topic.policy = d; });
        attach(topic, raw);
      }, () => orphan(ctx, raw, 'an SNS topic', 'sns-topic', 'topic policy'));
    });
  }
}
