// What the processor needs from its environment. The build writes this as dist/functions/processor/contract.json;
// the verifier proves a deployment grants exactly this.
import { defineContract } from '../../core/contract.ts';

export const contract = defineContract({
  function: 'processor',
  environment: [
    { name: 'RAW_BUCKET', required: true, description: 'bucket whose ObjectCreated events the function processes; events for other buckets are refused' },
    { name: 'PROCESSED_BUCKET', required: true, description: 'bucket for processed (processed/…) and quarantined (quarantine/…) records' },
    { name: 'METADATA_TABLE', required: true, description: 'job ledger table (partition key job_id, S); also holds the encrypted token key' },
    { name: 'AUDIT_TABLE', required: true, description: 'append-only audit table (partition key audit_id, S)' },
    { name: 'S3_KMS_KEY_ARN', required: true, description: 'KMS key for SSE-KMS on raw and processed objects, sent explicitly on every write' },
    { name: 'TOKEN_KMS_KEY_ARN', required: true, description: 'KMS key that wraps the tokenization data key; only the processor should be able to use it' },
    { name: 'TOKEN_KEY_VERSION', required: false, description: 'current token key version (default 1); raise it to rotate' },
    { name: 'JOB_LEASE_SECONDS', required: false, description: 'how long a claimed job is protected from other attempts (default: the invocation remaining time + 30 s)' },
    { name: 'POWERTOOLS_LOG_LEVEL', required: false, description: 'log level (default INFO)' },
  ],
  calls: [
    { action: 's3:GetObject', resource: { kind: 's3-object', env: 'RAW_BUCKET' }, why: 'stream the source object' },
    { action: 's3:GetObjectVersion', resource: { kind: 's3-object', env: 'RAW_BUCKET' }, why: 'read exactly the version the event names' },
    { action: 's3:PutObject', resource: { kind: 's3-object', env: 'PROCESSED_BUCKET' }, why: 'write processed and quarantine objects (PutObject and multipart upload)' },
    { action: 's3:AbortMultipartUpload', resource: { kind: 's3-object', env: 'PROCESSED_BUCKET' }, why: 'abort uploads left by a failed or crashed attempt' },
    { action: 's3:GetObject', resource: { kind: 's3-object', env: 'PROCESSED_BUCKET' }, why: 'HeadObject: after a crash, see which outputs the crashed attempt already completed, so none is written twice' },
    { action: 's3:ListBucket', resource: { kind: 's3-bucket', env: 'PROCESSED_BUCKET' }, why: 'HeadObject of an output the crashed attempt did not complete: S3 answers 404 only to a caller that may list the bucket, 403 to any other, and 403 cannot be told from a denial' },
    { action: 'kms:Decrypt', resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' }, why: 'read SSE-KMS source objects; complete SSE-KMS multipart uploads', viaService: 's3' },
    { action: 'kms:GenerateDataKey', resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' }, why: 'write SSE-KMS objects', viaService: 's3' },
    { action: 'kms:GenerateDataKey', resource: { kind: 'kms-key', env: 'TOKEN_KMS_KEY_ARN' }, why: 'create the token data key the first time a version is used' },
    { action: 'kms:Decrypt', resource: { kind: 'kms-key', env: 'TOKEN_KMS_KEY_ARN' }, why: 'decrypt the token data key once per cold start' },
    { action: 'dynamodb:GetItem', resource: { kind: 'dynamodb-table', env: 'METADATA_TABLE' }, why: 'read the job ledger and the encrypted token key' },
    { action: 'dynamodb:PutItem', resource: { kind: 'dynamodb-table', env: 'METADATA_TABLE' }, why: 'claim, update and finish jobs with conditional writes; store a new encrypted token key' },
    { action: 'dynamodb:PutItem', resource: { kind: 'dynamodb-table', env: 'AUDIT_TABLE' }, why: 'append one audit record per job (conditional put, never update)' },
  ],
  extraServices: ['logs'],
});
