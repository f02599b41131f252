// Rules about stacks that verify but fail to apply, destroy or re-create on a real account (issue 15, defects 13-18):
// each through the real loaders, compliant / non-compliant / unknown, in both dialects where both apply.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountSingletons } from '../../../src/verifier/rules/account/singletons.ts';
import { dbOsMetricsLogGroup } from '../../../src/verifier/rules/rds/os-metrics-log-group.ts';
import { functionReservedConcurrency } from '../../../src/verifier/rules/lambda/reserved-concurrency.ts';
import { functionReleasesSecurityGroups } from '../../../src/verifier/rules/lambda/security-groups-released.ts';
import { secretRecreatable } from '../../../src/verifier/rules/secretsmanager/recreate-after-destroy.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

async function expectTf(rule: Rule, hcl: string, verdict: Verdict, pattern?: RegExp) {
  const result = judge(rule, await tfModel(`variable "unknown" {}\n${hcl}`));
  assert.equal(result.verdict, verdict, result.messages);
  if (pattern) assert.match(result.messages, pattern);
}
async function expectCfn(rule: Rule, template: object, verdict: Verdict, pattern?: RegExp) {
  const result = judge(rule, await cfnModel({ Parameters: { Unknown: { Type: 'String' } }, ...template }));
  assert.equal(result.verdict, verdict, result.messages);
  if (pattern) assert.match(result.messages, pattern);
}

const fn = (name: string, extra: string) => `
resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::111122223333:role/${name}"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "bundle.zip"
  ${extra}
}`;
const cfnFn = (props: object) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Role: 'arn:aws:iam::111122223333:role/r',
    Handler: 'i.h',
    Runtime: 'nodejs22.x',
    Code: { ZipFile: 'x' },
    ...props,
  },
});

describe('ENC-LAMBDA-007 reserved concurrency (defect 13)', () => {
  test('Terraform: unreserved (-1, or not set) and 0 pass', () =>
    expectTf(
      functionReservedConcurrency,
      fn('a', 'reserved_concurrent_executions = -1') + fn('b', '') + fn('c', 'reserved_concurrent_executions = 0'),
      'compliant',
    ));
  test('Terraform: a reservation fails, with the quota the stack needs', () =>
    expectTf(
      functionReservedConcurrency,
      fn('api', 'reserved_concurrent_executions = 50') + fn('scan', 'reserved_concurrent_executions = 1'),
      'non-compliant',
      /aws_lambda_function\.api reserves 50 concurrent executions; the stack reserves 51 in all: applying needs an account concurrency quota of at least 151/,
    ));
  test('Terraform: a reservation from a variable without a value is unknown', () =>
    expectTf(functionReservedConcurrency, fn('a', 'reserved_concurrent_executions = var.unknown'), 'unknown'));
  test('CloudFormation: a reservation fails; none, or Fn::If to AWS::NoValue, passes', async () => {
    await expectCfn(
      functionReservedConcurrency,
      { Resources: { Fn: cfnFn({ ReservedConcurrentExecutions: 10 }) } },
      'non-compliant',
      /Fn reserves 10 concurrent executions/,
    );
    await expectCfn(functionReservedConcurrency, { Resources: { Fn: cfnFn({}) } }, 'compliant');
    const switched = (value: number) => ({
      Parameters: { Unknown: { Type: 'String' }, Reserved: { Type: 'Number', Default: value } },
      Conditions: { Reserve: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Reserved' }, '-1'] }] } },
      Resources: {
        Fn: cfnFn({
          ReservedConcurrentExecutions: { 'Fn::If': ['Reserve', { Ref: 'Reserved' }, { Ref: 'AWS::NoValue' }] },
        }),
      },
    });
    await expectCfn(functionReservedConcurrency, switched(-1), 'compliant');
    await expectCfn(functionReservedConcurrency, switched(10), 'non-compliant');
  });
  test('CloudFormation: a reservation from a parameter without a default is unknown', () =>
    expectCfn(
      functionReservedConcurrency,
      {
        Parameters: { Unknown: { Type: 'String' }, Reserved: { Type: 'Number' } },
        Resources: { Fn: cfnFn({ ReservedConcurrentExecutions: { Ref: 'Reserved' } }) },
      },
      'unknown',
    ));
});

const secret = (args: string) => `
resource "aws_secretsmanager_secret" "s" {
  ${args}
}`;

describe('ENC-SM-002 a destroyed stack can be created again (defect 15)', () => {
  test('Terraform: a fixed name with a recovery window fails', () =>
    expectTf(
      secretRecreatable,
      secret('name = "token-key"\n  recovery_window_in_days = 7'),
      'non-compliant',
      /keeps its name token-key for 7 days after the stack is destroyed/,
    ));
  test('Terraform: a fixed name with no window set fails on the 30-day default', () =>
    expectTf(secretRecreatable, secret('name = "token-key"'), 'non-compliant', /for 30 days .*not set: 30 by default/));
  test('Terraform: name_prefix keeps the window and passes; a window of 0 passes', async () => {
    await expectTf(secretRecreatable, secret('name_prefix = "token-key-"\n  recovery_window_in_days = 7'), 'compliant');
    await expectTf(secretRecreatable, secret('name = "token-key"\n  recovery_window_in_days = 0'), 'compliant');
  });
  test('Terraform: a fixed name with a window from a variable without a value is unknown', () =>
    expectTf(secretRecreatable, secret('name = "token-key"\n  recovery_window_in_days = var.unknown'), 'unknown'));
  test('CloudFormation: a named secret is unknown (CloudFormation picks the window at deletion); an unnamed one passes', async () => {
    await expectCfn(
      secretRecreatable,
      { Resources: { S: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'token-key' } } } },
      'unknown',
      /fixed name and a recovery window known only after apply/,
    );
    await expectCfn(
      secretRecreatable,
      { Resources: { S: { Type: 'AWS::SecretsManager::Secret', Properties: { Description: 'generated name' } } } },
      'compliant',
    );
  });
});

