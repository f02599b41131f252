// Detection settings: trails, EventBridge rules, alarms, metric filters, GuardDuty plans; and RDS beyond five rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alarmMetricPublished } from '../../../src/verifier/rules/cloudwatch/alarm-metric-published.ts';
import { alarmsNotify } from '../../../src/verifier/rules/cloudwatch/alarms-notify.ts';
import { trailDataEvents } from '../../../src/verifier/rules/cloudtrail/data-events.ts';
import { trailRecords } from '../../../src/verifier/rules/cloudtrail/trail-records.ts';
import { changePatternsComplete, patternMatches } from '../../../src/verifier/rules/events/change-patterns-complete.ts';
import { eventRulesEnabled } from '../../../src/verifier/rules/events/rules-enabled.ts';
import { detectorProtectionPlans } from '../../../src/verifier/rules/guardduty/protection-plans.ts';
import { metricFilterSource } from '../../../src/verifier/rules/logs/metric-filter-source.ts';
import { dbAuxiliaryKeys } from '../../../src/verifier/rules/rds/auxiliary-keys.ts';
import { dbLogExports } from '../../../src/verifier/rules/rds/log-exports.ts';
import { dbParameterFamily } from '../../../src/verifier/rules/rds/parameter-family.ts';
import { dbTlsMinimum } from '../../../src/verifier/rules/rds/tls-minimum.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

async function expectTf(rule: Rule, hcl: string, verdict: Verdict, pattern?: RegExp) {
  const r = judge(rule, await tfModel(`variable "unknown" {}\n${hcl}`));
  assert.equal(r.verdict, verdict, r.messages);
  if (pattern) assert.match(r.messages, pattern);
}
async function expectCfn(rule: Rule, resources: object, verdict: Verdict, pattern?: RegExp) {
  const r = judge(rule, await cfnModel({ Parameters: { Unknown: { Type: 'String' } }, Resources: resources }));
  assert.equal(r.verdict, verdict, r.messages);
  if (pattern) assert.match(r.messages, pattern);
}

const trail = (extra: string) => `
resource "aws_s3_bucket" "card" {
  bucket = "card-files"
  tags   = { "enclave:classification" = "card-data" }
}
resource "aws_cloudtrail" "this" {
  name                  = "audit"
  s3_bucket_name        = "audit-bucket"
  is_multi_region_trail = true
  ${extra}
}`;

describe('ENC-CT-003 trails record everywhere', () => {
  test('Terraform: multi-region, logging by default: compliant', () => expectTf(trailRecords, trail(''), 'compliant'));
  test('Terraform: enable_logging = false is non-compliant', () =>
    expectTf(trailRecords, trail('enable_logging = false'), 'non-compliant', /is not logging/));
  test('Terraform: logging from a variable is unknown', () =>
    expectTf(trailRecords, trail('enable_logging = var.unknown'), 'unknown'));
  test('CloudFormation: one region, no management events: non-compliant', () =>
    expectCfn(
      trailRecords,
      {
        Trail: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: {
            IsLogging: true,
            S3BucketName: 'b',
            EventSelectors: [
              { IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] },
            ],
          },
        },
      },
      'non-compliant',
      /records one region only[\s\S]*records no management events/,
    ));
});

