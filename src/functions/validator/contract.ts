// What the validator needs from its environment, and the requests it really sends; written by the build as
// dist/functions/validator/contract.json.
import { defineContract } from '../../core/contract.ts';

const outputs = ['processed/', 'quarantine/'];

export const contract = defineContract({
  function: 'validator',
  environment: [
    { name: 'PROCESSED_BUCKET', required: true, names: 's3-bucket', holds: 'other', description: 'bucket holding processed/… and quarantine/… objects to validate' },
    { name: 'AUDIT_TABLE', required: true, names: 'dynamodb-table', holds: 'audit', description: 'append-only audit table (partition key audit_id, S)' },
    { name: 'S3_KMS_KEY_ARN', required: true, names: 'kms-key', description: 'the KMS key every processed object must be encrypted under' },
    { name: 'POWERTOOLS_LOG_LEVEL', required: false, description: 'log level (default INFO)' },
  ],
  calls: [
    { action: 's3:GetObject', resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs }, why: 'read the object and its encryption headers' },
    { action: 's3:GetObjectVersion', resource: { kind: 's3-object', env: 'PROCESSED_BUCKET', prefixes: outputs }, why: 'read exactly the version the event names' },
    { action: 'kms:Decrypt', resource: { kind: 'kms-key', env: 'S3_KMS_KEY_ARN' }, viaService: 's3', encryptionContext: { 'aws:s3:arn': { s3ArnOf: 'PROCESSED_BUCKET' } }, why: 'read SSE-KMS objects' },
    { action: 'dynamodb:PutItem', resource: { kind: 'dynamodb-table', env: 'AUDIT_TABLE' }, why: 'append one audit record per validated object (conditional put)' },
  ],
  extraServices: ['logs'],
});