const inVpc = `vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }`;

describe('ENC-LAMBDA-008 VPC functions hand back their security groups before destroy (defect 17)', () => {
  test('Terraform: a VPC function without replace_security_groups_on_destroy fails', () =>
    expectTf(
      functionReleasesSecurityGroups,
      fn('api', inVpc),
      'non-compliant',
      /runs in a VPC without replace_security_groups_on_destroy: .*sg-0a1b2c3d/,
    ));
  test('Terraform: with it the function passes; a function outside a VPC is not judged', async () => {
    await expectTf(
      functionReleasesSecurityGroups,
      fn('api', `${inVpc}\n  replace_security_groups_on_destroy = true`),
      'compliant',
    );
    await expectTf(functionReleasesSecurityGroups, fn('scanner', ''), 'not-applicable');
  });
  test('Terraform: the switch from a variable without a value is unknown', () =>
    expectTf(
      functionReleasesSecurityGroups,
      fn('api', `${inVpc}\n  replace_security_groups_on_destroy = var.unknown`),
      'unknown',
    ));
  test('CloudFormation: not applicable (CloudFormation waits for Lambda to delete the interfaces)', () =>
    expectCfn(
      functionReleasesSecurityGroups,
      {
        Resources: { Fn: cfnFn({ VpcConfig: { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] } }) },
      },
      'not-applicable',
    ));
});

describe('ENC-ACCT-001 account-wide singletons behind a switch (defects 14, 18)', () => {
  const detector = (count: string) => `resource "aws_guardduty_detector" "this" {\n  ${count}\n  enable = true\n}`;
  test('Terraform: a detector the stack always creates fails', () =>
    expectTf(
      accountSingletons,
      detector(''),
      'non-compliant',
      /aws_guardduty_detector\.this is a GuardDuty detector, and the stack always creates it: CreateDetector refuses a second detector/,
    ));
  test('Terraform: a detector behind a root variable passes, also through a module call and a local', async () => {
    await expectTf(
      accountSingletons,
      `variable "create_detector" {\n  type    = bool\n  default = true\n}\n${detector('count = var.create_detector ? 1 : 0')}`,
      'compliant',
      /created only as var\.create_detector allows/,
    );
    const result = judge(
      accountSingletons,
      await tfModel({
        'main.tf':
          'variable "own_detector" {\n  type    = bool\n  default = true\n}\nlocals {\n  own = var.own_detector\n}\nmodule "baseline" {\n  source = "./baseline"\n  create = local.own\n}\n',
        'baseline/main.tf': `variable "create" {\n  type = bool\n}\n${detector('count = var.create ? 1 : 0')}`,
      }),
    );
    assert.equal(result.verdict, 'compliant', result.messages);
    assert.match(
      result.messages,
      /module\.baseline\.aws_guardduty_detector\.this\[0\] is a GuardDuty detector, created only as var\.own_detector allows/,
    );
  });
  test('Terraform: a module input fixed in the call is no switch', async () => {
    const result = judge(
      accountSingletons,
      await tfModel({
        'main.tf': 'module "baseline" {\n  source = "./baseline"\n  create = true\n}\n',
        'baseline/main.tf': `variable "create" {\n  type = bool\n}\n${detector('count = var.create ? 1 : 0')}`,
      }),
    );
    assert.equal(result.verdict, 'non-compliant', result.messages);
  });
  test('Terraform: the RDSOSMetrics log group created always fails; another name is no singleton', async () => {
    await expectTf(
      accountSingletons,
      'resource "aws_cloudwatch_log_group" "os" {\n  name = "RDSOSMetrics"\n}',
      'non-compliant',
      /RDSOSMetrics log group .* ResourceAlreadyExistsException/,
    );
    await expectTf(
      accountSingletons,
      'resource "aws_cloudwatch_log_group" "os" {\n  name = "/aws/lambda/x"\n}',
      'not-applicable',
    );
  });
  test('Terraform: a count only apply can tell is unknown', () =>
    expectTf(
      accountSingletons,
      `data "aws_guardduty_finding_ids" "f" {\n  detector_id = "x"\n}\n${detector('count = length(data.aws_guardduty_finding_ids.f.finding_ids)')}`,
      'unknown',
    ));
  test('CloudFormation: a detector fails unless a Condition on a parameter decides it', async () => {
    await expectCfn(
      accountSingletons,
      { Resources: { Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: true } } } },
      'non-compliant',
      /Detector is a GuardDuty detector, and the stack always creates it/,
    );
    await expectCfn(
      accountSingletons,
      {
        Parameters: {
          Unknown: { Type: 'String' },
          CreateDetector: { Type: 'String', AllowedValues: ['true', 'false'], Default: 'true' },
        },
        Conditions: {
          OwnDetector: { 'Fn::Equals': [{ Ref: 'CreateDetector' }, 'true'] },
          Create: { Condition: 'OwnDetector' },
        },
        Resources: {
          Detector: { Type: 'AWS::GuardDuty::Detector', Condition: 'Create', Properties: { Enable: true } },
        },
      },
      'compliant',
      /created only as CreateDetector allows/,
    );
  });
});

