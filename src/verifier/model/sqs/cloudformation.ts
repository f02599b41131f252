// CloudFormation → SQS queues and AWS::SQS::QueuePolicy.
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, field, refAt, refsAt } from '../fields.ts';

export function adaptCloudFormationSqs(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SQS::Queue')) {
    m.queues.push({ ...base(raw, 'sqs-queue'), name: field(raw, 'QueueName', asString), kmsKey: refAt(raw, 'KmsMasterKeyId', ctx.addresses), policy: undefined });
  }
  for (const raw of ofType(ctx, 'AWS::SQS::QueuePolicy')) {
    // Each entry by reference, or by URL/ARN written out (a topic ARN from Fn::Sub), as the list allows.
    refsAt(raw, 'Queues', ctx.addresses).forEach((_, i) => {
      link(ctx, raw, `Queues.${i}`, m.queues, () => [], (queue) => {
        policyAt(ctx, raw, 'PolicyDocument', (d) => { queue.policy = d; });
        attach(queue, raw);
      }, () => orphan(ctx, raw, 'an SQS queue', 'sqs-queue', 'queue policy'));
    });
  }
}