describe('ENC-CT-004 data events on card data', () => {
  const selector = (rw: string, values: string) => `event_selector {
    read_write_type = "${rw}"
    data_resource {
      type   = "AWS::S3::Object"
      values = [${values}]
    }
  }`;
  test('Terraform: the card bucket selected, reads and writes: compliant', () =>
    expectTf(trailDataEvents, trail(selector('All', '"${aws_s3_bucket.card.arn}/"')), 'compliant'));
  test('Terraform: write-only data events are non-compliant; none at all too', async () => {
    await expectTf(
      trailDataEvents,
      trail(selector('WriteOnly', '"${aws_s3_bucket.card.arn}/"')),
      'non-compliant',
      /WriteOnly only: reads of card data go unrecorded/,
    );
    await expectTf(
      trailDataEvents,
      trail(''),
      'non-compliant',
      /no trail of the stack records data events on aws_s3_bucket\.card/,
    );
  });
  test('Terraform: a selector value from a variable is unknown', () =>
    expectTf(trailDataEvents, trail(selector('All', 'var.unknown')), 'unknown'));
  test('Terraform: card data and no trail at all is non-compliant (an account trail is a claim, never a pass); no card data and no trail says nothing', async () => {
    await expectTf(
      trailDataEvents,
      'resource "aws_s3_bucket" "card" {\n  bucket = "card-files"\n  tags   = { "enclave:classification" = "card-data" }\n}',
      'non-compliant',
      /aws_s3_bucket\.card \(card data\), and the stack declares no trail at all[\s\S]*claimed, not proven/,
    );
    await expectTf(trailDataEvents, 'resource "aws_s3_bucket" "logs" {\n  bucket = "some-logs"\n}', 'not-applicable');
  });
  test('CloudFormation: a card-data table and no trail is non-compliant', () =>
    expectCfn(
      trailDataEvents,
      {
        Cards: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
            Tags: [{ Key: 'enclave:classification', Value: 'card-data' }],
          },
        },
      },
      'non-compliant',
      /no trail of the stack records data events on Cards \(card data\)/,
    ));
  test('CloudFormation: an advanced selector for all S3 objects covers the card bucket', () =>
    expectCfn(
      trailDataEvents,
      {
        Card: {
          Type: 'AWS::S3::Bucket',
          Properties: { Tags: [{ Key: 'enclave:classification', Value: 'card-data' }] },
        },
        Trail: {
          Type: 'AWS::CloudTrail::Trail',
          Properties: {
            IsLogging: true,
            S3BucketName: 'b',
            AdvancedEventSelectors: [
              { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
              {
                FieldSelectors: [
                  { Field: 'eventCategory', Equals: ['Data'] },
                  { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
                ],
              },
            ],
          },
        },
      },
      'compliant',
    ));
});

const sgRule = (names: string[], extra = '') => `
resource "aws_cloudwatch_event_rule" "sg" {
  name          = "sg-changes"
  ${extra}
  event_pattern = jsonencode({
    source        = ["aws.ec2"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail        = { eventSource = ["ec2.amazonaws.com"], eventName = [${names.map((n) => (n.startsWith('{') ? n : `"${n}"`)).join(', ')}] }
  })
}
resource "aws_cloudwatch_event_target" "sg" {
  rule = aws_cloudwatch_event_rule.sg.name
  arn  = "arn:aws:sns:eu-west-1:111122223333:alerts"
}`;
const FOUR = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
];
const SEVEN = [...FOUR, 'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup'];

describe('ENC-EVT-002 change patterns are complete', () => {
  test('Terraform: all seven security-group calls: compliant', () =>
    expectTf(changePatternsComplete, sgRule(SEVEN), 'compliant'));
  test('Terraform: the four Authorize/Revoke calls only: non-compliant, the missing ones named', () =>
    expectTf(
      changePatternsComplete,
      sgRule(FOUR),
      'non-compliant',
      /misses ModifySecurityGroupRules, CreateSecurityGroup, DeleteSecurityGroup/,
    ));
  test('Terraform: prefix operators are evaluated; an operator it does not know is unknown', async () => {
    await expectTf(
      changePatternsComplete,
      sgRule([...FOUR, '{ prefix = "ModifySecurityGroup" }', '{ suffix = "SecurityGroup" }']),
      'compliant',
    );
    await expectTf(changePatternsComplete, sgRule([...FOUR, '{ "cidr" = "10.0.0.0/8" }']), 'unknown');
  });
  test('the operators as EventBridge defines them', () => {
    assert.equal(patternMatches([{ 'anything-but': ['DeleteSecurityGroup'] }], 'CreateSecurityGroup'), 'yes');
    assert.equal(patternMatches([{ 'anything-but': ['DeleteSecurityGroup'] }], 'DeleteSecurityGroup'), 'no');
    assert.equal(patternMatches([{ wildcard: '*SecurityGroup*' }], 'ModifySecurityGroupRules'), 'yes');
    assert.equal(patternMatches([{ 'equals-ignore-case': 'createsecuritygroup' }], 'CreateSecurityGroup'), 'yes');
  });
  test('CloudFormation: a NACL rule missing ReplaceNetworkAclAssociation is non-compliant', () =>
    expectCfn(
      changePatternsComplete,
      {
        Rule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: {
              source: ['aws.ec2'],
              'detail-type': ['AWS API Call via CloudTrail'],
              detail: {
                eventName: [
                  'CreateNetworkAcl',
                  'CreateNetworkAclEntry',
                  'DeleteNetworkAcl',
                  'DeleteNetworkAclEntry',
                  'ReplaceNetworkAclEntry',
                ],
              },
            },
            Targets: [{ Id: 'x', Arn: 'arn:aws:sns:eu-west-1:111122223333:alerts' }],
          },
        },
      },
      'non-compliant',
      /network ACL changes but misses ReplaceNetworkAclAssociation/,
    ));
});

