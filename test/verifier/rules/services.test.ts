import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trailCmk } from '../../../src/verifier/rules/cloudtrail/cmk-encryption.ts';
import { trailLogValidation } from '../../../src/verifier/rules/cloudtrail/log-file-validation.ts';
import { noPanInOutputs } from '../../../src/verifier/rules/data/no-pan-in-outputs.ts';
import { tableCmk } from '../../../src/verifier/rules/dynamodb/cmk-encryption.ts';
import { tablePitr } from '../../../src/verifier/rules/dynamodb/pitr-enabled.ts';
import { detectorEnabled } from '../../../src/verifier/rules/guardduty/detector-enabled.ts';
import { functionEnvironmentCmk } from '../../../src/verifier/rules/lambda/environment-cmk.ts';
import { functionFailureDestination } from '../../../src/verifier/rules/lambda/failure-destination.ts';
import { functionInVpc } from '../../../src/verifier/rules/lambda/in-vpc.ts';
import { functionLogGroupFirst } from '../../../src/verifier/rules/lambda/log-group-first.ts';
import { functionSupportedRuntime } from '../../../src/verifier/rules/lambda/supported-runtime.ts';
import { logGroupCmk } from '../../../src/verifier/rules/logs/cmk-encryption.ts';
import { logGroupRetention } from '../../../src/verifier/rules/logs/retention.ts';
import { dbBackups } from '../../../src/verifier/rules/rds/backups.ts';
import { dbCmk } from '../../../src/verifier/rules/rds/cmk-encryption.ts';
import { dbForceSsl } from '../../../src/verifier/rules/rds/force-ssl.ts';
import { dbMultiAz } from '../../../src/verifier/rules/rds/multi-az.ts';
import { dbNotPublic } from '../../../src/verifier/rules/rds/not-public.ts';
import { secretCmk } from '../../../src/verifier/rules/secretsmanager/cmk-encryption.ts';
import { topicCmk } from '../../../src/verifier/rules/sns/cmk-encryption.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const HEAD = `
variable "unknown" {}
resource "aws_kms_key" "k" { enable_key_rotation = true }
`;
async function expectTf(rule: Rule, hcl: string, verdict: Verdict) {
  const result = judge(rule, await tfModel(HEAD + hcl));
  assert.equal(result.verdict, verdict, result.messages);
}
async function expectCfn(rule: Rule, resources: object, verdict: Verdict, outputs?: object) {
  const result = judge(
    rule,
    await cfnModel({
      Parameters: { Unknown: { Type: 'String' } },
      Resources: { K: { Type: 'AWS::KMS::Key' }, ...resources },
      ...(outputs ? { Outputs: outputs } : {}),
    }),
  );
  assert.equal(result.verdict, verdict, result.messages);
}

/** Three cases of one Terraform resource whose argument `arg` varies. */
function cases(rule: Rule, block: (value: string) => string, good: string, bad: string, cfn?: [object, Verdict]) {
  test('Terraform: compliant', () => expectTf(rule, block(good), 'compliant'));
  test('Terraform: non-compliant', () => expectTf(rule, block(bad), 'non-compliant'));
  test('Terraform: unknown', () => expectTf(rule, block('var.unknown'), 'unknown'));
  if (cfn) test(`CloudFormation: ${cfn[1]}`, () => expectCfn(rule, cfn[0], cfn[1]));
}

const table = (pitr: string, sse: string) => `resource "aws_dynamodb_table" "t" {
  name         = "ledger"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery { enabled = ${pitr} }
  server_side_encryption {
    enabled     = true
    kms_key_arn = ${sse}
  }
}`;
describe('ENC-DDB-001 PITR', () =>
  cases(tablePitr, (v) => table(v, 'aws_kms_key.k.arn'), 'true', 'false', [
    {
      T: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      },
    },
    'non-compliant',
  ]));
describe('ENC-DDB-002 CMK', () =>
  cases(tableCmk, (v) => table('true', v), 'aws_kms_key.k.arn', '"alias/aws/dynamodb"', [
    {
      T: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'K' } },
        },
      },
    },
    'compliant',
  ]));

const fn = (extra: string, runtime = '"nodejs22.x"') => `
resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/processor"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.k.arn
}
resource "aws_lambda_function" "fn" {
  function_name = "processor"
  role          = "arn:aws:iam::111122223333:role/processor"
  handler       = "index.handler"
  runtime       = ${runtime}
  filename      = "bundle.zip"
  ${extra}
}`;
const cfnFn = (props: object, extra: object = {}) => ({
  Fn: {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Role: 'arn:aws:iam::111122223333:role/r',
      Handler: 'i.h',
      Runtime: 'nodejs22.x',
      Code: { ZipFile: 'x' },
      ...props,
    },
  },
  ...extra,
});

describe('ENC-LAMBDA-001 environment CMK', () =>
  cases(
    functionEnvironmentCmk,
    (v) => fn(`kms_key_arn = ${v}\n environment { variables = { TABLE = "ledger" } }`),
    'aws_kms_key.k.arn',
    '"arn:aws:kms:eu-west-1:111122223333:alias/aws/lambda"',
    [cfnFn({ Environment: { Variables: { TABLE: 'ledger' } } }), 'non-compliant'],
  ));
describe('ENC-LAMBDA-002 in VPC', () => {
  const vpc = `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }\nresource "aws_subnet" "s" {\n vpc_id = aws_vpc.v.id\n cidr_block = "10.0.1.0/24"\n}\nresource "aws_security_group" "g" {\n name = "g"\n vpc_id = aws_vpc.v.id\n}\n`;
  test('Terraform: in the VPC is compliant', () =>
    expectTf(
      functionInVpc,
      vpc + fn('vpc_config {\n subnet_ids = [aws_subnet.s.id]\n security_group_ids = [aws_security_group.g.id]\n }'),
      'compliant',
    ));
  test('Terraform: outside the VPC is non-compliant', () => expectTf(functionInVpc, vpc + fn(''), 'non-compliant'));
  test('Terraform: subnets from a variable are still inside the VPC: compliant', () =>
    expectTf(
      functionInVpc,
      `${vpc}variable "subnets" { type = list(string) }\n${fn('vpc_config {\n subnet_ids = var.subnets\n security_group_ids = [aws_security_group.g.id]\n }')}`,
      'compliant',
    ));
  test('Terraform: a dynamic vpc_config over a variable is unknown', () =>
    expectTf(
      functionInVpc,
      vpc +
        fn(
          'dynamic "vpc_config" {\n for_each = var.unknown\n content {\n subnet_ids = [aws_subnet.s.id]\n security_group_ids = [aws_security_group.g.id]\n }\n }',
        ),
      'unknown',
    ));
  test('CloudFormation: outside the VPC is non-compliant', () =>
    expectCfn(
      functionInVpc,
      cfnFn({}, { V: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } }),
      'non-compliant',
    ));
});
describe('ENC-LAMBDA-003 supported runtime', () => {
  test('Terraform: nodejs22.x is compliant', () => expectTf(functionSupportedRuntime, fn(''), 'compliant'));
  test('Terraform: nodejs16.x is non-compliant', () =>
    expectTf(functionSupportedRuntime, fn('', '"nodejs16.x"'), 'non-compliant'));
  test('Terraform: a runtime from a variable is unknown', () =>
    expectTf(functionSupportedRuntime, fn('', 'var.unknown'), 'unknown'));
  test('CloudFormation: python2.7 is non-compliant', () =>
    expectCfn(functionSupportedRuntime, cfnFn({ Runtime: 'python2.7' }), 'non-compliant'));
});
describe('ENC-LAMBDA-004 log group first', () => {
  test('Terraform: depends_on the declared group is compliant', () =>
    expectTf(functionLogGroupFirst, fn('depends_on = [aws_cloudwatch_log_group.fn]'), 'compliant'));
  test('Terraform: no dependency is non-compliant', () => expectTf(functionLogGroupFirst, fn(''), 'non-compliant'));
  test('Terraform: a function name known only after apply is unknown', () =>
    expectTf(
      functionLogGroupFirst,
      `
resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/\${var.unknown}"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.k.arn
}
resource "aws_lambda_function" "fn" {
  function_name = var.unknown
  role          = "arn:aws:iam::111122223333:role/processor"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "bundle.zip"
}`,
      'unknown',
    ));
  test('CloudFormation: LoggingConfig.LogGroup Ref to an encrypted group is compliant', () =>
    expectCfn(
      functionLogGroupFirst,
      cfnFn(
        { LoggingConfig: { LogGroup: { Ref: 'Logs' } } },
        {
          Logs: {
            Type: 'AWS::Logs::LogGroup',
            Properties: { RetentionInDays: 400, KmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } },
          },
        },
      ),
      'compliant',
    ));
});
describe('ENC-LAMBDA-005 failure destination', () => {
  test('Terraform: an on-failure destination is compliant', () =>
    expectTf(
      functionFailureDestination,
      `${fn('')}
resource "aws_sqs_queue" "dlq" { name = "dlq" }
resource "aws_lambda_function_event_invoke_config" "fn" {
  function_name = aws_lambda_function.fn.function_name
  destination_config {
    on_failure { destination = aws_sqs_queue.dlq.arn }
  }
}`,
      'compliant',
    ));
  test('Terraform: none is non-compliant', () => expectTf(functionFailureDestination, fn(''), 'non-compliant'));
  test('Terraform: an invoke config for a function known only after apply is unknown', () =>
    expectTf(
      functionFailureDestination,
      `${fn('')}