const db = (extra: string) => `
resource "aws_db_instance" "db" {
  identifier          = "db"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "admin_user"
  manage_master_user_password = true
  ${extra}
}`;
const osGroup =
  'resource "aws_cloudwatch_log_group" "os" {\n  name              = "RDSOSMetrics"\n  retention_in_days = 365\n}';

describe('ENC-RDS-011 enhanced monitoring writes to an RDSOSMetrics group the stack created first (defect 18)', () => {
  test('Terraform: monitoring without the group fails', () =>
    expectTf(
      dbOsMetricsLogGroup,
      db('monitoring_interval = 60'),
      'non-compliant',
      /sends enhanced-monitoring metrics every 60 s to RDSOSMetrics, which the stack does not create/,
    ));
  test('Terraform: the group created but not ordered before the instance fails', () =>
    expectTf(
      dbOsMetricsLogGroup,
      osGroup + db('monitoring_interval = 60'),
      'non-compliant',
      /is not created after aws_cloudwatch_log_group\.os/,
    ));
  test('Terraform: the group created first passes (depends_on the group or its module); no monitoring is not judged', async () => {
    await expectTf(
      dbOsMetricsLogGroup,
      osGroup + db('monitoring_interval = 60\n  depends_on = [aws_cloudwatch_log_group.os]'),
      'compliant',
    );
    const result = judge(
      dbOsMetricsLogGroup,
      await tfModel({
        'main.tf': `module "baseline" {\n  source = "./baseline"\n}\n${db('monitoring_interval = 60\n  depends_on = [module.baseline]')}`,
        'baseline/main.tf': osGroup,
      }),
    );
    assert.equal(result.verdict, 'compliant', result.messages);
    await expectTf(dbOsMetricsLogGroup, db(''), 'not-applicable');
  });
  test('Terraform: an interval from a variable without a value is unknown', () =>
    expectTf(dbOsMetricsLogGroup, db('monitoring_interval = var.unknown'), 'unknown'));
  test('CloudFormation: the same, with DependsOn', async () => {
    const instance = (extra: object) => ({
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'postgres',
        DBInstanceClass: 'db.t4g.micro',
        AllocatedStorage: '20',
        MasterUsername: 'admin_user',
        ManageMasterUserPassword: true,
        MonitoringInterval: 60,
      },
      ...extra,
    });
    const group = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'RDSOSMetrics', RetentionInDays: 365 } };
    await expectCfn(dbOsMetricsLogGroup, { Resources: { Db: instance({}) } }, 'non-compliant');
    await expectCfn(
      dbOsMetricsLogGroup,
      { Resources: { Os: group, Db: instance({}) } },
      'non-compliant',
      /not created after Os/,
    );
    await expectCfn(dbOsMetricsLogGroup, { Resources: { Os: group, Db: instance({ DependsOn: 'Os' }) } }, 'compliant');
  });
});