describe('ENC-EVT-001 rules are enabled and targeted', () => {
  test('Terraform: enabled with a target is compliant; state DISABLED is not; a state from a variable is unknown', async () => {
    await expectTf(eventRulesEnabled, sgRule(SEVEN), 'compliant');
    await expectTf(eventRulesEnabled, sgRule(SEVEN, 'state = "DISABLED"'), 'non-compliant', /is disabled/);
    await expectTf(eventRulesEnabled, sgRule(SEVEN, 'state = var.unknown'), 'unknown');
  });
  test('CloudFormation: a rule with no target is non-compliant', () =>
    expectCfn(
      eventRulesEnabled,
      {
        Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)' } },
      },
      'non-compliant',
      /has no target/,
    ));
});

const monitoring = (filterGroup: string, alarm = '', metric = 'AuthFailures') => `
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/logs"
  retention_in_days = 365
}
resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/job"
  retention_in_days = 365
}
resource "aws_iam_role" "fn" {
  name               = "job"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "job"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "job.zip"
  depends_on    = [aws_cloudwatch_log_group.fn]
}
resource "aws_cloudwatch_log_metric_filter" "auth" {
  name           = "auth"
  log_group_name = ${filterGroup}
  pattern        = "AUTH_FAILURE"
  metric_transformation {
    name      = "AuthFailures"
    namespace = "App"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "auth" {
  alarm_name          = "auth"
  namespace           = "App"
  metric_name         = "${metric}"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanThreshold"
  ${alarm}
}`;

describe('ENC-LOGS-003 metric filters watch log groups something writes', () => {
  test("Terraform: the function's log group is compliant", () =>
    expectTf(metricFilterSource, monitoring('aws_cloudwatch_log_group.fn.name'), 'compliant'));
  test('Terraform: a group nothing writes is non-compliant; declared with enclave:writer it is compliant', async () => {
    await expectTf(
      metricFilterSource,
      monitoring('aws_cloudwatch_log_group.app.name'),
      'non-compliant',
      /which nothing in the stack writes/,
    );
    await expectTf(
      metricFilterSource,
      monitoring('aws_cloudwatch_log_group.app.name').replace(
        'retention_in_days = 365\n}',
        'retention_in_days = 365\n  tags              = { "enclave:writer" = "the web tier (CloudWatch agent)" }\n}',
      ),
      'compliant',
    );
  });
  test('Terraform: a group name from a variable is unknown', () =>
    expectTf(metricFilterSource, monitoring('var.unknown'), 'unknown'));
  test("CloudFormation: a flow log's group is compliant; a group nothing writes is not", async () => {
    const resources = (group: string) => ({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Flow: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/vpc/flow' } },
      App: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app' } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      FlowLog: {
        Type: 'AWS::EC2::FlowLog',
        Properties: {
          ResourceId: { Ref: 'Vpc' },
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogGroupName: { Ref: 'Flow' },
          DeliverLogsPermissionArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        },
      },
      Filter: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          LogGroupName: { Ref: group },
          FilterPattern: 'REJECT',
          MetricTransformations: [{ MetricName: 'Rejects', MetricNamespace: 'Net', MetricValue: '1' }],
        },
      },
    });
    await expectCfn(metricFilterSource, resources('Flow'), 'compliant');
    await expectCfn(metricFilterSource, resources('App'), 'non-compliant');
  });
});

describe('ENC-CW-001 alarms notify / ENC-CW-002 metrics published', () => {
  const withAction = 'alarm_actions = ["arn:aws:sns:eu-west-1:111122223333:alerts"]';
  test('Terraform: an alarm without actions notifies nobody; actions disabled likewise; an action from a variable is unknown', async () => {
    await expectTf(alarmsNotify, monitoring('aws_cloudwatch_log_group.fn.name', withAction), 'compliant');
    await expectTf(alarmsNotify, monitoring('aws_cloudwatch_log_group.fn.name'), 'non-compliant', /no alarm action/);
    await expectTf(
      alarmsNotify,
      monitoring('aws_cloudwatch_log_group.fn.name', `${withAction}\n  actions_enabled = false`),
      'non-compliant',
      /actions disabled/,
    );
    await expectTf(
      alarmsNotify,
      monitoring('aws_cloudwatch_log_group.fn.name', 'alarm_actions = [var.unknown]'),
      'unknown',
    );
  });
  test('Terraform: an alarm on a metric no filter publishes is non-compliant; a metric from a variable unknown', async () => {
    await expectTf(alarmMetricPublished, monitoring('aws_cloudwatch_log_group.fn.name', withAction), 'compliant');
    await expectTf(
      alarmMetricPublished,
      monitoring('aws_cloudwatch_log_group.fn.name', withAction, 'AuthFailure'),
      'non-compliant',
      /App\/AuthFailure, which no metric filter/,
    );
    await expectTf(
      alarmMetricPublished,
      monitoring('aws_cloudwatch_log_group.fn.name', withAction, '${var.unknown}'),
      'unknown',
    );
  });
  test('CloudFormation: ActionsEnabled false is non-compliant', () =>
    expectCfn(
      alarmsNotify,
      {
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Statistic: 'Sum',
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanThreshold',
            ActionsEnabled: false,
            AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:x'],
          },
        },
      },
      'non-compliant',
    ));
});

