// Resources that name their target instead of referring to it are linked like references by attribute: a bucket
// policy naming its bucket by Fn::Sub, Fn::Join or a literal name, an event invoke config naming its function by
// name or ARN, a topic policy naming its topic by ARN. Names that may or may not be equal are not linked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bucketTlsOnly } from '../../../src/verifier/rules/s3/tls-only.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const TLS_DENY = (resources: unknown[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});

describe('CloudFormation: a bucket policy names its bucket', () => {
  const bucket = (name: unknown) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name } });
  const cases: [string, unknown, unknown][] = [
    ['by the same Fn::Sub', { 'Fn::Sub': '${AppName}-${AWS::Region}-${AWS::AccountId}' }, { 'Fn::Sub': '${AppName}-${AWS::Region}-${AWS::AccountId}' }],
    ['by Fn::Join where the bucket uses Fn::Sub', { 'Fn::Sub': '${AppName}-logs-${AWS::AccountId}' }, { 'Fn::Join': ['-', [{ Ref: 'AppName' }, 'logs', { Ref: 'AWS::AccountId' }]] }],
    ['by its literal name', 'payments-raw-files', 'payments-raw-files'],
  ];
  for (const [label, bucketName, policyBucket] of cases) {
    test(label, async () => {
      const model = await cfnModel({
        Parameters: { AppName: { Type: 'String' } },
        Resources: {
          Bucket: bucket(bucketName),
          Other: bucket({ 'Fn::Sub': '${AppName}-other' }),
          Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: policyBucket, PolicyDocument: TLS_DENY(['*']) } },
        },
      });
      const linked = model.buckets.find((b) => b.address === 'Bucket')!;
      assert.ok(linked.policy, 'the policy is the bucket\'s');
      assert.ok(linked.sources.includes('Policy'));
      assert.equal(model.buckets.find((b) => b.address === 'Other')!.policy, undefined);
      assert.deepEqual(model.unattached, []);
      const result = bucketTlsOnly.evaluate(model, (await import('../helpers.ts')).analysisOf(model));
      assert.equal(result.checks.find((c) => c.resource === 'Bucket')!.verdict, 'compliant');
    });
  }

  test('a name that only may be the bucket\'s (another parameter) is not linked', async () => {
    const model = await cfnModel({
      Parameters: { AppName: { Type: 'String' }, OtherName: { Type: 'String' } },
      Resources: {
        Bucket: bucket({ 'Fn::Sub': '${AppName}-files' }),
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { 'Fn::Sub': '${OtherName}-files' }, PolicyDocument: TLS_DENY(['*']) } },
      },
    });
    assert.equal(model.buckets[0]!.policy, undefined);
    assert.deepEqual(model.unattached.map((u) => u.address), ['Policy']);
    assert.equal(judge(bucketTlsOnly, model).verdict, 'non-compliant');
  });
});

test('CloudFormation: an event invoke config and an event source mapping name their function by name and by ARN', async () => {
  const model = await cfnModel({
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: { 'Fn::Sub': '${AWS::StackName}-worker' }, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' } } },
      Dlq: { Type: 'AWS::SQS::Queue' },
      Invoke: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: { 'Fn::Sub': '${AWS::StackName}-worker' }, Qualifier: '$LATEST', DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } } },
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-worker' }, EventSourceArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } },
      },
    },
  });
  const fn = model.functions[0]!;
  assert.ok(fn.sources.includes('Invoke'));
  assert.equal(fn.onFailure.length, 2);
  assert.deepEqual(model.unattached, []);
});

test('CloudFormation: a topic policy names its topic by ARN', async () => {
  const model = await cfnModel({
    Resources: {
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
      Policy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [{ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts' }],
          PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }] },
        },
      },
    },
  });
  assert.ok(model.topics[0]!.policy);
});

describe('Terraform: configuration resources name their target', () => {
  test('bucket = "literal-name" and an interpolated name over the same variable', async () => {
    const model = await tfModel(`
variable "prefix" {
  type = string
}
resource "aws_s3_bucket" "literal" {
  bucket = "payments-literal"
}
resource "aws_s3_bucket" "interpolated" {
  bucket = "\${var.prefix}-raw"
}
resource "aws_s3_bucket_policy" "literal" {
  bucket = "payments-literal"
  policy = jsonencode(${JSON.stringify(TLS_DENY(['arn:aws:s3:::payments-literal', 'arn:aws:s3:::payments-literal/*']))})
}
resource "aws_s3_bucket_policy" "interpolated" {
  bucket = "\${var.prefix}-raw"
  policy = jsonencode(${JSON.stringify(TLS_DENY(['*']))})
}
resource "aws_s3_bucket_versioning" "interpolated" {
  bucket = "\${var.prefix}-raw"
  versioning_configuration {
    status = "Enabled"
  }
}
`);
    const by = (a: string) => model.buckets.find((b) => b.address === a)!;
    assert.ok(by('aws_s3_bucket.literal').policy);
    assert.ok(by('aws_s3_bucket.interpolated').policy);
    assert.equal(by('aws_s3_bucket.interpolated').versioning.value, 'Enabled');
    assert.deepEqual(model.unattached, []);
    assert.equal(judge(bucketTlsOnly, model).verdict, 'compliant');
  });

  test('an event invoke config names its function by name', async () => {
    const model = await tfModel(`
variable "env" {
  type = string
}
resource "aws_lambda_function" "worker" {
  function_name = "worker-\${var.env}"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  s3_bucket     = "code"
  s3_key        = "worker.zip"
}
resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}
resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name = "worker-\${var.env}"
  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }
}
`);
    const fn = model.functions[0]!;
    assert.equal(fn.onFailure.length, 1);
    assert.equal(fn.onFailure[0]!.target, 'aws_sqs_queue.dlq');
    assert.deepEqual(model.unattached, []);
  });
});

test('Terraform: a bucket policy naming its bucket by an interpolation over the account id is linked', async () => {
  const model = await tfModel(`
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "archive" {
  bucket = "audit-archive-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_s3_bucket_policy" "archive" {
  bucket = "audit-archive-\${data.aws_caller_identity.current.account_id}"
  policy = jsonencode(${JSON.stringify(TLS_DENY(['*']))})
}
`);
  assert.ok(model.buckets[0]!.policy);
  assert.deepEqual(model.unattached, []);
});
