// Terraform → SQS queues and their policies (inline or aws_sqs_queue_policy).
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asString, at, field, refAt } from '../fields.ts';
import type { Queue } from '../model.ts';

export function adaptTerraformSqs(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_sqs_queue')) {
    const queue: Queue = { ...base(raw, 'sqs-queue'), name: field(raw, 'name', asString), kmsKey: refAt(raw, 'kms_master_key_id', ctx.addresses), policy: undefined };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) policyAt(ctx, raw, 'policy', (d) => { queue.policy = d; });
    m.queues.push(queue);
  }
  for (const raw of ofType(ctx, 'aws_sqs_queue_policy')) {
    link(ctx, raw, 'queue_url', m.queues, () => [], (queue) => {
      policyAt(ctx, raw, 'policy', (d) => { queue.policy = d; });
      attach(queue, raw);
    }, () => orphan(ctx, raw, 'an SQS queue', 'sqs-queue', 'queue policy'));
  }
}
