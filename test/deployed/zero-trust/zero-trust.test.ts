// The zero-trust environment as deployed, checked live with the AWS SDK from its flat outputs:
// - on the emulator: `npm run deploy:local -- zero-trust`, then `node scripts/run-tests.mjs test/deployed/zero-trust`;
// - on a real account: deploy (README), then
//   `terraform -chdir=infra/terraform/stacks/zero-trust output -json | npx tsx scripts/tf-outputs-to-flat.ts
// --include-sensitive`.
// It ends with the compliance checker reading the account and writing its report. On the emulator the checker's
// package runs in-process (moto cannot run Lambda here) under its own execution role, with moto checking IAM, so
// the run proves the role grants every call the checker makes; checks moto cannot honour name what it lacks.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { runFunctionInProcess } from '../../../src/local/run-function.ts';
import { cloudWatchClient, deployLocally, deployedTarget, type DeployedTarget } from '../flat-outputs.ts';
import { DENIED, checkIsOn, outcome, withIamEnforced } from '../iam-enforcement.ts';

const HOW =
  deployLocally('zero-trust') + ' (a real account: write the outputs with --include-sensitive, for the secret)';
const ROOT = new URL('../../..', import.meta.url).pathname;
const PACKAGE = join(ROOT, 'dist', 'functions', 'compliance-scanner');

