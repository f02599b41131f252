// The isolated-processing data plane on the local emulator: the buckets, tables and keys the processor and the
// validator use, configured as the Terraform stack configures them (versioning, default SSE-KMS under a
// customer key, a separate key that wraps the token key). Returns the environment each function would get.
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { createClients, type AwsClients, type ClientConfig } from '../aws/index.ts';

export interface DataPlane {
  clients: AwsClients;
  rawBucket: string;
  processedBucket: string;
  auditBucket: string;
  metadataTable: string;
  auditTable: string;
  s3KeyArn: string;
  tokenKeyArn: string;
  /** Environment variables for the processor and validator, named as their contracts declare. */
  env: Record<string, string>;
}

export async function provisionDataPlane(config: ClientConfig, environment = 'local'): Promise<DataPlane> {
  const clients = createClients({ ...config, forcePathStyle: true });
  const account = '123456789012';
  const rawBucket = `s3-raw-data-${environment}-${account}`;
  const processedBucket = `s3-processed-data-${environment}-${account}`;
  const auditBucket = `s3-audit-logs-${environment}-${account}`;
  const metadataTable = `dynamodb-metadata-${environment}`;
  const auditTable = `dynamodb-audit-${environment}`;

  const s3Key = await clients.kms.send(
    new CreateKeyCommand({ Description: 'S3 objects (SSE-KMS)', KeyUsage: 'ENCRYPT_DECRYPT' }),
  );
  const tokenKey = await clients.kms.send(
    new CreateKeyCommand({ Description: 'wraps the tokenization data key', KeyUsage: 'ENCRYPT_DECRYPT' }),
  );
  const s3KeyArn = s3Key.KeyMetadata!.Arn!;
  const tokenKeyArn = tokenKey.KeyMetadata!.Arn!;
  await clients.kms.send(
    new CreateAliasCommand({ AliasName: `alias/s3-encryption-${environment}`, TargetKeyId: s3Key.KeyMetadata!.KeyId! }),
  );
  await clients.kms.send(
    new CreateAliasCommand({
      AliasName: `alias/tokenization-${environment}`,
      TargetKeyId: tokenKey.KeyMetadata!.KeyId!,
    }),
  );

  for (const bucket of [rawBucket, processedBucket, auditBucket]) {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await clients.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await clients.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: s3KeyArn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
  }
  for (const [table, key] of [
    [metadataTable, 'job_id'],
    [auditTable, 'audit_id'],
  ] as const) {
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      }),
    );
  }
  return {
    clients,
    rawBucket,
    processedBucket,
    auditBucket,
    metadataTable,
    auditTable,
    s3KeyArn,
    tokenKeyArn,
    env: {
      RAW_BUCKET: rawBucket,
      PROCESSED_BUCKET: processedBucket,
      METADATA_TABLE: metadataTable,
      AUDIT_TABLE: auditTable,
      S3_KMS_KEY_ARN: s3KeyArn,
      TOKEN_KMS_KEY_ARN: tokenKeyArn,
      TOKEN_KEY_VERSION: '1',
    },
  };
}
