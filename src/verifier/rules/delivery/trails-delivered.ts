// ENC-DLV-002: every CloudTrail trail can deliver its log and digest files (bucket policy, key policy including the
// Bucket Key case, order) and, when it has one, to its CloudWatch Logs group.
import type { Analysis } from '../../analysis/index.ts';
import { waitsFor } from '../../model/order.ts';
import { sym, type Sym } from '../../model/iam/symbolic.ts';
import type { Model, Trail } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { ACCOUNT, arnOf, bucketOf, keyOf, logGroupArn, logGroupOf, needsChecks, resource, roleMay, token, type Need } from './common.ts';

const BUCKET_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html';
const KEY_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html';
const CWL_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html';
const CT = 'cloudtrail.amazonaws.com';

/** Where CloudTrail writes: [prefix/]AWSLogs/<account>/CloudTrail/<region>/… and …/CloudTrail-Digest/<region>/…. */
export function trailKeys(analysis: Analysis, trail: Trail): { logs: Sym; digests: Sym } | undefined {
  if (trail.s3KeyPrefix.provenance === 'unknown') return undefined;
  const base = trail.s3KeyPrefix.value ? `${trail.s3KeyPrefix.value.replace(/\/$/, '')}/` : '';
  const region = analysis.iam.view.region;
  return {
    logs: sym(base, 'AWSLogs/', ACCOUNT, '/CloudTrail/', region, '/', token('date/log file')),
    digests: sym(base, 'AWSLogs/', ACCOUNT, '/CloudTrail-Digest/', region, '/', token('date/digest file')),
  };
}