describe('ENC-GD-002 GuardDuty protection plans', () => {
  const gd = (feature: string) => `
resource "aws_s3_bucket" "data" { bucket = "data" }
resource "aws_guardduty_detector" "this" { enable = true }
${feature}`;
  const s3 = (status: string) => `resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.this.id
  name        = "S3_DATA_EVENTS"
  status      = ${status}
}`;
  test('Terraform: S3 protection enabled for a stack with buckets is compliant; disabled or absent non-compliant; a variable unknown', async () => {
    await expectTf(detectorProtectionPlans, gd(s3('"ENABLED"')), 'compliant');
    await expectTf(detectorProtectionPlans, gd(s3('"DISABLED"')), 'non-compliant', /S3_DATA_EVENTS to DISABLED/);
    await expectTf(detectorProtectionPlans, gd(''), 'non-compliant', /does not enable S3_DATA_EVENTS/);
    await expectTf(detectorProtectionPlans, gd(s3('var.unknown')), 'unknown');
  });
  test('CloudFormation: Features and the legacy S3Logs data source both count', async () => {
    await expectCfn(
      detectorProtectionPlans,
      {
        B: { Type: 'AWS::S3::Bucket' },
        D: {
          Type: 'AWS::GuardDuty::Detector',
          Properties: { Enable: true, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] },
        },
      },
      'compliant',
    );
    await expectCfn(
      detectorProtectionPlans,
      {
        B: { Type: 'AWS::S3::Bucket' },
        D: {
          Type: 'AWS::GuardDuty::Detector',
          Properties: { Enable: true, DataSources: { S3Logs: { Enable: false } } },
        },
      },
      'non-compliant',
    );
  });
});

// ── RDS ───────────────────────────────────────────────────────────────────────────────────────────────────────
const db = (
  o: {
    params?: string;
    version?: string;
    family?: string;
    exports?: string;
    groups?: string;
    pi?: string;
    secret?: string;
  } = {},
) => `
resource "aws_kms_key" "db" { enable_key_rotation = true }
resource "aws_db_parameter_group" "this" {
  name   = "pg"
  family = "${o.family ?? 'postgres16'}"
  ${
    o.params ??
    `parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }`
  }
}
${
  o.groups ??
  `resource "aws_cloudwatch_log_group" "pg" {
  name              = "/aws/rds/instance/payments/postgresql"
  retention_in_days = 365
}`
}
resource "aws_db_instance" "this" {
  identifier                      = "payments"
  engine                          = "postgres"
  ${o.version === undefined ? 'engine_version = "16.4"' : o.version}
  instance_class                  = "db.t4g.micro"
  allocated_storage               = 20
  parameter_group_name            = aws_db_parameter_group.this.name
  enabled_cloudwatch_logs_exports = ${o.exports ?? '["postgresql"]'}
  performance_insights_enabled    = true
  performance_insights_kms_key_id = ${o.pi ?? 'aws_kms_key.db.arn'}
  manage_master_user_password     = true
  ${o.secret ?? 'master_user_secret_kms_key_id = aws_kms_key.db.arn'}
  username                        = "admin_user"
}`;

