// ENC-DLV-001: every VPC flow log can deliver: to S3 (bucket policy, key policy, order) or to CloudWatch Logs
// (the delivery role's trust and permissions).
import type { Analysis } from '../../analysis/index.ts';
import { waitsFor } from '../../model/order.ts';
import { sym } from '../../model/iam/symbolic.ts';
import type { FlowLog, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { ACCOUNT, bucketKey, bucketOf, logGroupArn, logGroupOf, needsChecks, prove, resource, roleMay, token, type Need } from './common.ts';

const S3_DOC = 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html#flow-logs-s3-permissions';
const PATH_DOC = 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html#flow-logs-s3-path';
const KMS_DOC = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-SSE-KMS-S3';
const ROLE_DOC = 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html';
const DELIVERY = 'delivery.logs.amazonaws.com';

function s3Checks(model: Model, analysis: Analysis, flow: FlowLog): Check[] {
  const bucket = bucketOf(model, flow.destination);
  if (!bucket) return [check('unknown', flow, `${flow.address} delivers to a bucket that is not in this stack; whether it may write there is unknown`, flow.destination.location)];
  if (flow.destinationPrefix.provenance === 'unknown' || flow.hivePartitions.provenance === 'unknown') return [check('unknown', flow, `${flow.address}: its S3 prefix or partitioning is known only after apply`, flow.destinationPrefix.location)];
  const region = analysis.iam.view.region;
  const hive = flow.hivePartitions.value === true;
  // Where the files land: bucket[/prefix]/AWSLogs/<acct>/vpcflowlogs/<region>/… or, Hive-compatible, AWSLogs/aws-account-id=<acct>/…
  const key = sym(flow.destinationPrefix.value ?? '', 'AWSLogs/', hive ? 'aws-account-id=' : '', ACCOUNT, hive ? '/aws-service=vpcflowlogs/aws-region=' : '/vpcflowlogs/', region, '/', token('date/flow-log file'));
  const target = resource(analysis, bucket.address);
  const presents = { 'aws:sourceaccount': [[ACCOUNT]], 'aws:sourcearn': [sym('arn:aws:logs:', region, ':', ACCOUNT, ':', token('log delivery source'))] };
  const needs: Need[] = [
    { what: `${DELIVERY} checks the bucket ACL before delivering ${flow.address}`, asker: { service: DELIVERY, forAccount: 'this' }, action: 's3:GetBucketAcl', resource: target, request: presents, doc: S3_DOC },
    { what: `${DELIVERY} writes ${flow.address}'s files${hive ? ' under Hive-compatible prefixes' : ''}`, asker: { service: DELIVERY, forAccount: 'this' }, action: 's3:PutObject', resource: target, objectKey: key,
      request: { ...presents, 's3:x-amz-acl': 'bucket-owner-full-control', 's3:x-amz-server-side-encryption': null, 's3:x-amz-server-side-encryption-aws-kms-key-id': null }, doc: `files are written to ${hive ? 'AWSLogs/aws-account-id=<account>/…' : 'AWSLogs/<account>/vpcflowlogs/…'} (${PATH_DOC}) and the bucket policy must allow it (${S3_DOC})` },
  ];
  const key_ = bucketKey(model, bucket);
  if (key_) {
    const context = bucket.encryption?.bucketKey.value === true ? target.arn : sym(target.arn, '/', key);
    const kms = { ...presents, 'kms:viaservice': [sym('s3.', region, '.amazonaws.com')], 'kms:encryptioncontext:aws:s3:arn': [context], 'kms:encryptioncontext:*': null };
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      needs.push({ what: `${DELIVERY} encrypts ${flow.address}'s files under ${key_.address}, the bucket's default key`, asker: { service: DELIVERY, forAccount: 'this' }, action, resource: resource(analysis, key_.address), request: kms, doc: `SSE-KMS deliveries need the key policy to allow the log delivery service (${KMS_DOC}); kms:Decrypt is demanded too, as the documented statement grants it and S3 needs it for multipart uploads and Bucket Keys — fail closed where AWS does not say which one a delivery uses` });
    }
  }
  const checks = needsChecks(analysis, flow, needs, `${flow.address} can deliver to ${bucket.address}`);
  // The statement should hold the service to a source ARN of this account (confused deputy), as the guide's policy does.
  const put = needs[1]!;
  const anySource = prove(analysis, { ...put, request: { ...put.request, 'aws:sourcearn': null } });
  if (anySource.verdict === 'compliant') checks.push(check('non-compliant', flow, `${bucket.address}'s policy lets ${DELIVERY} write ${flow.address}'s files without an aws:SourceArn condition: any log delivery of this account may write there (add ArnLike aws:SourceArn arn:aws:logs:<region>:<account>:*, ${S3_DOC})`, anySource.location));
  // Without the delivery statement in place first, CreateFlowLogs finds a bucket that refuses it and — when the
  // creator owns the bucket — writes AWS's own policy onto it; the next apply puts the stack's back.
  const policyFrom = bucket.policy?.origin;
  if (!policyFrom) checks.push(check('non-compliant', flow, `${bucket.address} has no bucket policy, so CreateFlowLogs writes one of AWS's own onto it, which the next apply removes (${S3_DOC})`, bucket.location));
  else if (policyFrom !== bucket.address && !waitsFor(model, flow.address, policyFrom)) {
    checks.push(check('non-compliant', flow, `${flow.address} is not ordered after ${policyFrom}: it may be created while the bucket policy is missing, and CreateFlowLogs then writes AWS's own policy onto the bucket, which the next apply replaces (add depends_on / DependsOn; ${S3_DOC})`, flow.location));
  }
  return checks;
}

