import type { Rule } from '../types.ts';
import { auditBucketImmutable } from './audit-immutable.ts';
import { auditBucketRetention } from './audit-retention.ts';
import { bucketCmkEncryption } from './cmk-encryption.ts';
import { bucketPublicAccessBlocked } from './public-access-blocked.ts';
import { bucketTlsOnly } from './tls-only.ts';
import { bucketUploadsEncrypted } from './uploads-encrypted.ts';
import { bucketVersioning } from './versioning-enabled.ts';

export const s3Rules: Rule[] = [
  bucketVersioning,
  bucketCmkEncryption,
  bucketPublicAccessBlocked,
  bucketTlsOnly,
  bucketUploadsEncrypted,
  auditBucketImmutable,
  auditBucketRetention,
];
