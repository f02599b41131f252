// Which encryption context each AWS service sends KMS when it encrypts or decrypts for someone, and which values of
// kms:ViaService exist: a condition on an encryption context key nobody sends never holds, so the statement that
// carries it does nothing (an Allow grants nothing; a Deny protects nothing). The catalogue holds what AWS
// documents; a key it does not list is treated as never sent unless a function contract of the stack sends it
// (fail closed: a key some service does send but we do not list is reported, not silently trusted).
import type { FunctionContract } from '../../../core/contract.ts';

export interface ContextSender {
  /** Who sends the key: an AWS service, or a function contract of the stack. */
  by: string;
  /** Where AWS says so. */
  doc?: string;
}

/** Encryption context keys AWS services send, lower-cased (IAM matches condition key names case-insensitively). */
export const SERVICE_ENCRYPTION_CONTEXT: Readonly<Record<string, ContextSender>> = {
  'aws:lambda:functionarn': { by: 'Lambda (environment variables, through the grant it creates)', doc: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html' },
  'aws:s3:arn': { by: 'S3 (SSE-KMS: the object ARN, or the bucket ARN with an S3 Bucket Key)', doc: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context' },
  'aws:logs:arn': { by: 'CloudWatch Logs (the log group ARN)', doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html' },
  'aws:cloudtrail:arn': { by: 'CloudTrail (the trail ARN)', doc: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html' },
  'aws:dynamodb:tablename': { by: 'DynamoDB', doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html' },
  'aws:dynamodb:subscriberid': { by: 'DynamoDB', doc: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html' },
  secretarn: { by: 'Secrets Manager', doc: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html' },
  secretversionid: { by: 'Secrets Manager', doc: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html' },
  'aws:sns:topicarn': { by: 'SNS (server-side encryption of a topic)', doc: 'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html' },
  'aws:sqs:arn': { by: 'SQS (server-side encryption of a queue)', doc: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html' },
  'aws:ebs:id': { by: 'EBS', doc: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html' },
  'aws:kinesis:arn': { by: 'Kinesis Data Streams', doc: 'https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html' },
  'aws:ssm:parameter:arn': { by: 'Systems Manager Parameter Store' },
  parameter_arn: { by: 'Systems Manager Parameter Store', doc: 'https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html' },
  'aws:events:event-bus:arn': { by: 'EventBridge', doc: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-key-policy.html' },
};

/** Every encryption context key some sender sends: AWS services, plus the keys the stack's function contracts send. */
export function encryptionContextSenders(contracts: Iterable<FunctionContract>): Map<string, ContextSender> {
  const out = new Map<string, ContextSender>(Object.entries(SERVICE_ENCRYPTION_CONTEXT));
  for (const contract of contracts) {
    for (const call of contract.calls) {
      for (const key of Object.keys(call.encryptionContext ?? {})) {
        if (!out.has(key.toLowerCase())) out.set(key.toLowerCase(), { by: `the ${contract.function} function (its contract)` });
      }
    }
  }
  return out;
}

/** A kms:ViaService value AWS can send: `<service>.<region>.amazonaws.com` (the region may be a token of the stack). */
export function isViaServiceShape(value: string): boolean {
  return /^[a-z0-9-]+\.(\$\{[^}]+\}|[a-z]{2}(-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?$/.test(value);
}
