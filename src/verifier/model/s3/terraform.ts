// Terraform → S3 buckets, assembled from aws_s3_bucket and its split configuration resources (and the
// deprecated inline blocks, which the schema check warns about).
import type { RawResource, Value } from '../../load/types.ts';
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, at, field, locate, objects, refAt, refOf } from '../fields.ts';
import type { Bucket, BucketEncryption, LifecycleRule } from '../model.ts';

function encryptionFrom(raw: RawResource, prefix: string, ctx: AdaptContext): BucketEncryption | undefined {
  const rule = at(raw.attributes, `${prefix}rule`);
  if (rule === undefined) return undefined;
  return {
    algorithm: field(raw, `${prefix}rule.apply_server_side_encryption_by_default.sse_algorithm`, asString),
    key: refAt(raw, `${prefix}rule.apply_server_side_encryption_by_default.kms_master_key_id`, ctx.addresses),
    bucketKey: field(raw, `${prefix}rule.bucket_key_enabled`, asBoolean, false),
  };
}

function lifecycleFrom(raw: RawResource, path: string, statusKey: 'status' | 'enabled'): LifecycleRule[] {
  return objects(at(raw.attributes, path)).map((_, i) => {
    const p = `${path}.${i}`;
    const enabled = statusKey === 'status'
      ? field(raw, `${p}.status`, (v) => (v === 'Enabled' ? true : v === 'Disabled' ? false : undefined))
      : field(raw, `${p}.enabled`, asBoolean);
    return {
      id: field(raw, `${p}.id`, asString),
      enabled,
      expirationDays: field(raw, `${p}.expiration.days`, asNumber),
      transitions: objects(at(raw.attributes, `${p}.transition`)).map((_, j) => ({
        days: field(raw, `${p}.transition.${j}.days`, asNumber),
        storageClass: field(raw, `${p}.transition.${j}.storage_class`, asString),
      })),
      noncurrentExpirationDays: field(raw, `${p}.noncurrent_version_expiration.${statusKey === 'status' ? 'noncurrent_days' : 'days'}`, asNumber),
      location: locate(raw, p),
    };
  });
}

