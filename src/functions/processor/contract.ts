// What the processor needs from its environment, and the requests it really sends. The build writes this as
// dist/functions/processor/contract.json; the verifier proves a deployment grants exactly this.
import { defineContract } from '../../core/contract.ts';

// Every write names SSE-KMS and the key explicitly (src/aws/s3-multipart.ts): PutObject and CreateMultipartUpload.
const sseKms = {
  's3:x-amz-server-side-encryption': 'aws:kms',
  's3:x-amz-server-side-encryption-aws-kms-key-id': { env: 'S3_KMS_KEY_ARN' },
};
// UploadPart and CompleteMultipartUpload are authorised as s3:PutObject too, and carry no encryption header.
const noHeader = { 's3:x-amz-server-side-encryption': null, 's3:x-amz-server-side-encryption-aws-kms-key-id': null };
const outputs = ['processed/', 'quarantine/'];
// S3 calls KMS for the function with the object's or, with an S3 Bucket Key, the bucket's ARN as encryption context.
const viaS3 = (bucket: string) => ({ 'aws:s3:arn': { s3ArnOf: bucket } });

export const contract = defineContract({
  function: 'processor',
  // The raw files it reads hold clear card numbers.
  receivesCardNumbers: true,
  environment: [
    {
      name: 'RAW_BUCKET',
      required: true,
      names: 's3-bucket',
      holds: 'card-data',
      description: 'bucket whose ObjectCreated events the function processes; events for other buckets are refused',
    },
    {
      name: 'PROCESSED_BUCKET',
      required: true,
      names: 's3-bucket',
      holds: 'other',
      description: 'bucket for processed (processed/…) and quarantined (quarantine/…) records: tokens and masks only',
    },
    {
      name: 'METADATA_TABLE',
      required: true,
      names: 'dynamodb-table',
      holds: 'other',
      description: 'job ledger table (partition key job_id, S); also holds the encrypted token key',
    },
    {
      name: 'AUDIT_TABLE',
      required: true,
      names: 'dynamodb-table',
      holds: 'audit',
      description: 'append-only audit table (partition key audit_id, S)',
    },
    {
      name: 'S3_KMS_KEY_ARN',
      required: true,
      names: 'kms-key',
      description: 'KMS key for SSE-KMS on raw and processed objects, sent explicitly on every write',
    },
    {
      name: 'TOKEN_KMS_KEY_ARN',
      required: true,
      names: 'kms-key',
      description: 'KMS key that wraps the tokenization data key; only the processor should be able to use it',
    },
    {
      name: 'TOKEN_KEY_VERSION',
      required: false,
      description: 'current token key version (default 1); raise it to rotate',
    },
    {
      name: 'JOB_LEASE_SECONDS',
      required: false,
      description:
        'how long a claimed job is protected from other attempts (default: the invocation remaining time + 30 s)',
    },
    { name: 'POWERTOOLS_LOG_LEVEL', required: false, description: 'log level (default INFO)' },
  ],
  calls: [
    {
      action: 's3:GetObject',
      resource: { kind: 's3-object', env: 'RAW_BUCKET' },
      why: 'stream the source object the event names',
    },
    {
      action: 's3:GetObjectVersion',
      resource: { kind: 's3-object', env: 'RAW_BUCKET' },
      why: 'read exactly the version the event names',
    },
    {
      action: 's3:PutObject',
      resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs },
      request: sseKms,
      why: 'write processed and quarantine objects (PutObject, CreateMultipartUpload)',
    },
    {
      action: 's3:PutObject',
      resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs },
      request: noHeader,
      why: 'upload and complete the parts of multipart uploads (UploadPart, CompleteMultipartUpload)',
    },
    {
      action: 's3:AbortMultipartUpload',
      resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs },
      why: 'abort uploads left by a failed or crashed attempt',
    },
    {
      action: 's3:GetObject',
      resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs },
      why: 'HeadObject: after a crash, see which outputs the crashed attempt already completed, so none is written twice',
    },
    {
      action: 's3:ListBucket',
      resource: { kind: 's3-bucket', env: 'PROCESSED_BUCKET' },
      why: 'HeadObject of an output the crashed attempt did not complete: S3 answers 404 only to a caller that may list the bucket, 403 to any other, and 403 cannot be told from a denial',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' },
      viaService: 's3',
      encryptionContext: viaS3('RAW_BUCKET'),
      why: 'read SSE-KMS source objects',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' },
      viaService: 's3',
      encryptionContext: viaS3('PROCESSED_BUCKET'),
      why: 'complete SSE-KMS multipart uploads',
    },
    {
      action: 'kms:GenerateDataKey',
      resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' },
      viaService: 's3',
      encryptionContext: viaS3('PROCESSED_BUCKET'),
      why: 'write SSE-KMS objects',
    },
    // src/aws/token-key.ts: the context binds the ciphertext to its purpose and version.
    {
      action: 'kms:GenerateDataKey',
      resource: { kind: 'kms-key', env: 'TOKEN_KMS_KEY_ARN' },
      encryptionContext: { purpose: 'enclave-token-key', version: { env: 'TOKEN_KEY_VERSION', default: '1' } },
      why: 'create the token data key the first time a version is used',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', env: 'TOKEN_KMS_KEY_ARN' },
      encryptionContext: { purpose: 'enclave-token-key', version: { env: 'TOKEN_KEY_VERSION', default: '1' } },
      why: 'decrypt the token data key once per cold start',
    },
    {
      action: 'dynamodb:GetItem',
      resource: { kind: 'dynamodb-table', env: 'METADATA_TABLE' },
      why: 'read the job ledger and the encrypted token key',
    },
    {
      action: 'dynamodb:PutItem',
      resource: { kind: 'dynamodb-table', env: 'METADATA_TABLE' },
      why: 'claim, update and finish jobs with conditional writes; store a new encrypted token key',
    },
    {
      action: 'dynamodb:PutItem',
      resource: { kind: 'dynamodb-table', env: 'AUDIT_TABLE' },
      why: 'append one audit record per job (conditional put, never update)',
    },
  ],
  extraServices: ['logs'],
});
