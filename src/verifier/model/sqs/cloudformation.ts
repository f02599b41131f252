// CloudFormation → SQS queues and AWS::SQS::QueuePolicy.
import { attach, base, ofType, policyAt, type AdaptContext } from '../context.ts';
import { asString, field, refAt, refsAt } from '../fields.ts';

export function adaptCloudFormationSqs(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::SQS::Queue')) {
    m.queues.push({ ...base(raw, 'sqs-queue'), name: field(raw, 'QueueName', asString), kmsKey: refAt(raw, 'KmsMasterKeyId', ctx.addresses), policy: undefined });
  }
  for (const raw of ofType(ctx, 'AWS::SQS::QueuePolicy')) {
    for (const ref of refsAt(raw, 'Queues', ctx.addresses)) {
      const queue = m.queues.find((q) => q.address === ref.target);
      if (!queue) continue;
      policyAt(ctx, raw, 'PolicyDocument', (d) => { queue.policy = d; });
      attach(queue, raw);
    }
  }
}
