// The same bucket, key, function and security group written in Terraform and in CloudFormation adapt to equal
// model objects, modulo locations, addresses and the spelling of references (`arn` vs `Arn`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Model } from '../../../src/verifier/model/model.ts';
import { cfnModel, tfModel } from '../helpers.ts';

const HCL = `
resource "aws_kms_key" "data" {
  description             = "data key"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_security_group" "fn" {
  name   = "processor"
  vpc_id = aws_vpc.this.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_s3_bucket" "data" { bucket = "payments-data" }
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::payments-data/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}
resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration { days = 400 }
    noncurrent_version_expiration { noncurrent_days = 30 }
  }
}
resource "aws_lambda_function" "processor" {
  function_name                  = "processor"
  role                           = "arn:aws:iam::111122223333:role/processor"
  handler                        = "index.handler"
  runtime                        = "nodejs22.x"
  s3_bucket                      = "artifacts"
  s3_key                         = "processor.zip"
  kms_key_arn                    = aws_kms_key.data.arn
  reserved_concurrent_executions = 5
  environment { variables = { TABLE = "ledger" } }
  vpc_config {
    subnet_ids         = [aws_subnet.a.id]
    security_group_ids = [aws_security_group.fn.id]
  }
  dead_letter_config { target_arn = "arn:aws:sqs:eu-west-1:111122223333:dlq" }
  tracing_config { mode = "Active" }
}
`;

const CFN = {
  Resources: {
    DataKey: {
      Type: 'AWS::KMS::Key',
      Properties: { Description: 'data key', EnableKeyRotation: true, PendingWindowInDays: 7 },
    },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    SubnetA: {
      Type: 'AWS::EC2::Subnet',
      Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1a' },
    },
    FnSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupName: 'processor',
        GroupDescription: 'processor',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }],
        SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }],
      },
    },
    DataBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: 'payments-data',
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
              },
              BucketKeyEnabled: true,
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire',
              Status: 'Enabled',
              ExpirationInDays: 400,
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            },
          ],
        },
      },
    },
    DataBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'DataBucket' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TLS',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: 'arn:aws:s3:::payments-data/*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    Processor: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'processor',
        Role: 'arn:aws:iam::111122223333:role/processor',
        Handler: 'index.handler',
        Runtime: 'nodejs22.x',
        Code: { S3Bucket: 'artifacts', S3Key: 'processor.zip' },
        KmsKeyArn: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
        ReservedConcurrentExecutions: 5,
        Environment: { Variables: { TABLE: 'ledger' } },
        VpcConfig: { SubnetIds: [{ Ref: 'SubnetA' }], SecurityGroupIds: [{ Ref: 'FnSg' }] },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:111122223333:dlq' },
        TracingConfig: { Mode: 'Active' },
      },
    },
  },
};

/** Logical names for the addresses of each dialect, so references compare equal. */
const NAMES: Record<string, string> = {
  'aws_kms_key.data': 'key',
  DataKey: 'key',
  'aws_vpc.this': 'vpc',
  Vpc: 'vpc',
  'aws_subnet.a': 'subnet',
  SubnetA: 'subnet',
  'aws_security_group.fn': 'sg',
  FnSg: 'sg',
  'aws_s3_bucket.data': 'bucket',
  DataBucket: 'bucket',
  'aws_lambda_function.processor': 'fn',
  Processor: 'fn',
  'aws_s3_bucket_policy.data': 'bucket-policy',
  DataBucketPolicy: 'bucket-policy',
};

/** Drops where things were written and how references are spelled; keeps every value and its provenance. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // `origin` names the resource that wrote a policy: the policy resource in one dialect, its logical id in the other.
    if (
      [
        'location',
        'encryptionLocation',
        'resourceType',
        'dialect',
        'sources',
        'suppressions',
        'attribute',
        'origin',
        'problem',
      ].includes(k)
    )
      continue;
    if (k === 'address' || k === 'target') out[k] = NAMES[v as string] ?? v;
    else if (k === 'createdAfter') out[k] = (v as string[]).map((a) => NAMES[a] ?? a).sort();
    else out[k] = normalise(v);
  }
  return out;
}

function pick(model: Model) {
  // replace_security_groups_on_destroy is Terraform's alone (CloudFormation's delete has no such switch): not compared.
  const functions = model.functions.map(({ replaceSecurityGroupsOnDestroy: _terraformOnly, ...rest }) => rest);
  return normalise({ keys: model.keys, buckets: model.buckets, functions, securityGroups: model.securityGroups });
}

describe('one model for both dialects', () => {
  test('the same bucket, key, function and security group give equal model objects', async () => {
    const tf = pick(await tfModel(HCL)) as Record<string, unknown[]>;
    const cfn = pick(await cfnModel(CFN)) as Record<string, unknown[]>;
    for (const kind of ['keys', 'buckets', 'functions', 'securityGroups']) {
      assert.equal(tf[kind]!.length, 1, kind);
      assert.deepEqual(tf[kind], cfn[kind], `${kind}: ${JSON.stringify(tf[kind])}\n${JSON.stringify(cfn[kind])}`);
    }
  });

  test('values keep where they were written and whether they were explicit, defaulted or unknown', async () => {
    const model = await tfModel(
      `variable "rotation" {}\n${HCL.replace('enable_key_rotation     = true', 'enable_key_rotation     = var.rotation')}`,
    );
    const key = model.keys[0]!;
    assert.equal(key.rotation.provenance, 'unknown');
    assert.equal(key.description.provenance, 'explicit');
    assert.equal(key.enabled.provenance, 'default');
    assert.equal(key.enabled.value, true);
    const bucket = model.buckets[0]!;
    assert.equal(bucket.versioning.value, 'Enabled');
    assert.match(bucket.versioning.location.file, /main\.tf$/);
    assert.equal(
      bucket.versioning.location.line,
      HCL.split('\n').findIndex((l) => l.includes('versioning_configuration { status')) + 2,
    );
    assert.deepEqual(bucket.sources.sort(), [
      'aws_s3_bucket.data',
      'aws_s3_bucket_lifecycle_configuration.data',
      'aws_s3_bucket_policy.data',
      'aws_s3_bucket_public_access_block.data',
      'aws_s3_bucket_server_side_encryption_configuration.data',
      'aws_s3_bucket_versioning.data',
    ]);
  });
});

describe('queues and topics in both dialects', () => {
  // A dead-letter queue under the data key with its policy, written as each dialect writes it.
  const hcl = `
resource "aws_kms_key" "data" { enable_key_rotation = true }
resource "aws_sqs_queue" "dlq" {
  name              = "processor-dlq"
  kms_master_key_id = aws_kms_key.data.arn
}
resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = aws_sqs_queue.dlq.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}`;
  const template = {
    Resources: {
      DataKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      Dlq: {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: 'processor-dlq', KmsMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
      },
      DlqPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'Dlq' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 'sqs:*',
                Resource: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
    },
  };
  const names: Record<string, string> = {
    'aws_kms_key.data': 'key',
    DataKey: 'key',
    'aws_sqs_queue.dlq': 'dlq',
    Dlq: 'dlq',
  };
  const rename = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(normalise(v)), (k, x) => ((k === 'address' || k === 'target') && names[x]) || x);

  test('an SQS queue, its key and its policy give equal model objects', async () => {
    const tf = rename((await tfModel(hcl)).queues) as unknown[];
    const cfn = rename((await cfnModel(template)).queues) as unknown[];
    assert.equal(tf.length, 1);
    assert.deepEqual(tf, cfn, `${JSON.stringify(tf)}\n${JSON.stringify(cfn)}`);
  });
});