resource "aws_lambda_function_event_invoke_config" "other" {
  function_name = var.unknown
  destination_config {
    on_failure { destination = "arn:aws:sqs:eu-west-1:111122223333:dlq" }
  }
}`,
      'unknown',
    ));
  test('CloudFormation: a DeadLetterConfig is compliant', () =>
    expectCfn(
      functionFailureDestination,
      cfnFn({ DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:111122223333:dlq' } }),
      'compliant',
    ));
  test('CloudFormation: none is non-compliant', () =>
    expectCfn(functionFailureDestination, cfnFn({}), 'non-compliant'));
});

const logGroup = (key: string, retention: string) =>
  `resource "aws_cloudwatch_log_group" "g" {\n name = "audit"\n kms_key_id = ${key}\n retention_in_days = ${retention}\n}`;
describe('ENC-LOGS-001 log group CMK', () =>
  cases(logGroupCmk, (v) => logGroup(v, '400'), 'aws_kms_key.k.arn', 'null', [
    { G: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': ['K', 'Arn'] } } } },
    'compliant',
  ]));
describe('ENC-LOGS-002 retention', () =>
  cases(logGroupRetention, (v) => logGroup('aws_kms_key.k.arn', v), '400', '30', [
    { G: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } } },
    'non-compliant',
  ]));

const db = (over: Record<string, string>) => {
  const args = {
    engine: '"postgres"',
    instance_class: '"db.t4g.micro"',
    allocated_storage: '20',
    username: '"app"',
    manage_master_user_password: 'true',
    storage_encrypted: 'true',
    kms_key_id: 'aws_kms_key.k.arn',
    multi_az: 'true',
    backup_retention_period: '7',
    publicly_accessible: 'false',
    parameter_group_name: 'aws_db_parameter_group.pg.name',
    ...over,
  };
  return `resource "aws_db_parameter_group" "pg" {
  name   = "pg"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = ${over['force_ssl'] ?? '"1"'}
  }
}
resource "aws_db_instance" "db" {
${Object.entries(args)
  .filter(([k]) => k !== 'force_ssl')
  .map(([k, v]) => `  ${k} = ${v}`)
  .join('\n')}
}`;
};
describe('ENC-RDS-001 CMK', () => cases(dbCmk, (v) => db({ kms_key_id: v }), 'aws_kms_key.k.arn', 'null'));
describe('ENC-RDS-002 multi-AZ', () => cases(dbMultiAz, (v) => db({ multi_az: v }), 'true', 'false'));
describe('ENC-RDS-003 backups', () => cases(dbBackups, (v) => db({ backup_retention_period: v }), '14', '1'));
describe('ENC-RDS-004 not public', () => cases(dbNotPublic, (v) => db({ publicly_accessible: v }), 'false', 'true'));
describe('ENC-RDS-005 force_ssl', () =>
  cases(dbForceSsl, (v) => db({ force_ssl: v }), '"1"', '"0"', [
    {
      Pg: {
        Type: 'AWS::RDS::DBParameterGroup',
        Properties: { Family: 'postgres16', Description: 'pg', Parameters: { 'rds.force_ssl': '1' } },
      },
      Db: {
        Type: 'AWS::RDS::DBInstance',
        Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', DBParameterGroupName: { Ref: 'Pg' } },
      },
    },
    'compliant',
  ]));

const trail = (validation: string, key: string) =>
  `resource "aws_cloudtrail" "t" {\n name = "t"\n s3_bucket_name = "audit"\n enable_log_file_validation = ${validation}\n kms_key_id = ${key}\n}`;
describe('ENC-CT-001 log file validation', () =>
  cases(trailLogValidation, (v) => trail(v, 'aws_kms_key.k.arn'), 'true', 'false', [
    { T: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: 'b', IsLogging: true } } },
    'non-compliant',
  ]));
describe('ENC-CT-002 CMK', () => cases(trailCmk, (v) => trail('true', v), 'aws_kms_key.k.arn', 'null'));
describe('ENC-GD-001 detector enabled', () =>
  cases(detectorEnabled, (v) => `resource "aws_guardduty_detector" "d" { enable = ${v} }`, 'true', 'false', [
    { D: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: false } } },
    'non-compliant',
  ]));
describe('ENC-SM-001 secret CMK', () =>
  cases(
    secretCmk,
    (v) => `resource "aws_secretsmanager_secret" "s" {\n name = "db"\n kms_key_id = ${v}\n}`,
    'aws_kms_key.k.arn',
    'null',
    [{ S: { Type: 'AWS::SecretsManager::Secret', Properties: { KmsKeyId: { Ref: 'K' } } } }, 'compliant'],
  ));
describe('ENC-SNS-001 topic CMK', () =>
  cases(
    topicCmk,
    (v) => `resource "aws_sns_topic" "t" {\n name = "alerts"\n kms_master_key_id = ${v}\n}`,
    'aws_kms_key.k.id',
    '"alias/aws/sns"',
    [{ T: { Type: 'AWS::SNS::Topic', Properties: {} } }, 'non-compliant'],
  ));

describe('ENC-DATA-001 no card numbers in outputs, environments, tags', () => {
  test('Terraform: an output with a token only is compliant', () =>
    expectTf(noPanInOutputs, 'output "sample" { value = "tok_4f9a2c" }', 'compliant'));
  test('Terraform: an output with a test PAN is non-compliant, and the message shows only the mask', async () => {
    const result = judge(
      noPanInOutputs,
      await tfModel(`${HEAD}output "sample" { value = "card 4111 1111 1111 1111" }`),
    );
    assert.equal(result.verdict, 'non-compliant');
    assert.match(result.messages, /411111\*{6}1111/);
    assert.doesNotMatch(result.messages, /4111 ?1111 ?1111 ?1111/);
  });
  test('CloudFormation: a PAN in a function environment is non-compliant', () =>
    expectCfn(
      noPanInOutputs,
      cfnFn({ Environment: { Variables: { TEST_CARD: '5555555555554444' } } }),
      'non-compliant',
    ));
  test('CloudFormation: no outputs, environments or tags: not applicable', () =>
    expectCfn(noPanInOutputs, {}, 'not-applicable'));
});