function checksOf(model: Model, analysis: Analysis, trail: Trail): Check[] {
  const bucket = bucketOf(model, trail.bucket);
  if (!bucket) return [check('unknown', trail, `${trail.address} delivers to a bucket that is not in this stack`, trail.bucket.location)];
  const keys = trailKeys(analysis, trail);
  if (!keys) return [check('unknown', trail, `${trail.address}'s key prefix is known only after apply`, trail.s3KeyPrefix.location)];
  const region = analysis.iam.view.region;
  const trailArn = arnOf(model, trail.address);
  const presents = { 'aws:sourcearn': [trailArn], 'aws:sourceaccount': [[ACCOUNT]] };
  const target = resource(analysis, bucket.address);
  const key = keyOf(model, trail.kmsKey);
  const keyArn = key ? resource(analysis, key.address).arn : undefined;
  // With a KMS key CloudTrail asks for SSE-KMS under it; whether digest files carry the header too is not
  // documented, so both forms are asked (fail closed).
  const headers = keyArn ? [{ 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': [keyArn] }, { 's3:x-amz-server-side-encryption': null, 's3:x-amz-server-side-encryption-aws-kms-key-id': null }]
    : [{ 's3:x-amz-server-side-encryption': null, 's3:x-amz-server-side-encryption-aws-kms-key-id': null }];
  const needs: Need[] = [{ what: `${CT} checks the bucket ACL for ${trail.address}`, asker: { service: CT, forAccount: 'this' }, action: 's3:GetBucketAcl', resource: target, request: presents, doc: BUCKET_DOC }];
  for (const [what, objectKey] of [['log files', keys.logs], ['digest files', keys.digests]] as const) {
    for (const h of headers) {
      needs.push({ what: `${CT} writes ${trail.address}'s ${what}`, asker: { service: CT, forAccount: 'this' }, action: 's3:PutObject', resource: target, objectKey, request: { ...presents, 's3:x-amz-acl': 'bucket-owner-full-control', ...h }, doc: `CloudTrail writes [prefix/]AWSLogs/<account>/CloudTrail/… and CloudTrail-Digest/… with s3:x-amz-acl = bucket-owner-full-control (${BUCKET_DOC})` });
    }
  }
  if (key) {
    const k = resource(analysis, key.address);
    const objectArn = sym(target.arn, '/', keys.logs);
    needs.push({ what: `${CT} encrypts ${trail.address}'s files under ${key.address}`, asker: { service: CT, forAccount: 'this' }, action: 'kms:GenerateDataKey', resource: k,
      request: { ...presents, 'kms:encryptioncontext:aws:cloudtrail:arn': [trailArn], 'kms:encryptioncontext:aws:s3:arn': [objectArn], 'kms:encryptioncontext:*': null, 'kms:viaservice': null }, doc: KEY_DOC });
    needs.push({ what: `${CT} describes ${key.address} for ${trail.address}`, asker: { service: CT, forAccount: 'this' }, action: 'kms:DescribeKey', resource: k, request: { ...presents, 'kms:viaservice': null, 'kms:encryptioncontext:*': null }, doc: KEY_DOC });
    if (bucket.encryption?.bucketKey.value === true) {
      // With an S3 Bucket Key, CloudTrail must also decrypt (the docs say so, without the context it uses: both forms asked).
      for (const via of [null, [sym('s3.', region, '.amazonaws.com')]] as (Sym[] | null)[]) {
        needs.push({ what: `${CT} decrypts under ${key.address} ${via ? 'through S3' : 'calling KMS itself'} because ${bucket.address} uses an S3 Bucket Key`, asker: { service: CT, forAccount: 'this' }, action: 'kms:Decrypt', resource: k,
          request: { ...presents, 'kms:encryptioncontext:aws:cloudtrail:arn': [trailArn], 'kms:encryptioncontext:aws:s3:arn': [target.arn], 'kms:encryptioncontext:*': null, 'kms:viaservice': via }, doc: `"If you are using an existing S3 bucket with an S3 Bucket Key, kms:Decrypt permissions are required to create or update a trail with SSE-KMS encryption enabled" (${KEY_DOC})` });
      }
    }
  }
  const checks = needsChecks(analysis, trail, needs, `${trail.address} can deliver to ${bucket.address}`);
  const policyFrom = bucket.policy?.origin;
  if (!policyFrom) checks.push(check('non-compliant', trail, `${bucket.address} has no bucket policy: CreateTrail fails with InsufficientS3BucketPolicyException (${BUCKET_DOC})`, bucket.location));
  else if (policyFrom !== bucket.address && !waitsFor(model, trail.address, policyFrom)) {
    checks.push(check('non-compliant', trail, `${trail.address} is not ordered after ${policyFrom}: CreateTrail checks the bucket policy and fails with InsufficientS3BucketPolicyException when it is not there yet (add depends_on / DependsOn; ${BUCKET_DOC})`, trail.location));
  }
  if (trail.logGroup.provenance !== 'default') checks.push(...cloudWatchChecks(model, analysis, trail));
  return checks;
}

function cloudWatchChecks(model: Model, analysis: Analysis, trail: Trail): Check[] {
  const group = logGroupOf(model, trail.logGroup);
  if (!group) return [check('unknown', trail, `${trail.address} delivers to a log group that is not in this stack`, trail.logGroup.location)];
  const role = trail.cloudWatchRole.target ? analysis.iam.view.principalById.get(trail.cloudWatchRole.target) : undefined;
  if (!role?.address) return [check(trail.cloudWatchRole.provenance === 'default' ? 'non-compliant' : 'unknown', trail, `${trail.address} sends to ${group.address} but names ${trail.cloudWatchRole.provenance === 'default' ? 'no role' : 'a role outside this stack'} to write with (${CWL_DOC})`, trail.cloudWatchRole.location)];
  const region = analysis.iam.view.region;
  const checks = needsChecks(analysis, trail, [{ what: `${CT} assumes ${role.id} for ${trail.address}`, asker: { service: CT, forAccount: 'this' }, action: 'sts:AssumeRole', resource: resource(analysis, role.address), request: { 'aws:sourcearn': [arnOf(model, trail.address)], 'aws:sourceaccount': [[ACCOUNT]] }, doc: CWL_DOC }], `${CT} may assume ${role.id}`);
  const stream = sym(logGroupArn(analysis, group), ':log-stream:', ACCOUNT, '_CloudTrail_', region, token('stream suffix'));
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    const outcome = roleMay(analysis, role.id, action, stream, resource(analysis, group.address));
    if (outcome) checks.push(check(outcome.verdict, trail, `${role.id} (the CloudWatch Logs role of ${trail.address}) ${outcome.text} ${action} on ${outcome.on} (${CWL_DOC})`, outcome.location));
  }
  return checks;
}

export const trailsDelivered: Rule = {
  id: 'ENC-DLV-002',
  title: 'CloudTrail trails can deliver their log and digest files',
  description: `Proves each trail's delivery as CloudTrail performs it, presenting aws:SourceArn (the trail's ARN) and aws:SourceAccount: s3:GetBucketAcl on the bucket and s3:PutObject with s3:x-amz-acl = bucket-owner-full-control on [prefix/]AWSLogs/<account>/CloudTrail/… and …/CloudTrail-Digest/… (${BUCKET_DOC}); with a KMS key, kms:GenerateDataKey under the encryption context aws:cloudtrail:arn (and aws:s3:arn) and kms:DescribeKey (${KEY_DOC}); when the bucket uses an S3 Bucket Key, kms:Decrypt as well (the same page); the bucket policy in place before the trail; and for a CloudWatch Logs group, the role CloudTrail assumes with logs:CreateLogStream and logs:PutLogEvents on <group>:log-stream:<account>_CloudTrail_<region>* (${CWL_DOC}). Where AWS does not say which headers or context a request carries (digest files, the Bucket Key decrypt), every form is asked.`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.3.3', '10.5.1'] },
  evaluate(model, analysis) {
    return resultOf(model.trails.flatMap((t) => (t.bucket.provenance === 'default' ? [] : checksOf(model, analysis, t))));
  },
};
