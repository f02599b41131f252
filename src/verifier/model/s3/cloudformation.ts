// CloudFormation → S3 buckets (inline properties) and AWS::S3::BucketPolicy.
import type { Value } from '../../load/types.ts';
import { attach, base, link, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, at, field, locate, objects, refAt, refOf } from '../fields.ts';
import type { Bucket } from '../model.ts';

export function adaptCloudFormationS3(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::S3::Bucket')) {
    const enc = 'BucketEncryption.ServerSideEncryptionConfiguration.0';
    const pab = at(raw.attributes, 'PublicAccessBlockConfiguration');
    const lifecyclePath = 'LifecycleConfiguration.Rules';
    const lockYears = at(raw.attributes, 'ObjectLockConfiguration.Rule.DefaultRetention.Years');
    const bucket: Bucket = {
      ...base(raw, 's3-bucket'),
      name: field(raw, 'BucketName', asString),
      versioning: field(raw, 'VersioningConfiguration.Status', asString),
      mfaDelete: { value: 'Disabled', provenance: 'default', location: locate(raw, '') },
      encryption: at(raw.attributes, enc) !== undefined ? {
        algorithm: field(raw, `${enc}.ServerSideEncryptionByDefault.SSEAlgorithm`, asString),
        key: refAt(raw, `${enc}.ServerSideEncryptionByDefault.KMSMasterKeyID`, ctx.addresses),
        bucketKey: field(raw, `${enc}.BucketKeyEnabled`, asBoolean, false),
      } : undefined,
      encryptionLocation: at(raw.attributes, 'BucketEncryption') !== undefined ? locate(raw, 'BucketEncryption') : undefined,
      publicAccessBlock: pab !== undefined ? {
        blockPublicAcls: field(raw, 'PublicAccessBlockConfiguration.BlockPublicAcls', asBoolean, false),
        ignorePublicAcls: field(raw, 'PublicAccessBlockConfiguration.IgnorePublicAcls', asBoolean, false),
        blockPublicPolicy: field(raw, 'PublicAccessBlockConfiguration.BlockPublicPolicy', asBoolean, false),
        restrictPublicBuckets: field(raw, 'PublicAccessBlockConfiguration.RestrictPublicBuckets', asBoolean, false),
        location: locate(raw, 'PublicAccessBlockConfiguration'),
      } : undefined,
      policy: undefined,
      policySources: [],
      lifecycle: objects(at(raw.attributes, lifecyclePath)).map((_, i) => {
        const p = `${lifecyclePath}.${i}`;
        return {
          id: field(raw, `${p}.Id`, asString),
          enabled: field(raw, `${p}.Status`, (v) => (v === 'Enabled' ? true : v === 'Disabled' ? false : undefined)),
          expirationDays: field(raw, `${p}.ExpirationInDays`, asNumber),
          transitions: objects(at(raw.attributes, `${p}.Transitions`)).map((_, j) => ({
            days: field(raw, `${p}.Transitions.${j}.TransitionInDays`, asNumber),
            storageClass: field(raw, `${p}.Transitions.${j}.StorageClass`, asString),
          })),
          noncurrentExpirationDays: at(raw.attributes, `${p}.NoncurrentVersionExpiration`) !== undefined
            ? field(raw, `${p}.NoncurrentVersionExpiration.NoncurrentDays`, asNumber)
            : field(raw, `${p}.NoncurrentVersionExpirationInDays`, asNumber),
          location: locate(raw, p),
        };
      }),
      objectLock: field(raw, 'ObjectLockEnabled', asBoolean, false),
      objectLockMode: field(raw, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', asString),
      objectLockDays: typeof lockYears === 'number'
        ? { value: lockYears * 365, provenance: 'explicit', location: locate(raw, 'ObjectLockConfiguration') }
        : field(raw, 'ObjectLockConfiguration.Rule.DefaultRetention.Days', asNumber),
      logging: at(raw.attributes, 'LoggingConfiguration') !== undefined ? { targetBucket: refAt(raw, 'LoggingConfiguration.DestinationBucketName', ctx.addresses) } : undefined,
      notifications: [],
      ownership: field(raw, 'OwnershipControls.Rules.0.ObjectOwnership', asString),
    };
    const kinds = [['LambdaConfigurations', 'Function', 'lambda'], ['QueueConfigurations', 'Queue', 'sqs'], ['TopicConfigurations', 'Topic', 'sns']] as const;
    for (const [list, key, kind] of kinds) {
      objects(at(raw.attributes, `NotificationConfiguration.${list}`)).forEach((n, i) => {
        const event = n.Event as Value;
        bucket.notifications.push({ destinationKind: kind, destination: refOf(n[key], locate(raw, `NotificationConfiguration.${list}.${i}`), ctx.addresses), events: typeof event === 'string' ? [event] : [] });
      });
    }
    if (at(raw.attributes, 'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled') === true) {
      bucket.notifications.push({ destinationKind: 'eventbridge', destination: { provenance: 'explicit', literal: 'eventbridge', location: locate(raw, 'NotificationConfiguration.EventBridgeConfiguration') }, events: ['*'] });
    }
    m.buckets.push(bucket);
  }
  for (const raw of ofType(ctx, 'AWS::S3::BucketPolicy')) {
    link(ctx, raw, 'Bucket', m.buckets, (b) => [b.name.value], (bucket) => {
      bucket.policySources.push({ address: raw.address, location: locate(raw, '') });
      policyAt(ctx, raw, 'PolicyDocument', (d) => { bucket.policy = d; });
      attach(bucket, raw);
    }, () => orphan(ctx, raw, 'an S3 bucket', 's3-bucket', 'bucket policy'));
  }
}