export function adaptTerraformS3(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_s3_bucket')) {
    const inlineVersioning = at(raw.attributes, 'versioning') !== undefined;
    const bucket: Bucket = {
      ...base(raw, 's3-bucket'),
      name: at(raw.attributes, 'bucket') !== undefined ? field(raw, 'bucket', asString) : field(raw, 'bucket_prefix', asString),
      versioning: inlineVersioning
        ? field(raw, 'versioning.enabled', (v) => (asBoolean(v) === true ? 'Enabled' : asBoolean(v) === false ? 'Suspended' : undefined))
        : { value: undefined, provenance: 'default', location: locate(raw, '') },
      mfaDelete: field(raw, 'versioning.mfa_delete', (v) => (asBoolean(v) ? 'Enabled' : 'Disabled'), 'Disabled'),
      encryption: encryptionFrom(raw, 'server_side_encryption_configuration.', ctx),
      encryptionLocation: at(raw.attributes, 'server_side_encryption_configuration') !== undefined ? locate(raw, 'server_side_encryption_configuration') : undefined,
      publicAccessBlock: undefined,
      policy: undefined,
      policySources: [],
      lifecycle: lifecycleFrom(raw, 'lifecycle_rule', 'enabled'),
      objectLock: field(raw, 'object_lock_enabled', asBoolean, false),
      objectLockMode: { value: undefined, provenance: 'default', location: locate(raw, '') },
      objectLockDays: { value: undefined, provenance: 'default', location: locate(raw, '') },
      logging: at(raw.attributes, 'logging') !== undefined ? { targetBucket: refAt(raw, 'logging.target_bucket', ctx.addresses) } : undefined,
      notifications: [],
      ownership: { value: undefined, provenance: 'default', location: locate(raw, '') },
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) {
      bucket.policySources.push({ address: raw.address, location: locate(raw, 'policy') });
      policyAt(ctx, raw, 'policy', (d) => { bucket.policy = d; });
    }
    m.buckets.push(bucket);
  }
  const names = (b: Bucket) => [b.name.value];
  const configure = (type: string, apply: (bucket: Bucket, raw: RawResource) => void) => {
    for (const raw of ofType(ctx, type)) {
      link(ctx, raw, 'bucket', m.buckets, names, (bucket) => {
        apply(bucket, raw);
        attach(bucket, raw);
      }, () => orphan(ctx, raw, 'an S3 bucket', 's3-bucket'));
    }
  };
  configure('aws_s3_bucket_versioning', (bucket, raw) => {
    bucket.versioning = field(raw, 'versioning_configuration.status', asString);
    bucket.mfaDelete = field(raw, 'versioning_configuration.mfa_delete', asString, 'Disabled');
  });
  configure('aws_s3_bucket_server_side_encryption_configuration', (bucket, raw) => {
    bucket.encryption = encryptionFrom(raw, '', ctx);
    bucket.encryptionLocation = locate(raw, '');
  });
  configure('aws_s3_bucket_public_access_block', (bucket, raw) => {
    bucket.publicAccessBlock = {
      blockPublicAcls: field(raw, 'block_public_acls', asBoolean, false),
      ignorePublicAcls: field(raw, 'ignore_public_acls', asBoolean, false),
      blockPublicPolicy: field(raw, 'block_public_policy', asBoolean, false),
      restrictPublicBuckets: field(raw, 'restrict_public_buckets', asBoolean, false),
      location: locate(raw, ''),
    };
  });
  configure('aws_s3_bucket_policy', (bucket, raw) => {
    bucket.policySources.push({ address: raw.address, location: locate(raw, '') });
    policyAt(ctx, raw, 'policy', (d) => { bucket.policy = d; });
  });
  configure('aws_s3_bucket_lifecycle_configuration', (bucket, raw) => {
    bucket.lifecycle = lifecycleFrom(raw, 'rule', 'status');
  });
  configure('aws_s3_bucket_object_lock_configuration', (bucket, raw) => {
    bucket.objectLock = { value: true, provenance: 'explicit', location: locate(raw, '') };
    bucket.objectLockMode = field(raw, 'rule.default_retention.mode', asString);
    const years = at(raw.attributes, 'rule.default_retention.years');
    bucket.objectLockDays = typeof years === 'number' ? { value: years * 365, provenance: 'explicit', location: locate(raw, 'rule') } : field(raw, 'rule.default_retention.days', asNumber);
  });
  configure('aws_s3_bucket_logging', (bucket, raw) => {
    bucket.logging = { targetBucket: refAt(raw, 'target_bucket', ctx.addresses) };
  });
  configure('aws_s3_bucket_ownership_controls', (bucket, raw) => {
    bucket.ownership = field(raw, 'rule.object_ownership', asString);
  });
  configure('aws_s3_bucket_notification', (bucket, raw) => {
    const events = (v: Value | undefined) => (Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : []);
    const kinds = [['lambda_function', 'lambda_function_arn', 'lambda'], ['queue', 'queue_arn', 'sqs'], ['topic', 'topic_arn', 'sns']] as const;
    for (const [block, key, kind] of kinds) {
      objects(at(raw.attributes, block)).forEach((n, i) => {
        bucket.notifications.push({ destinationKind: kind, destination: refOf(n[key], locate(raw, `${block}.${i}`), ctx.addresses), events: events(n.events) });
      });
    }
    if (at(raw.attributes, 'eventbridge') === true) bucket.notifications.push({ destinationKind: 'eventbridge', destination: { provenance: 'explicit', literal: 'eventbridge', location: locate(raw, 'eventbridge') }, events: ['*'] });
  });
}