describe('ENC-RDS-006..009', () => {
  test('Terraform: a well-set PostgreSQL 16 instance passes all four', async () => {
    for (const rule of [dbTlsMinimum, dbLogExports, dbAuxiliaryKeys, dbParameterFamily])
      await expectTf(rule, db(), 'compliant');
  });
  test('ENC-RDS-006 Terraform: ssl_min_protocol_version TLSv1 or missing is non-compliant; from a variable unknown', async () => {
    await expectTf(
      dbTlsMinimum,
      db({ params: 'parameter {\n    name  = "ssl_min_protocol_version"\n    value = "TLSv1"\n  }' }),
      'non-compliant',
      /TLSv1 \(TLSv1\.2 or TLSv1\.3\)/,
    );
    await expectTf(dbTlsMinimum, db({ params: '' }), 'non-compliant', /does not set ssl_min_protocol_version/);
    await expectTf(
      dbTlsMinimum,
      db({ params: 'parameter {\n    name  = "ssl_min_protocol_version"\n    value = var.unknown\n  }' }),
      'unknown',
    );
  });
  test('ENC-RDS-007 Terraform: no postgresql export, or an export into a group RDS creates itself, is non-compliant; exports from a variable unknown', async () => {
    await expectTf(
      dbLogExports,
      db({ exports: '["upgrade"]', groups: '' }),
      'non-compliant',
      /does not export its postgresql log[\s\S]*\/aws\/rds\/instance\/payments\/upgrade, which the stack does not create/,
    );
    await expectTf(dbLogExports, db({ exports: 'var.unknown' }), 'unknown');
  });
  test('ENC-RDS-008 Terraform: Performance Insights or the master secret under AWS managed keys are non-compliant; a key from a variable unknown', async () => {
    await expectTf(dbAuxiliaryKeys, db({ pi: '"alias/aws/rds"' }), 'non-compliant', /Performance Insights/);
    await expectTf(dbAuxiliaryKeys, db({ secret: '' }), 'non-compliant', /master secret/);
    await expectTf(dbAuxiliaryKeys, db({ pi: 'var.unknown' }), 'unknown');
  });
  test('ENC-RDS-009 Terraform: family postgres15 for 16.4 is non-compliant; no engine version is unknown', async () => {
    await expectTf(dbParameterFamily, db({ family: 'postgres15' }), 'non-compliant', /needs postgres16/);
    await expectTf(dbParameterFamily, db({ version: '' }), 'unknown');
  });
  test('CloudFormation: MySQL without require_secure_transport, family mismatch, no audit export', async () => {
    const resources = {
      Params: {
        Type: 'AWS::RDS::DBParameterGroup',
        Properties: { Family: 'mysql5.7', Description: 'x', Parameters: { tls_version: 'TLSv1.2' } },
      },
      Db: {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          DBInstanceIdentifier: 'shop',
          Engine: 'mysql',
          EngineVersion: '8.0.35',
          DBInstanceClass: 'db.t4g.micro',
          DBParameterGroupName: { Ref: 'Params' },
          EnableCloudwatchLogsExports: ['error'],
        },
      },
    };
    await expectCfn(dbTlsMinimum, resources, 'non-compliant', /require_secure_transport/);
    await expectCfn(dbParameterFamily, resources, 'non-compliant', /needs mysql8\.0/);
    await expectCfn(dbLogExports, resources, 'non-compliant', /audit/);
  });
});

describe('ENC-CT-004: a function that receives card numbers needs a trail, even with no card-data store', () => {
  const template = (bundle: string, trail: boolean) => ({
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Metadata: { enclave: { bundle } },
        Properties: {
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Code: { ZipFile: 'x' },
        },
      },
      ...(trail
        ? {
            Trail: {
              Type: 'AWS::CloudTrail::Trail',
              Properties: { IsLogging: true, S3BucketName: 'trail-bucket', IsMultiRegionTrail: true },
            },
          }
        : {}),
    },
  });
  test('CloudFormation: the processor (its contract: receives card numbers) and no trail fails; with a trail it has nothing to fail', async () => {
    const none = judge(trailDataEvents, await cfnModel(template('processor', false)));
    assert.equal(none.verdict, 'non-compliant', none.messages);
    assert.match(
      none.messages,
      /Fn receives clear card numbers \(its contract, bundle processor, says so\) and the stack declares no trail at all/,
    );
    assert.equal(judge(trailDataEvents, await cfnModel(template('processor', true))).verdict, 'not-applicable');
  });
  test('CloudFormation: the validator (its contract says nothing of card numbers) and no trail: nothing to judge', async () => {
    assert.equal(judge(trailDataEvents, await cfnModel(template('validator', false))).verdict, 'not-applicable');
  });
  test('Terraform: a function whose bundle is the payments API and no trail fails at the function', async () => {
    const model = await tfModel(`
resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "\${path.module}/dist/functions/payments-api.zip"
}
`);
    const r = judge(trailDataEvents, model);
    assert.equal(r.verdict, 'non-compliant', r.messages);
    assert.match(r.messages, /aws_lambda_function\.api receives clear card numbers/);
  });
});
