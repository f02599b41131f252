// The payment-api environment as deployed, checked live with the AWS SDK from its flat outputs:
// - on the emulator: `npm run deploy:local -- payment-api` (it also seeds the token key, README step 1), then
//   `node scripts/run-tests.mjs test/deployed/payment-api`;
// - on a real account: deploy (README), write the outputs with
//   `terraform -chdir=infra/terraform/stacks/payment-api output -json | npx tsx scripts/tf-outputs-to-flat.ts`.
// It ends with the function: migrations, health, and a payment created, replayed and read. On the emulator the
// function's package runs in-process (moto cannot run Lambda here) and a local TLS-only PostgreSQL plays the RDS
// instance (moto's RDS is a record: it runs no database); checks moto cannot honour name what it lacks (MOTO_GAPS).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test, type TestContext } from 'node:test';
import {
  DescribeTrailsCommand,
  CloudTrailClient,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { findPans } from '../../../src/core/detect.ts';
import type { EmulatorClientConfig } from '../../../src/local/emulator-service.ts';
import { startPostgres, type LocalPostgres } from '../../../src/local/postgres.ts';
import { runFunctionInProcess } from '../../../src/local/run-function.ts';
import { cloudWatchClient, deployLocally, deployedTarget, type DeployedTarget } from '../flat-outputs.ts';
import { DENIED, checkIsOn, outcome, withIamEnforced } from '../iam-enforcement.ts';

const HOW = deployLocally('payment-api');
const PACKAGE = join(new URL('../../..', import.meta.url).pathname, 'dist', 'functions', 'payments-api');
const MIGRATE_PACKAGE = join(new URL('../../..', import.meta.url).pathname, 'dist', 'functions', 'payments-migrate');

// MOTO_GAPS: what moto 5.2.5 does not do that these checks need; each is checked in full on a real account.
// - lambdaInvoke: moto records the function but cannot run it (no container runtime): its package runs in-process
//   instead.
// - rdsDatabase: moto's RDS instance is a record that runs no database: a local TLS-only PostgreSQL plays it, its
//   credentials written into the RDS-managed secret as RDS would.

const str = (value: unknown) => {
  assert.equal(typeof value, 'string', `expected a string output, got ${JSON.stringify(value)}`);
  return value as string;
};
/** Lists and maps arrive as JSON values or, with --stringify, as JSON text. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const loaded = await deployedTarget({
  environment: 'payment-api',
  required: ['rds_parameter_group_name', 'token_key_secret_arn'],
  how: HOW,
  region: (o) => str(o.region),
});

if ('skip' in loaded) {
  test('payment-api deployment', { skip: loaded.skip }, () => undefined);
} else {
  defineSuite(loaded.target);
}

function defineSuite(target: DeployedTarget): void {
  const o = target.outputs;
  const config = target.config;
  const onEmulator = target.emulator !== undefined;
  const ec2 = new EC2Client(config);
  const vpcId = str(o.vpc_id);
  const suffix = str(o.environment_suffix);
  const keys = json<Record<'rds' | 's3' | 'logs' | 'lambda', string>>(o.kms_key_arns);

  describe('payment-api deployment: network', () => {
    it('has three private subnets in three zones, no internet gateway, no NAT, no default route', async () => {
      const subnets =
        (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: json<string[]>(o.private_subnet_ids) }))).Subnets ?? [];
      assert.equal(subnets.length, 3);
      assert.equal(new Set(subnets.map((s) => s.AvailabilityZone)).size, 3);
      assert.ok(subnets.every((s) => s.MapPublicIpOnLaunch === false));
      const igws = await ec2.send(
        new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }),
      );
      assert.deepEqual(igws.InternetGateways ?? [], []);
      const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpcId] }] }));
      assert.deepEqual(
        (nats.NatGateways ?? []).filter((n) => n.State !== 'deleted'),
        [],
      );
      const tables =
        (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
          .RouteTables ?? [];
      for (const t of tables) {
        for (const r of t.Routes ?? []) {
          assert.ok(
            r.DestinationCidrBlock !== '0.0.0.0/0' && r.DestinationIpv6CidrBlock !== '::/0',
            `default route in ${t.RouteTableId}`,
          );
        }
      }
    });

    it('has the S3 gateway endpoint and the Secrets Manager, KMS, Logs and RDS interface endpoints', async () => {
      const endpoints =
        (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
          .VpcEndpoints ?? [];
      const byService = new Map(endpoints.map((e) => [e.ServiceName!.split('.').at(-1)!, e]));
      assert.equal(byService.get('s3')?.VpcEndpointType, 'Gateway');
      for (const service of ['secretsmanager', 'kms', 'logs', 'rds']) {
        const e = byService.get(service);
        assert.equal(e?.VpcEndpointType, 'Interface', service);
        assert.equal(e?.PrivateDnsEnabled, true, service);
        assert.equal(e?.SubnetIds?.length, 3, service);
      }
    });

    it('records flow logs to S3 and to CloudWatch Logs', async () => {
      const logs =
        (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] })))
          .FlowLogs ?? [];
      assert.deepEqual(logs.map((l) => l.LogDestinationType).sort(), ['cloud-watch-logs', 's3']);
      assert.ok(logs.every((l) => l.TrafficType === 'ALL' && l.FlowLogStatus === 'ACTIVE'));
    });
  });

  describe('payment-api deployment: keys, database, buckets, logs', () => {
    it('rotates all four customer-managed keys', async () => {
      const kms = new KMSClient(config);
      for (const [purpose, arn] of Object.entries(keys)) {
        assert.equal(
          (await kms.send(new GetKeyRotationStatusCommand({ KeyId: arn }))).KeyRotationEnabled,
          true,
          purpose,
        );
      }
    });

    it('runs PostgreSQL Multi-AZ, private, encrypted with the RDS key, backed up, logging, TLS forced', async () => {
      const rds = new RDSClient(config);
      const db = (
        await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: str(o.rds_instance_identifier) }))
      ).DBInstances![0]!;
      assert.equal(db.Engine, 'postgres');
      assert.equal(db.MultiAZ, true);
      assert.equal(db.PubliclyAccessible, false);
      assert.equal(db.StorageEncrypted, true);
      assert.equal(db.KmsKeyId, keys.rds);
      assert.ok((db.BackupRetentionPeriod ?? 0) >= 1);
      assert.equal(db.DeletionProtection, false);
      assert.ok(db.EnabledCloudwatchLogsExports?.includes('postgresql'));
      assert.equal(db.MasterUserSecret?.KmsKeyId, keys.rds);
      assert.equal(db.MasterUserSecret?.SecretArn, str(o.db_master_secret_arn));
      const params = await rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: str(o.rds_parameter_group_name), Source: 'user' }),
      );
      const forceSsl = params.Parameters?.find((p) => p.ParameterName === 'rds.force_ssl');
      assert.equal(forceSsl?.ParameterValue, '1');
    });

    it('encrypts the flow-log bucket with the S3 key, versions it, blocks public access, denies unencrypted uploads', async () => {
      const s3 = new S3Client(config);
      const Bucket = str(o.flow_logs_bucket_name);
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
      const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration!
        .Rules![0]!;
      assert.equal(rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms');
      assert.equal(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, keys.s3);
      const pab = (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration!;
      assert.deepEqual(
        [pab.BlockPublicAcls, pab.BlockPublicPolicy, pab.IgnorePublicAcls, pab.RestrictPublicBuckets],
        [true, true, true, true],
      );
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!) as {
        Statement: { Sid?: string; Effect: string }[];
      };
      for (const sid of ['DenyInsecureTransport', 'DenyUploadsNotUsingSseKms', 'DenyUploadsWithAnotherKmsKey']) {
        assert.ok(
          policy.Statement.some((s) => s.Effect === 'Deny' && s.Sid === sid),
          sid,
        );
      }
    });

    it('encrypts every log group with the logs key, keeps at least 90 days, and filters the alarm events', async () => {
      const logs = new CloudWatchLogsClient(config);
      const names = Object.values(json<Record<string, string>>(o.log_group_names));
      assert.equal(names.length, 4);
      for (const name of names) {
        const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find(
          (g) => g.logGroupName === name,
        );
        assert.equal(group?.kmsKeyId, keys.logs, name);
        assert.ok((group?.retentionInDays ?? 0) >= 90, name);
      }
      const filters =
        (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: str(o.lambda_log_group_name) })))
          .metricFilters ?? [];
      assert.equal(filters.length, 3);
      const alarms =
        (await cloudWatchClient(target).send(new DescribeAlarmsCommand({ AlarmNames: json<string[]>(o.alarm_names) })))
          .MetricAlarms ?? [];
      assert.equal(alarms.length, json<string[]>(o.alarm_names).length);
      assert.ok(alarms.every((a) => a.AlarmActions?.includes(str(o.alarm_topic_arn))));
    });

    it('records every Region in a CloudTrail trail with log file validation, under its own key, into its own bucket (defect 11)', async () => {
      const trails = new CloudTrailClient(config);
      const trail = (await trails.send(new DescribeTrailsCommand({ trailNameList: [str(o.cloudtrail_trail_arn)] })))
        .trailList?.[0];
      assert.ok(trail, 'the trail exists');
      assert.equal(trail.IsMultiRegionTrail, true);
      assert.equal(trail.IncludeGlobalServiceEvents, true);
      assert.equal(trail.LogFileValidationEnabled, true);
      assert.equal(trail.S3BucketName, str(o.cloudtrail_bucket_name));
      assert.ok(trail.KmsKeyId && !Object.values(keys).includes(trail.KmsKeyId), 'a key of its own');
      assert.equal((await trails.send(new GetTrailStatusCommand({ Name: trail.TrailARN! }))).IsLogging, true);
      const selectors =
        (await trails.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN! }))).EventSelectors ?? [];
      assert.ok(
        selectors.some((e) => e.IncludeManagementEvents && e.ReadWriteType === 'All'),
        JSON.stringify(selectors),
      );
    });

    it('runs GuardDuty with S3, RDS and Lambda Protection (defect 11)', async () => {
      const detector = await new GuardDutyClient(config).send(
        new GetDetectorCommand({ DetectorId: str(o.guardduty_detector_id) }),
      );
      assert.equal(detector.Status, 'ENABLED');
      for (const feature of ['S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'])
        assert.equal(detector.Features?.find((f) => f.Name === feature)?.Status, 'ENABLED', feature);
    });

    it('encrypts the token key secret with the Lambda key', async () => {
      const secret = await new SecretsManagerClient(config).send(
        new DescribeSecretCommand({ SecretId: str(o.token_key_secret_arn) }),
      );
      assert.equal(secret.KmsKeyId, keys.lambda);
    });
  });

  describe('payment-api deployment: IAM', () => {
    it('gives every role managed policies only, one-hour sessions, and the external id on cross-account roles', async () => {
      const iam = new IAMClient(config);
      const roles = json<Record<string, string>>(o.role_arns);
      for (const [purpose, arn] of Object.entries(roles)) {
        const RoleName = arn.split('/').at(-1)!;
        assert.match(RoleName, new RegExp(`-${suffix}$`));
        assert.deepEqual(
          (await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [],
          [],
          `${purpose} has inline policies`,
        );
        assert.ok(
          ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []).length >= 1,
          purpose,
        );
        const role = (await iam.send(new GetRoleCommand({ RoleName }))).Role!;
        assert.equal(role.MaxSessionDuration, 3600, purpose);
        const trust = decodeURIComponent(role.AssumeRolePolicyDocument!);
        if (purpose === 'monitoring' || purpose === 'rds_access') assert.match(trust, /sts:ExternalId/, purpose);
      }
    });
  });

  describe('payment-api deployment: the function', () => {
    const lambda = new LambdaClient(config);
    const FunctionName = str(o.lambda_function_name);
    // On the emulator: a local PostgreSQL (TLS only) plays the RDS instance; the function's package runs in-process
    // with the deployed environment, pointed at it (MOTO_GAPS.rdsDatabase, MOTO_GAPS.lambdaInvoke).
    let db: LocalPostgres | undefined;
    let caDir: string | undefined;
    before(async () => {
      if (!onEmulator) return;
      db = await startPostgres({ database: str(o.rds_database_name) });
      caDir = mkdtempSync(join(tmpdir(), 'enclave-rds-ca-'));
      writeFileSync(join(caDir, 'ca.pem'), db.ca);
      await new SecretsManagerClient(config).send(
        new PutSecretValueCommand({
          SecretId: str(o.db_master_secret_arn),
          SecretString: JSON.stringify({ username: db.user, password: db.password }),
        }),
      );
    });
    after(async () => {
      await db?.stop();
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    });
    async function invoke(payload: unknown, functionName = FunctionName): Promise<any> {
      if (onEmulator) {
        const run = await runFunctionInProcess({
          inspect: config as EmulatorClientConfig,
          functionName,
          packageDir: functionName === FunctionName ? PACKAGE : MIGRATE_PACKAGE,
          event: payload,
          environmentOverrides: { DB_HOST: db!.host, DB_PORT: String(db!.port), DB_CA_PATH: join(caDir!, 'ca.pem') },
        });
        return run.result;
      }
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }),
      );
      assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
      return JSON.parse(Buffer.from(out.Payload!).toString());
    }

    it('runs in the private subnets with a KMS-encrypted environment naming the RDS endpoint', async () => {
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
      assert.equal(fn.KMSKeyArn, keys.lambda);
      assert.deepEqual([...(fn.VpcConfig?.SubnetIds ?? [])].sort(), [...json<string[]>(o.private_subnet_ids)].sort());
      assert.equal(fn.Environment?.Variables?.DB_HOST, str(o.rds_endpoint_address));
      // The application role's login, never the master's (defect 10); only the migration function holds that.
      assert.equal(fn.Environment?.Variables?.DB_SECRET_ARN, str(o.db_app_secret_arn));
      const migrate = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: str(o.migrate_function_name) }),
      );
      assert.equal(migrate.Environment?.Variables?.DB_MASTER_SECRET_ARN, str(o.db_master_secret_arn));
      assert.equal(migrate.KMSKeyArn, keys.lambda);
    });

    it('the migration function creates the roles and applies migrations; the API then reaches the database as the application role (GET /health)', async () => {
      const migrated = await invoke({ action: 'migrate' }, str(o.migrate_function_name));
      assert.ok(Array.isArray(migrated.applied), JSON.stringify(migrated));
      assert.deepEqual(migrated.roles, { migration: 'payments_migrator', application: 'payments_app' });
      const health = await invoke({
        httpMethod: 'GET',
        path: '/health',
        headers: {},
        body: null,
        isBase64Encoded: false,
      });
      assert.equal(health.statusCode, 200, health.body);
    });

    it('creates, replays and reads a payment holding only a token and a mask', async () => {
      const body = JSON.stringify({
        merchant_id: 'deployed-test',
        amount_minor: 100,
        currency: 'EUR',
        card: { pan: '4111111111111111', expiry: '12/39' },
      });
      const event = {
        httpMethod: 'POST',
        path: '/payments',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body,
        isBase64Encoded: false,
      };
      const created = await invoke(event);
      assert.notEqual(
        created.statusCode,
        503,
        'token key not seeded: see the README deploy step "seed the token key" (deploy:local does it)',
      );
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(findPans(created.body.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/gi, 'uuid')), []);
      assert.ok(!created.body.includes('4111111111111111'));
      const replay = await invoke(event);
      assert.equal(JSON.parse(replay.body).id, JSON.parse(created.body).id);
      const readBack = await invoke({
        httpMethod: 'GET',
        path: `/payments/${JSON.parse(created.body).id}`,
        headers: {},
        body: null,
        isBase64Encoded: false,
      });
      assert.equal(readBack.statusCode, 200);
      assert.equal(JSON.parse(readBack.body).card.masked, '411111******1111');
      if (db) {
        // What the database holds for it: a token and a mask, never the number.
        const pg = await import('pg');
        const client = new pg.default.Client({
          host: db.host,
          port: db.port,
          user: db.user,
          password: db.password,
          database: db.database,
          ssl: { ca: db.ca },
        });
        await client.connect();
        try {
          const rows = (await client.query('SELECT * FROM payments WHERE id = $1', [JSON.parse(created.body).id])).rows;
          assert.equal(rows.length, 1);
          assert.deepEqual(findPans(JSON.stringify(rows)), [], 'no card number in the stored row');
        } finally {
          await client.end();
        }
      }
    });
  });

  describe('payment-api deployment: separation of duties, with real calls under each role', () => {
    it('the function role reads its two secrets and decrypts with its keys; the other roles get neither', {
      timeout: 120_000,
    }, async (t: TestContext) => {
      if (!onEmulator) {
        t.skip(
          'needs principals the roles trust (lambda.amazonaws.com, the trusted accounts with the external id) to assume them: on an account, repeat these calls under each role',
        );
        return;
      }
      const endpoint = target.emulator!.endpoint;
      const admin = config as EmulatorClientConfig;
      const roles = json<Record<string, string>>(o.role_arns);
      const secrets = new SecretsManagerClient(admin);
      const unrelated = (
        await secrets.send(
          new CreateSecretCommand({ Name: `enclave-suite-unrelated-${Date.now().toString(36)}`, SecretString: '{}' }),
        )
      ).ARN!;
      const kms = new KMSClient(admin);
      const sealed = async (KeyId: string) =>
        (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('separation of duties') }))).CiphertextBlob!;
      const underRds = await sealed(keys.rds);
      const underS3 = await sealed(keys.s3);
      try {
        const seen = await withIamEnforced(
          endpoint,
          { lambda: roles.lambda!, monitoring: roles.monitoring!, rdsAccess: roles.rds_access! },
          async ({ roles: as }) => {
            const read = (role: string, SecretId: string) =>
              outcome(() => new SecretsManagerClient(as[role]!).send(new GetSecretValueCommand({ SecretId })));
            const decrypt = (role: string, CiphertextBlob: Uint8Array) =>
              outcome(() => new KMSClient(as[role]!).send(new DecryptCommand({ CiphertextBlob })));
            return {
              emulatorRefusesUnknownKeys: await checkIsOn(endpoint),
              functionReadsDbSecret: await read('lambda', str(o.db_app_secret_arn)),
              functionReadsMasterSecret: await read('lambda', str(o.db_master_secret_arn)),
              functionReadsMigratorSecret: await read('lambda', str(o.db_migrator_secret_arn)),
              functionReadsTokenKey: await read('lambda', str(o.token_key_secret_arn)),
              functionReadsAnotherSecret: await read('lambda', unrelated),
              functionDecryptsUnderRdsKey: await decrypt('lambda', underRds),
              functionDecryptsUnderS3Key: await decrypt('lambda', underS3),
              monitoringReadsDbSecret: await read('monitoring', str(o.db_master_secret_arn)),
              monitoringReadsTokenKey: await read('monitoring', str(o.token_key_secret_arn)),
              monitoringDecrypts: await decrypt('monitoring', underRds),
              rdsAccessReadsDbSecret: await read('rdsAccess', str(o.db_master_secret_arn)),
              rdsAccessDecrypts: await decrypt('rdsAccess', underRds),
            };
          },
        );
        assert.equal(
          seen.emulatorRefusesUnknownKeys,
          'InvalidClientTokenId',
          'the emulator really checks: a key it never issued is refused',
        );
        for (const name of ['functionReadsDbSecret', 'functionReadsTokenKey', 'functionDecryptsUnderRdsKey'] as const)
          assert.equal(seen[name], 'allowed', `${name}: ${seen[name]}`);
        for (const name of [
          'functionReadsMasterSecret',
          'functionReadsMigratorSecret',
          'functionReadsAnotherSecret',
          'functionDecryptsUnderS3Key',
          'monitoringReadsDbSecret',
          'monitoringReadsTokenKey',
          'monitoringDecrypts',
          'rdsAccessReadsDbSecret',
          'rdsAccessDecrypts',
        ] as const) {
          assert.ok(DENIED.has(seen[name]), `${name} should be refused, got ${seen[name]}`);
        }
      } finally {
        await secrets.send(new DeleteSecretCommand({ SecretId: unrelated, ForceDeleteWithoutRecovery: true }));
      }
    });
  });
}
