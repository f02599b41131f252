// CloudFormation → DynamoDB tables.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, refAt } from '../fields.ts';

export function adaptCloudFormationDynamoDb(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::DynamoDB::Table')) {
    ctx.model.tables.push({
      ...base(raw, 'dynamodb-table'),
      name: field(raw, 'TableName', asString),
      pointInTimeRecovery: field(raw, 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', asBoolean, false),
      sseEnabled: field(raw, 'SSESpecification.SSEEnabled', asBoolean, false),
      kmsKey: refAt(raw, 'SSESpecification.KMSMasterKeyId', ctx.addresses),
      deletionProtection: field(raw, 'DeletionProtectionEnabled', asBoolean, false),
      billingMode: field(raw, 'BillingMode', asString, 'PROVISIONED'),
      streamEnabled:
        at(raw.attributes, 'StreamSpecification') !== undefined
          ? { value: true, provenance: 'explicit', location: locate(raw, 'StreamSpecification') }
          : { value: false, provenance: 'default', location: locate(raw, '') },
    });
  }
}