/** Lists may arrive as arrays or, from --stringify, as JSON text. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === 'string' && value.startsWith('[')) return JSON.parse(value) as string[];
  throw new Error(`expected a list output, got ${JSON.stringify(value)}`);
}
function map(value: unknown): Record<string, string> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, string>;
  return value as Record<string, string>;
}
const str = (value: unknown) => {
  assert.equal(typeof value, 'string');
  return value as string;
};

const loaded = await deployedTarget({
  environment: 'zero-trust',
  required: ['guardduty_detector_id', 'compliance_schedule_rule_arn'],
  how: HOW,
  region: (o) => str(o.region),
});

if ('skip' in loaded) {
  test('zero-trust deployment', { skip: loaded.skip }, () => undefined);
} else {
  defineSuite(loaded.target);
}

function defineSuite(target: DeployedTarget): void {
  const o = target.outputs;
  const config = target.config;
  const onEmulator = target.emulator !== undefined;
  const ec2 = new EC2Client(config);
  const s3 = new S3Client(config);
  const kms = new KMSClient(config);
  const vpcId = str(o.vpc_id);
  const testNet = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];

  describe('zero-trust deployment: keys and buckets', () => {
    it('rotates all three keys and names them by the specified aliases', async () => {
      for (const prefix of ['app', 's3', 'logs']) {
        const keyId = str(o[`${prefix}_kms_key_id`]);
        assert.equal(
          (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled,
          true,
          prefix,
        );
        const aliases = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases ?? [];
        assert.deepEqual(
          aliases.map((a) => a.AliasName),
          [`alias/${prefix}-encryption-${str(o.environment)}`],
        );
      }
    });

    it('versions, KMS-encrypts and fully blocks public access on the three buckets, denying uploads with other encryption', async () => {
      const expectations = [
        ['app_logs', 's3_kms_key_arn'],
        ['flow_logs', 'logs_kms_key_arn'],
        ['compliance_reports', 's3_kms_key_arn'],
      ] as const;
      for (const [bucketOutput, keyOutput] of expectations) {
        const Bucket = str(o[`${bucketOutput}_bucket_name`]);
        assert.match(
          Bucket,
          new RegExp(`^s3-${bucketOutput.replace('_', '-')}-${str(o.environment)}-${str(o.account_id)}$`),
        );
        assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
        const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration!
          .Rules![0]!;
        assert.equal(rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms');
        assert.equal(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, str(o[keyOutput]));
        const pab = (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration!;
        assert.deepEqual(
          [pab.BlockPublicAcls, pab.BlockPublicPolicy, pab.IgnorePublicAcls, pab.RestrictPublicBuckets],
          [true, true, true, true],
        );
        const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!) as {
          Statement: { Sid?: string; Effect: string }[];
        };
        for (const sid of ['DenyUploadsNotUsingSseKms', 'DenyUploadsWithAnotherKmsKey', 'DenyInsecureTransport'])
          assert.ok(
            policy.Statement.some((s) => s.Effect === 'Deny' && s.Sid === sid),
            `${Bucket} policy lacks ${sid}`,
          );
        assert.ok(
          policy.Statement.some((s) => s.Effect === 'Allow' && s.Sid === 'AccountAndDeployerAdministerBucket'),
          `${Bucket} policy`,
        );
      }
      const lifecycle = await s3.send(
        new GetBucketLifecycleConfigurationCommand({ Bucket: str(o.flow_logs_bucket_name) }),
      );
      const archive = lifecycle.Rules?.find((r) => r.ID === 'flow-logs-archive');
      assert.equal(archive?.Transitions?.[0]?.StorageClass, 'GLACIER');
      assert.ok((archive?.Transitions?.[0]?.Days ?? 0) >= 7);
    });
  });

  describe('zero-trust deployment: network', () => {
    it('has the nine tier subnets at the specified CIDRs across three zones', async () => {
      const subnets =
        (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets ?? [];
      const byId = new Map(subnets.map((s) => [s.SubnetId!, s]));
      const tiers = {
        app: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'],
        database: ['10.0.11.0/24', '10.0.12.0/24', '10.0.13.0/24'],
        management: ['10.0.21.0/24', '10.0.22.0/24', '10.0.23.0/24'],
      };
      for (const [tier, cidrs] of Object.entries(tiers)) {
        const ids = list(o[`${tier}_subnet_ids`]);
        assert.deepEqual(ids.map((id) => byId.get(id)?.CidrBlock).sort(), cidrs.slice().sort(), tier);
        assert.equal(new Set(ids.map((id) => byId.get(id)?.AvailabilityZone)).size, 3, `${tier} zones`);
      }
    });

    it('routes app and management through the NAT only and gives the database tier no default route', async () => {
      const tables =
        (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
          .RouteTables ?? [];
      const tableOf = (subnetId: string) => tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId));
      const defaults = (subnetId: string) =>
        (tableOf(subnetId)?.Routes ?? []).filter(
          (r) => r.DestinationCidrBlock === '0.0.0.0/0' || r.DestinationIpv6CidrBlock === '::/0',
        );
      for (const id of list(o.database_subnet_ids))
        assert.deepEqual(defaults(id), [], `database subnet ${id} has a default route`);
      for (const id of [...list(o.app_subnet_ids), ...list(o.management_subnet_ids)]) {
        const routes = defaults(id);
        assert.equal(routes.length, 1, id);
        assert.equal(routes[0]!.NatGatewayId, str(o.nat_gateway_id), `${id} does not egress through the NAT`);
        assert.equal(routes[0]!.GatewayId, undefined);
      }
      const nat = (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [str(o.nat_gateway_id)] })))
        .NatGateways![0]!;
      assert.equal(nat.State, 'available');
      assert.equal(nat.SubnetId, str(o.nat_subnet_id));
    });

    it('denies the TEST-NET ranges at 10/20/30 before any allow in every tier NACL', async () => {
      const ids = ['app', 'database', 'management', 'nat'].map((t) => str(o[`${t}_network_acl_id`]));
      const acls = (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: ids }))).NetworkAcls ?? [];
      assert.equal(acls.length, 4);
      for (const acl of acls)
        for (const egress of [false, true]) {
          const entries = (acl.Entries ?? []).filter((e) => e.Egress === egress && e.RuleNumber !== 32767);
          const denies = entries.filter((e) => e.RuleAction === 'deny');
          assert.deepEqual(denies.map((e) => [e.RuleNumber, e.CidrBlock]).sort(), [
            [10, testNet[0]],
            [20, testNet[1]],
            [30, testNet[2]],
          ]);
          const firstAllow = Math.min(...entries.filter((e) => e.RuleAction === 'allow').map((e) => e.RuleNumber!));
          assert.ok(firstAllow >= 100, `${acl.NetworkAclId} allows before 100`);
        }
    });

    it('describes every security group rule and records all traffic in flow logs to S3 and CloudWatch', async () => {
      const groupIds = ['app', 'database', 'management'].map((t) => str(o[`${t}_security_group_id`]));
      const rules =
        (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: groupIds }] })))
          .SecurityGroupRules ?? [];
      assert.ok(rules.length >= 8);
      for (const r of rules) assert.ok(r.Description, `${r.GroupId} rule ${r.SecurityGroupRuleId} has no description`);
      const flowLogs =
        (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] })))
          .FlowLogs ?? [];
      assert.deepEqual(flowLogs.map((f) => f.LogDestinationType).sort(), ['cloud-watch-logs', 's3']);
      for (const f of flowLogs) assert.deepEqual([f.TrafficType, f.FlowLogStatus], ['ALL', 'ACTIVE']);
    });
  });

  describe('zero-trust deployment: detection and alerting', () => {
    it('encrypts the three log groups with the logs key and keeps them as configured', async () => {
      const logs = new CloudWatchLogsClient(config);
      for (const output of ['application_log_group_name', 'lambda_log_group_name', 'flow_logs_log_group_name']) {
        const name = str(o[output]);
        const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find(
          (g) => g.logGroupName === name,
        );
        assert.ok(group, name);
        assert.equal(group.kmsKeyId, str(o.logs_kms_key_arn));
        assert.equal(group.retentionInDays, o.log_retention_in_days);
      }
    });

    it('has the four alarms publishing to the encrypted topic', async () => {
      const names = Object.values(map(o.alarm_names));
      const alarms =
        (await cloudWatchClient(target).send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms ?? [];
      assert.equal(alarms.length, 4);
      for (const a of alarms) assert.deepEqual(a.AlarmActions, [str(o.sns_topic_arn)]);
      const topic = (
        await new SNSClient(config).send(new GetTopicAttributesCommand({ TopicArn: str(o.sns_topic_arn) }))
      ).Attributes!;
      assert.equal(topic.KmsMasterKeyId, str(o.app_kms_key_arn));
      assert.match(topic.Policy!, /events\.amazonaws\.com/);
    });

    it('schedules the checker at 02:00 UTC and sends security-group API calls to the topic through a logging trail', async () => {
      const events = new EventBridgeClient(config);
      const ruleName = (arn: string) => arn.split('/').pop()!;
      const schedule = await events.send(
        new DescribeRuleCommand({ Name: ruleName(str(o.compliance_schedule_rule_arn)) }),
      );
      assert.equal(schedule.ScheduleExpression, 'cron(0 2 * * ? *)');
      const sgRule = await events.send(
        new DescribeRuleCommand({ Name: ruleName(str(o.security_group_change_rule_arn)) }),
      );
      assert.match(sgRule.EventPattern!, /AuthorizeSecurityGroupIngress/);
      const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: sgRule.Name! }))).Targets ?? [];
      assert.deepEqual(
        targets.map((t) => t.Arn),
        [str(o.sns_topic_arn)],
      );
      const trail = await new CloudTrailClient(config).send(new GetTrailStatusCommand({ Name: str(o.cloudtrail_arn) }));
      assert.equal(trail.IsLogging, true);
    });

    it('runs GuardDuty every 15 minutes with S3 data events', async () => {
      const detector = await new GuardDutyClient(config).send(
        new GetDetectorCommand({ DetectorId: str(o.guardduty_detector_id) }),
      );
      assert.equal(detector.Status, 'ENABLED');
      assert.equal(detector.FindingPublishingFrequency, 'FIFTEEN_MINUTES');
      assert.equal(detector.Features?.find((f) => f.Name === 'S3_DATA_EVENTS')?.Status, 'ENABLED');
    });

    it('keeps the database secret under the application key: a 32-character password Secrets Manager generated, in no Terraform state', async () => {
      const secrets = new SecretsManagerClient(config);
      const SecretId = str(o.db_secret_name);
      assert.equal((await secrets.send(new DescribeSecretCommand({ SecretId }))).KmsKeyId, str(o.app_kms_key_arn));
      const value = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId }))).SecretString ?? '{}') as {
        username?: string;
        password?: string;
      };
      assert.equal(value.username, 'app_admin');
      assert.equal(value.password?.length, 32);
      for (const kind of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/])
        assert.match(value.password!, kind, 'each character type (require_each_included_type)');
      assert.doesNotMatch(value.password!, /["'`\\/@]/, 'none of the excluded characters');
      const state = join(
        ROOT,
        '.enclave',
        'deploy',
        'zero-trust',
        'infra',
        'terraform',
        'stacks',
        'zero-trust',
        'terraform.tfstate',
      );
      if (onEmulator) {
        assert.ok(existsSync(state), `the local deployment's state is at ${state}`);
        assert.ok(
          !readFileSync(state, 'utf8').includes(value.password!),
          'the password is not in the Terraform state (write-only argument)',
        );
      }
    });
  });

  describe('zero-trust deployment: compliance checker', () => {
    const lambda = new LambdaClient(config);
    const s3 = new S3Client(config);

    it('runs outside any VPC with 256 MB, 300 s and its own role', async () => {
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: str(o.lambda_function_name) }));
      assert.ok(!fn.VpcConfig?.VpcId, 'the checker is in a VPC');
      assert.deepEqual([fn.MemorySize, fn.Timeout, fn.Role], [256, 300, str(o.lambda_role_arn)]);
    });

    it('run, it uploads an SSE-KMS report and answers with its findings' +
      (onEmulator ? ' (in-process, under its own role, IAM checked)' : ''), { timeout: 180_000 }, async () => {
      let payload: { report?: string; counts?: Record<string, number> };
      let refusals: Record<string, string> = {};
      if (onEmulator) {
        // Its package runs here (moto records the function but cannot run it), as its execution role: moto checks
        // every call against that role's policies, so a call the role does not grant fails the run.
        const endpoint = target.emulator!.endpoint;
        const result = await withIamEnforced(
          endpoint,
          { checker: str(o.lambda_role_arn) },
          async ({ admin, roles }) => {
            const run = await runFunctionInProcess({
              inspect: admin,
              functionName: str(o.lambda_function_name),
              packageDir: PACKAGE,
              event: {},
              credentials: roles.checker!.credentials,
              coldStart: true,
            });
            const as = roles.checker!;
            return {
              run: run.result as typeof payload,
              refusals: {
                emulatorRefusesUnknownKeys: await checkIsOn(endpoint),
                checkerReadsReports: await outcome(() =>
                  new S3Client(as).send(
                    new GetObjectCommand({
                      Bucket: str(o.compliance_reports_bucket_name),
                      Key: 'compliance-reports/none.json',
                    }),
                  ),
                ),
                checkerWritesOutsideReports: await outcome(() =>
                  new S3Client(as).send(
                    new PutObjectCommand({
                      Bucket: str(o.compliance_reports_bucket_name),
                      Key: 'elsewhere/forged.json',
                      Body: '{}',
                    }),
                  ),
                ),
                checkerWritesAppLogs: await outcome(() =>
                  new S3Client(as).send(
                    new PutObjectCommand({ Bucket: str(o.app_logs_bucket_name), Key: 'forged.log', Body: 'x' }),
                  ),
                ),
                checkerReadsDatabaseSecret: await outcome(() =>
                  new SecretsManagerClient(as).send(new GetSecretValueCommand({ SecretId: str(o.db_secret_name) })),
                ),
              },
            };
          },
        );
        payload = result.run;
        refusals = result.refusals;
      } else {
        const answer = await lambda.send(
          new InvokeCommand({ FunctionName: str(o.lambda_function_name), Payload: Buffer.from('{}') }),
        );
        payload = JSON.parse(Buffer.from(answer.Payload ?? []).toString('utf8')) as typeof payload;
        assert.equal(answer.FunctionError, undefined, JSON.stringify(payload));
      }
      assert.ok(
        payload.report?.startsWith(`s3://${str(o.compliance_reports_bucket_name)}/compliance-reports/`),
        JSON.stringify(payload),
      );
      const key = payload.report!.split('/').slice(3).join('/');
      const head = await s3.send(new HeadObjectCommand({ Bucket: str(o.compliance_reports_bucket_name), Key: key }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
      assert.equal(head.SSEKMSKeyId, str(o.s3_kms_key_arn));
      assert.deepEqual(Object.keys(payload.counts ?? {}).sort(), ['CRITICAL', 'HIGH', 'LOW', 'MEDIUM']);
      if (onEmulator) {
        assert.equal(
          refusals.emulatorRefusesUnknownKeys,
          'InvalidClientTokenId',
          'the emulator really checks: a key it never issued is refused',
        );
        for (const [name, seen] of Object.entries(refusals).filter(([n]) => n !== 'emulatorRefusesUnknownKeys')) {
          assert.ok(DENIED.has(seen), `${name} should be refused, got ${seen}`);
        }
      }
    });
  });
}
