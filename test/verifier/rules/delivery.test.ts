// Delivery proofs: each AWS service asked for exactly the request it sends, in both dialects, with an unknown case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditTrailReadable } from '../../../src/verifier/rules/delivery/audit-trail-readable.ts';
import { flowLogsDelivered } from '../../../src/verifier/rules/delivery/flow-logs-delivered.ts';
import { logGroupKeysUsable } from '../../../src/verifier/rules/delivery/log-group-keys-usable.ts';
import { functionLogsWritten } from '../../../src/verifier/rules/delivery/logs-written.ts';
import { notificationsDelivered } from '../../../src/verifier/rules/delivery/notifications-delivered.ts';
import { trailsDelivered } from '../../../src/verifier/rules/delivery/trails-delivered.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

async function expectTf(rule: Rule, hcl: string, verdict: Verdict, pattern?: RegExp): Promise<void> {
  const r = judge(rule, await tfModel(hcl));
  assert.equal(r.verdict, verdict, r.messages);
  if (pattern) assert.match(r.messages, pattern);
}
async function expectCfn(rule: Rule, template: object, verdict: Verdict, pattern?: RegExp): Promise<void> {
  const r = judge(rule, await cfnModel(template));
  assert.equal(r.verdict, verdict, r.messages);
  if (pattern) assert.match(r.messages, pattern);
}

// ── flow logs to S3 ───────────────────────────────────────────────────────────────────────────────────────────
const flowLogStack = (o: { hive?: string; resource?: string; sourceArn?: boolean; dependsOn?: boolean; bucket?: string } = {}) => `
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "current" {}
variable "bucket_name" {
  type    = string
  default = "flow-logs-example"
}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_s3_bucket" "logs" { bucket = ${o.bucket ?? '"flow-logs-example"'} }
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSLogDeliveryWrite"
        Effect    = "Allow"
        Principal = { Service = "delivery.logs.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.logs.arn}/${o.resource ?? 'AWSLogs/${data.aws_caller_identity.current.account_id}/*'}"
        Condition = merge(
          { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id, "s3:x-amz-acl" = "bucket-owner-full-control" } },
          ${o.sourceArn === false ? '{}' : '{ ArnLike = { "aws:SourceArn" = "arn:aws:logs:eu-west-1:${data.aws_caller_identity.current.account_id}:*" } }'}
        )
      },
      {
        Sid       = "AWSLogDeliveryAclCheck"
        Effect    = "Allow"
        Principal = { Service = "delivery.logs.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.logs.arn
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}
resource "aws_flow_log" "s3" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
  destination_options {
    file_format                = "parquet"
    hive_compatible_partitions = ${o.hive ?? 'false'}
  }
  ${o.dependsOn === false ? '' : 'depends_on = [aws_s3_bucket_policy.logs]'}
}`;