function cloudWatchChecks(model: Model, analysis: Analysis, flow: FlowLog): Check[] {
  const group = logGroupOf(model, flow.logGroup);
  if (!group) return [check('unknown', flow, `${flow.address} delivers to a log group that is not in this stack`, flow.logGroup.location)];
  const role = flow.deliveryRole.target ? analysis.iam.view.principalById.get(flow.deliveryRole.target) : undefined;
  if (!role) return [check(flow.deliveryRole.provenance === 'default' ? 'non-compliant' : 'unknown', flow, `${flow.address} names ${flow.deliveryRole.provenance === 'default' ? 'no delivery role' : 'a delivery role that is not in this stack'}; flow logs to CloudWatch Logs write through a role (${ROLE_DOC})`, flow.deliveryRole.location)];
  const region = analysis.iam.view.region;
  const groupArn = logGroupArn(analysis, group);
  const stream = resource(analysis, group.address);
  const needs: Need[] = [
    { what: `vpc-flow-logs.amazonaws.com assumes ${role.id} for ${flow.address}`, asker: { service: 'vpc-flow-logs.amazonaws.com', forAccount: 'this' }, action: 'sts:AssumeRole', resource: resource(analysis, role.address!),
      request: { 'aws:sourceaccount': [[ACCOUNT]], 'aws:sourcearn': [sym('arn:aws:ec2:', region, ':', ACCOUNT, ':vpc-flow-log/', token('flow log id'))] }, doc: ROLE_DOC },
  ];
  const checks = needsChecks(analysis, flow, needs, `vpc-flow-logs.amazonaws.com may assume ${role.id}`);
  for (const [action, arn] of [['logs:CreateLogStream', sym(groupArn, ':log-stream:', token('stream'))], ['logs:PutLogEvents', sym(groupArn, ':log-stream:', token('stream'))], ['logs:DescribeLogStreams', sym(groupArn, ':log-stream:', token('stream'))], ['logs:DescribeLogGroups', sym('arn:aws:logs:', region, ':', ACCOUNT, ':log-group:', token('any group'))]] as const) {
    const outcome = roleMay(analysis, role.id, action, arn, stream);
    if (outcome) checks.push(check(outcome.verdict, flow, `${role.id} (the delivery role of ${flow.address}) ${outcome.text} ${action} on ${outcome.on} — ${ROLE_DOC} lists it; a policy on the group's ARN without ':*' does not cover its streams`, outcome.location));
  }
  return checks;
}


export const flowLogsDelivered: Rule = {
  id: 'ENC-DLV-001',
  title: 'VPC flow logs can be delivered where they are sent',
  description: `Proves each flow log's delivery as AWS performs it. To S3: delivery.logs.amazonaws.com, presenting aws:SourceAccount (this account) and aws:SourceArn (arn:aws:logs:<region>:<account>:…), needs s3:GetBucketAcl on the bucket and s3:PutObject with s3:x-amz-acl = bucket-owner-full-control on the key it writes — bucket/[prefix/]AWSLogs/<account>/vpcflowlogs/<region>/…, or with Hive-compatible partitions AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/… (${PATH_DOC}, ${S3_DOC}); with SSE-KMS under a customer key, the key policy must let it use the key through S3 (${KMS_DOC}; kms:GenerateDataKey and kms:Decrypt demanded, failing closed where AWS does not say which one a delivery uses); the bucket policy must exist before the flow log, or CreateFlowLogs writes AWS's own policy onto a bucket the creator owns and the next apply reverts it; and the delivery statement requires aws:SourceArn. To CloudWatch Logs: vpc-flow-logs.amazonaws.com must be able to assume the delivery role (with its aws:SourceArn arn:aws:ec2:<region>:<account>:vpc-flow-log/…) and the role must allow logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogStreams on the group's streams (the group ARN followed by ':*') and logs:DescribeLogGroups (${ROLE_DOC}).`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.3.3', '10.5.1'] },
  evaluate(model, analysis) {
    return resultOf(model.flowLogs.flatMap((flow): Check[] => {
      const type = flow.destinationType.value;
      if (flow.destinationType.provenance === 'unknown') return [check('unknown', flow, `${flow.address}'s destination type is known only after apply`, flow.destinationType.location)];
      if (type === 's3') return s3Checks(model, analysis, flow);
      if (type === 'cloud-watch-logs') return cloudWatchChecks(model, analysis, flow);
      return [check('unknown', flow, `${flow.address} delivers to ${type}, whose delivery this rule does not prove`, flow.destinationType.location)];
    }));
  },
};
