// AWS SDK v3 clients. In Lambda they take everything from the runtime; locally the caller passes the
// emulator's configuration (src/local/emulator.ts). One set per process: clients are reused across invocations.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle?: boolean;
}

export interface AwsClients {
  s3: S3Client;
  dynamodb: DynamoDBDocumentClient;
  kms: KMSClient;
}

export function createClients(config: ClientConfig = {}): AwsClients {
  const { forcePathStyle, ...common } = config;
  const s3 = new S3Client({ ...common, forcePathStyle: forcePathStyle ?? false });
  const ddb = new DynamoDBClient(common);
  const dynamodb = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  const kms = new KMSClient(common);
  return { s3, dynamodb, kms };
}

/** Name of the AWS SDK error, for the few the adapters turn into domain outcomes. */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : undefined;
}
