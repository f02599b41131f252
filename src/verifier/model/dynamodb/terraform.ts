// Terraform → DynamoDB tables.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, refAt } from '../fields.ts';

export function adaptTerraformDynamoDb(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_dynamodb_table')) {
    const sse = at(raw.attributes, 'server_side_encryption') !== undefined;
    ctx.model.tables.push({
      ...base(raw, 'dynamodb-table'),
      name: field(raw, 'name', asString),
      pointInTimeRecovery: field(raw, 'point_in_time_recovery.enabled', asBoolean, false),
      sseEnabled: sse
        ? field(raw, 'server_side_encryption.enabled', asBoolean, false)
        : { value: false, provenance: 'default', location: locate(raw, '') },
      kmsKey: refAt(raw, 'server_side_encryption.kms_key_arn', ctx.addresses),
      deletionProtection: field(raw, 'deletion_protection_enabled', asBoolean, false),
      billingMode: field(raw, 'billing_mode', asString, 'PROVISIONED'),
      streamEnabled: field(raw, 'stream_enabled', asBoolean, false),
    });
  }
}