const flowLogTemplate = (o: { resource?: string; hive?: boolean; dependsOn?: boolean; keyStatement?: boolean } = {}) => ({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
      ...(o.keyStatement === false ? [] : [{ Sid: 'LogDelivery', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }]),
    ] } } },
    Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } }, BucketKeyEnabled: true }] } } },
    LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Version: '2012-10-17', Statement: [
      { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Sub': `\${Logs.Arn}/${o.resource ?? 'AWSLogs/${AWS::AccountId}/*'}` },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 's3:x-amz-acl': 'bucket-owner-full-control' }, ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*' } } } },
      { Sid: 'Acl', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
    ] } } },
    Flow: { Type: 'AWS::EC2::FlowLog', ...(o.dependsOn === false ? {} : { DependsOn: 'LogsPolicy' }), Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: { 'Fn::GetAtt': ['Logs', 'Arn'] },
      ...(o.hive ? { DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true } } : {}) } },
  },
});

describe('ENC-DLV-001 flow logs can be delivered', () => {
  test('Terraform: plain prefixes allowed by AWSLogs/<account>/*, ordered after the policy: compliant', () => expectTf(flowLogsDelivered, flowLogStack(), 'compliant'));
  test('Terraform: Hive-compatible partitions under a policy for AWSLogs/<account>/*: non-compliant, the key AWS writes named', () =>
    expectTf(flowLogsDelivered, flowLogStack({ hive: 'true' }), 'non-compliant', /AWSLogs\/aws-account-id=\$\{ACCOUNT\}\/aws-service=vpcflowlogs.*is denied.*AWSLogDeliveryWrite/));
  test('Terraform: the Hive prefix in the policy makes it deliverable again', () =>
    expectTf(flowLogsDelivered, flowLogStack({ hive: 'true', resource: 'AWSLogs/aws-account-id=${data.aws_caller_identity.current.account_id}/*' }), 'compliant'));
  test('Terraform: no order between the flow log and the bucket policy; no aws:SourceArn condition', async () => {
    await expectTf(flowLogsDelivered, flowLogStack({ dependsOn: false }), 'non-compliant', /not ordered after aws_s3_bucket_policy\.logs/);
    await expectTf(flowLogsDelivered, flowLogStack({ sourceArn: false }), 'non-compliant', /without an aws:SourceArn condition/);
  });
  test('Terraform: a policy resource from a variable without default is unknown', () => expectTf(flowLogsDelivered, flowLogStack({ resource: '${var.bucket_name}/*' }).replace(/variable "bucket_name" \{[^}]*\}/, 'variable "bucket_name" { type = string }'), 'unknown'));
  test('CloudFormation: SSE-KMS with a Bucket Key, key policy for the log delivery service: compliant; without it: non-compliant', async () => {
    await expectCfn(flowLogsDelivered, flowLogTemplate(), 'compliant');
    await expectCfn(flowLogsDelivered, flowLogTemplate({ keyStatement: false }), 'non-compliant', /kms:GenerateDataKey on Key by delivery\.logs\.amazonaws\.com/);
  });
  test('CloudFormation: Hive partitions and no DependsOn are both reported', async () => {
    const r = judge(flowLogsDelivered, await cfnModel(flowLogTemplate({ hive: true, dependsOn: false })));
    assert.equal(r.verdict, 'non-compliant', r.messages);
    assert.match(r.messages, /aws-account-id=/);
    assert.match(r.messages, /not ordered after LogsPolicy/);
  });
});

// ── CloudTrail ────────────────────────────────────────────────────────────────────────────────────────────────
const trailTemplate = (o: { decrypt?: boolean; bucketKey?: boolean; dependsOn?: boolean; prefix?: unknown } = {}) => {
  const trailArn = { 'Fn::Sub': 'arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/audit' };
  return {
    Parameters: { Prefix: { Type: 'String' } },
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Encrypt', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Sub': 'arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*' } }, StringEquals: { 'aws:SourceArn': trailArn } } },
        { Sid: 'Describe', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
        ...(o.decrypt ? [{ Sid: 'Decrypt', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': trailArn } } }] : []),
      ] } } },
      Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'audit-example', BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } }, BucketKeyEnabled: o.bucketKey ?? true }] } } },
      LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Version: '2012-10-17', Statement: [
        { Sid: 'Acl', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] }, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
        { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Logs.Arn}/trail/AWSLogs/${AWS::AccountId}/*' }, Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } } },
      ] } } },
      Trail: { Type: 'AWS::CloudTrail::Trail', ...(o.dependsOn === false ? {} : { DependsOn: 'LogsPolicy' }), Properties: { TrailName: 'audit', IsLogging: true, S3BucketName: { Ref: 'Logs' }, S3KeyPrefix: o.prefix ?? 'trail', KMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    },
  };
};

describe('ENC-DLV-002 trails can deliver', () => {
  test('CloudFormation: a Bucket Key without kms:Decrypt for CloudTrail is non-compliant; with it compliant; without a Bucket Key not needed', async () => {
    await expectCfn(trailsDelivered, trailTemplate(), 'non-compliant', /kms:Decrypt on Key by cloudtrail\.amazonaws\.com.*S3 Bucket Key/);
    await expectCfn(trailsDelivered, trailTemplate({ decrypt: true }), 'compliant');
    await expectCfn(trailsDelivered, trailTemplate({ bucketKey: false }), 'compliant');
  });
  test('CloudFormation: no DependsOn on the bucket policy is non-compliant; a prefix from a parameter is unknown', async () => {
    await expectCfn(trailsDelivered, trailTemplate({ decrypt: true, dependsOn: false }), 'non-compliant', /InsufficientS3BucketPolicyException/);
    await expectCfn(trailsDelivered, trailTemplate({ decrypt: true, prefix: { Ref: 'Prefix' } }), 'unknown');
  });
  const tfTrail = (prefix: string) => `
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "logs" { bucket = "audit-example" }
data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "Acl"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.logs.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/${prefix}AWSLogs/\${data.aws_caller_identity.current.account_id}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
resource "aws_cloudtrail" "this" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
  s3_key_prefix  = "trail"
  depends_on     = [aws_s3_bucket_policy.logs]
}`;
  test('Terraform: the policy covers the trail\'s prefix: compliant; another prefix: non-compliant', async () => {
    await expectTf(trailsDelivered, tfTrail('trail/'), 'compliant');
    await expectTf(trailsDelivered, tfTrail('cloudtrail/'), 'non-compliant', /trail\/AWSLogs\/\$\{ACCOUNT\}\/CloudTrail\/.*is denied/);
  });
});

// ── alarms and event rules ────────────────────────────────────────────────────────────────────────────────────
const alerts = (o: { cloudwatch?: boolean; keyForEvents?: boolean; permission?: boolean; topic?: string } = {}) => `
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "current" {}
variable "topic_arn" { type = string }
resource "aws_kms_key" "alerts" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Services", Effect = "Allow", Principal = { Service = ${o.keyForEvents === false ? '["cloudwatch.amazonaws.com"]' : '["cloudwatch.amazonaws.com", "events.amazonaws.com"]'} }, Action = ["kms:Decrypt", "kms:GenerateDataKey*"], Resource = "*" },
    ]
  })
}
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
}
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Events", Effect = "Allow", Principal = { Service = "events.amazonaws.com" }, Action = "sns:Publish", Resource = aws_sns_topic.alerts.arn, Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.changes.arn } } },
      ${o.cloudwatch === false ? '' : '{ Sid = "Alarms", Effect = "Allow", Principal = { Service = "cloudwatch.amazonaws.com" }, Action = "sns:Publish", Resource = aws_sns_topic.alerts.arn, Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } },'}
    ]
  })
}
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [${o.topic ?? 'aws_sns_topic.alerts.arn'}]
}
resource "aws_cloudwatch_event_rule" "changes" {
  name          = "changes"
  event_pattern = jsonencode({ source = ["aws.ec2"] })
}
resource "aws_cloudwatch_event_target" "changes" {
  rule = aws_cloudwatch_event_rule.changes.name
  arn  = aws_sns_topic.alerts.arn
}`;

describe('ENC-DLV-003 alarms and event rules can deliver', () => {
  test('Terraform: topic and key allow both services: compliant', () => expectTf(notificationsDelivered, alerts(), 'compliant'));
  test('Terraform: the topic policy names no cloudwatch statement: the alarm cannot publish', () => expectTf(notificationsDelivered, alerts({ cloudwatch: false }), 'non-compliant', /sns:Publish on aws_sns_topic\.alerts by cloudwatch\.amazonaws\.com.*is denied/));
  test('Terraform: the key does not let EventBridge use it: non-compliant', () => expectTf(notificationsDelivered, alerts({ keyForEvents: false }), 'non-compliant', /events\.amazonaws\.com uses aws_kms_key\.alerts/));
  test('Terraform: an alarm action from a variable is unknown', () => expectTf(notificationsDelivered, alerts({ topic: 'var.topic_arn' }), 'unknown'));
  test('CloudFormation: a schedule rule targeting a function without permission is non-compliant; with one compliant', async () => {
    const template = (permission: boolean) => ({ Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'job', Runtime: 'nodejs22.x', Handler: 'i.h', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
      Schedule: { Type: 'AWS::Events::Rule', Properties: { Name: 'nightly', ScheduleExpression: 'rate(1 day)', Targets: [{ Id: 'fn', Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] } },
      ...(permission ? { Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['Schedule', 'Arn'] } } } } : {}),
    } });
    await expectCfn(notificationsDelivered, template(false), 'non-compliant', /lambda:InvokeFunction on Fn by events\.amazonaws\.com/);
    await expectCfn(notificationsDelivered, template(true), 'compliant');
  });
});

// ── function logs and log-group keys ──────────────────────────────────────────────────────────────────────────
const fnLogs = (resource: string, o: { keyStatement?: boolean; key?: string } = {}) => `
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "current" {}
variable "key_arn" { type = string }
resource "aws_kms_key" "logs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      ${o.keyStatement === false ? '' : '{ Sid = "Logs", Effect = "Allow", Principal = { Service = "logs.eu-west-1.amazonaws.com" }, Action = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"], Resource = "*", Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:eu-west-1:${data.aws_caller_identity.current.account_id}:log-group:*" } } },'}
    ]
  })
}
resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/job"
  retention_in_days = 365
  kms_key_id        = ${o.key ?? 'aws_kms_key.logs.arn'}
}
resource "aws_iam_role" "fn" {
  name               = "job"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "logs" {
  role   = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = ${resource} }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "job"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "job.zip"
  depends_on    = [aws_cloudwatch_log_group.fn]
}`;

describe('ENC-DLV-004 execution roles may write their log streams', () => {
  test('Terraform: "<group arn>:*" is compliant', () => expectTf(functionLogsWritten, fnLogs('"${aws_cloudwatch_log_group.fn.arn}:*"'), 'compliant'));
  test('Terraform: the group ARN without ":*" covers no stream: non-compliant', () => expectTf(functionLogsWritten, fnLogs('aws_cloudwatch_log_group.fn.arn'), 'non-compliant', /may not logs:CreateLogStream on arn:aws:logs:eu-west-1:\$\{ACCOUNT\}:log-group:\/aws\/lambda\/job:log-stream:/));
  test('Terraform: a resource from a variable is unknown', () => expectTf(functionLogsWritten, fnLogs('var.key_arn'), 'unknown'));
  test('CloudFormation: the Arn of a log group (ending ":*") covers its streams', async () => {
    const template = (resource: unknown) => ({ Resources: {
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/job', RetentionInDays: 365 } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'logs', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: resource }] } }] } },
      Fn: { Type: 'AWS::Lambda::Function', DependsOn: 'Group', Properties: { FunctionName: 'job', Runtime: 'nodejs22.x', Handler: 'i.h', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
    } });
    await expectCfn(functionLogsWritten, template({ 'Fn::GetAtt': ['Group', 'Arn'] }), 'compliant');
    await expectCfn(functionLogsWritten, template({ 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/other:*' }), 'non-compliant');
  });
});

describe('ENC-DLV-005 CloudWatch Logs may use each log group\'s key', () => {
  test('Terraform: a statement for logs.<region> under the group context is compliant; without it non-compliant; a key from a variable unknown', async () => {
    const good = '"${aws_cloudwatch_log_group.fn.arn}:*"';
    await expectTf(logGroupKeysUsable, fnLogs(good), 'compliant');
    await expectTf(logGroupKeysUsable, fnLogs(good, { keyStatement: false }), 'non-compliant', /kms:Encrypt on aws_kms_key\.logs by logs\.eu-west-1\.amazonaws\.com/);
    await expectTf(logGroupKeysUsable, fnLogs(good, { key: 'var.key_arn' }), 'unknown');
  });
  test('CloudFormation: the logs principal written with ${AWS::Region} matches the region token', () => expectCfn(logGroupKeysUsable, { Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Sub': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app/*' } } } },
    ] } } },
    Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app/audit', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
  } }, 'compliant'));
});

// ── someone can read the audit trail ──────────────────────────────────────────────────────────────────────────
describe('ENC-DLV-006 someone can read the audit trail', () => {
  const template = (readers: object[]) => {
    const t = trailTemplate({ decrypt: true });
    const key = t.Resources.Key.Properties.KeyPolicy.Statement as object[];
    key.splice(0, 1, ...readers);
    return t;
  };
  const adminOnly = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: ['kms:PutKeyPolicy', 'kms:DescribeKey'], Resource: '*' };
  const delegated = { Sid: 'ReadTrail', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } };
  test('CloudFormation: a key nobody may decrypt with is non-compliant', () => expectCfn(auditTrailReadable, template([adminOnly]), 'non-compliant', /nobody can read Trail's log files/));
  test('CloudFormation: decryption delegated to the account for trail files: log files readable, digest files not yet', async () => {
    const r = judge(auditTrailReadable, await cfnModel(template([adminOnly, delegated])));
    assert.match(r.messages, /compliant: Trail's log files can be read and decrypted by a principal of this account given IAM permissions/);
  });
  test('Terraform: a reader role with GetObject and a key statement naming it: compliant; a key from a variable unknown', async () => {
    const hcl = (key: string) => `
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "current" {}
variable "key_arn" { type = string }
resource "aws_kms_key" "logs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = ["kms:PutKeyPolicy", "kms:DescribeKey"], Resource = "*" },
      { Sid = "Auditor", Effect = "Allow", Principal = { AWS = aws_iam_role.auditor.arn }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "auditor" {
  role   = aws_iam_role.auditor.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.logs.arn}/*" }] })
}
resource "aws_s3_bucket" "logs" { bucket = "audit-example" }
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = ${key}
    }
  }
}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_flow_log" "s3" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
}`;
    await expectTf(auditTrailReadable, hcl('aws_kms_key.logs.arn'), 'compliant', /aws_iam_role\.auditor/);
    await expectTf(auditTrailReadable, hcl('aws_kms_key.logs.arn').replace('{ Sid = "Auditor", Effect = "Allow", Principal = { AWS = aws_iam_role.auditor.arn }, Action = "kms:Decrypt", Resource = "*" },', ''), 'non-compliant');
  });
});
