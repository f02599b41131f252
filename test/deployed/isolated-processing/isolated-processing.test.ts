// The isolated-processing stack as deployed, checked live with the AWS SDK from its flat outputs:
// - on the emulator: `npm run deploy:local -- isolated-processing`, then
//   `node scripts/run-tests.mjs test/deployed/isolated-processing` (cfn-outputs/deployment.json names the emulator);
// - on a real account: deploy the stack (README), write its outputs with
//   `terraform output -json | npx tsx scripts/tf-outputs-to-flat.ts`, and run the suite with the credentials that
//   applied it (the buckets refuse every principal that does not come through the VPC's S3 endpoint, except the
//   deploying role, the administrator role and bucket_vpce_exempt_principal_arns).
// On the emulator the functions run in-process (moto records them but cannot run them), and every check moto cannot
// honour is skipped with the exact behaviour moto lacks (MOTO_GAPS); on an account they all run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, test, type TestContext } from 'node:test';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { findPans } from '../../../src/core/index.ts';
import { runFunctionInProcess } from '../../../src/local/run-function.ts';
import { objectCreatedEvent } from '../../../src/local/s3-events.ts';
import type { EmulatorClientConfig } from '../../../src/local/emulator-service.ts';
import { deployLocally, deployedTarget, type DeployedTarget } from '../flat-outputs.ts';
import { DENIED, checkIsOn, outcome, withIamEnforced } from '../iam-enforcement.ts';

const REQUIRED = [
  'vpc_id',
  'private_subnet_ids',
  'route_table_id',
  's3_vpc_endpoint_id',
  'dynamodb_vpc_endpoint_id',
  'lambda_vpc_endpoint_id',
  'logs_vpc_endpoint_id',
  'kms_vpc_endpoint_id',
  's3_kms_key_arn',
  'logs_kms_key_arn',
  'raw_data_bucket_name',
  'processed_data_bucket_name',
  'audit_logs_bucket_name',
  'metadata_table_name',
  'audit_table_name',
  'processor_function_name',
  'validator_function_name',
  'aws_region',
] as const;
type Outputs = Record<(typeof REQUIRED)[number], string> & { private_subnet_ids: string[] | string } & Record<
    string,
    unknown
  >;

/** What moto 5.2.5 does not do that these checks need; each is checked in full on a real account. */
const MOTO_GAPS = {
  bucketPolicyConditions:
    'moto evaluates no bucket-policy condition (s3:x-amz-server-side-encryption, s3:x-amz-server-side-encryption-aws-kms-key-id); the launcher leaves conditional statements out rather than apply them to every request',
  s3Notifications:
    'moto stores the bucket notification configuration but delivers no event, and cannot run the Lambda function it names',
  keyPolicies:
    "moto evaluates no KMS key policy, and the roles' key use is granted by key policies (kms-key module), not identity policies",
} as const;

const PACKAGES = join(new URL('../../..', import.meta.url).pathname, 'dist', 'functions');
const HOW = deployLocally('isolated-processing');
const loaded = await deployedTarget({
  environment: 'isolated-processing',
  required: REQUIRED,
  how: HOW,
  region: (o) => String(o.aws_region),
});

if ('skip' in loaded) {
  test('isolated-processing deployment', { skip: loaded.skip }, () => undefined);
} else {
  defineSuite(loaded.target);
}

function defineSuite(target: DeployedTarget): void {
  const o = target.outputs as Outputs;
  const config = target.config;
  const onEmulator = target.emulator !== undefined;
  const gap = (t: TestContext, which: keyof typeof MOTO_GAPS): boolean => {
    if (!onEmulator) return false;
    t.skip(`emulator: ${MOTO_GAPS[which]}`);
    return true;
  };
  const subnetIds = Array.isArray(o.private_subnet_ids)
    ? o.private_subnet_ids
    : String(o.private_subnet_ids ?? '').split(',');
  const buckets = [o.raw_data_bucket_name, o.processed_data_bucket_name, o.audit_logs_bucket_name];
  const errorName = (error: unknown) => (error as { name?: string }).name ?? String(error);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  describe('isolated-processing (deployed): network isolation', () => {
    const ec2 = new EC2Client(config);

    it('the VPC is 10.0.0.0/16 with DNS support, and has no internet gateway and no NAT gateway', async () => {
      const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [o.vpc_id] }))).Vpcs?.[0];
      assert.equal(vpc?.CidrBlock, '10.0.0.0/16');
      const igws = await ec2.send(
        new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [o.vpc_id] }] }),
      );
      assert.deepEqual(igws.InternetGateways ?? [], []);
      const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [o.vpc_id] }] }));
      assert.deepEqual(
        (nats.NatGateways ?? []).filter((n) => n.State !== 'deleted'),
        [],
      );
    });

    it('the three private subnets sit in three zones, map no public IPs and share the one route table', async () => {
      const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))).Subnets ?? [];
      assert.deepEqual(subnets.map((s) => s.CidrBlock).sort(), ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
      assert.equal(new Set(subnets.map((s) => s.AvailabilityZone)).size, 3);
      for (const s of subnets) assert.equal(s.MapPublicIpOnLaunch, false);
      const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [o.route_table_id] })))
        .RouteTables?.[0];
      assert.deepEqual(
        (table?.Associations ?? [])
          .map((a) => a.SubnetId)
          .filter(Boolean)
          .sort(),
        [...subnetIds].sort(),
      );
    });

    it('the route table holds only the local route and the gateway endpoints’ prefix-list routes', async () => {
      const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [o.route_table_id] })))
        .RouteTables?.[0];
      const routes = table?.Routes ?? [];
      assert.ok(
        routes.some((r) => r.GatewayId === 'local'),
        'the local route',
      );
      for (const route of routes) {
        const local = route.GatewayId === 'local';
        const endpoint = route.GatewayId?.startsWith('vpce-') === true && route.DestinationPrefixListId !== undefined;
        assert.ok(local || endpoint, `unexpected route ${JSON.stringify(route)}`);
      }
      const gateways =
        (
          await ec2.send(
            new DescribeVpcEndpointsCommand({ VpcEndpointIds: [o.s3_vpc_endpoint_id, o.dynamodb_vpc_endpoint_id] }),
          )
        ).VpcEndpoints ?? [];
      for (const e of gateways)
        assert.deepEqual(e.RouteTableIds, [o.route_table_id], `${e.ServiceName} routes the private subnets`);
    });

    it('the five endpoints are available: S3 and DynamoDB gateways, Lambda, Logs and KMS interfaces with private DNS', async () => {
      const ids = [
        o.s3_vpc_endpoint_id,
        o.dynamodb_vpc_endpoint_id,
        o.lambda_vpc_endpoint_id,
        o.logs_vpc_endpoint_id,
        o.kms_vpc_endpoint_id,
      ];
      const endpoints = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ids }))).VpcEndpoints ?? [];
      assert.equal(endpoints.length, 5);
      for (const e of endpoints) {
        assert.equal(e.State?.toLowerCase(), 'available', e.ServiceName);
        assert.equal(e.VpcId, o.vpc_id);
        const service = e.ServiceName!.split('.').pop()!;
        if (service === 's3' || service === 'dynamodb') assert.equal(e.VpcEndpointType, 'Gateway');
        else {
          assert.equal(e.VpcEndpointType, 'Interface');
          assert.equal(e.PrivateDnsEnabled, true, service);
          assert.equal(e.SubnetIds?.length, 3, service);
        }
      }
    });
  });

  describe('isolated-processing (deployed): encryption and recovery', () => {
    const s3 = new S3Client(config);
    const ddb = new DynamoDBClient(config);
    const kms = new KMSClient(config);

    it('every bucket is versioned, fully private and SSE-KMS with the S3 key and a bucket key', async () => {
      for (const bucket of buckets) {
        assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled', bucket);
        const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })))
          .ServerSideEncryptionConfiguration?.Rules?.[0];
        assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms', bucket);
        assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, o.s3_kms_key_arn, bucket);
        assert.equal(rule?.BucketKeyEnabled, true, bucket);
        const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))
          .PublicAccessBlockConfiguration;
        assert.deepEqual(
          block,
          { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          bucket,
        );
      }
    });

    it('both tables have point-in-time recovery on and are encrypted with a customer-managed key', async () => {
      for (const table of [o.metadata_table_name, o.audit_table_name]) {
        const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: table }));
        assert.equal(
          backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
          'ENABLED',
          table,
        );
        const description = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
        assert.equal(description?.SSEDescription?.SSEType, 'KMS', table);
        assert.equal(description?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST', table);
      }
    });

    it('the keys rotate', async () => {
      const keys = [o.s3_kms_key_arn, o.logs_kms_key_arn, o.dynamodb_kms_key_arn, o.token_kms_key_arn];
      assert.ok(
        keys.every((k) => typeof k === 'string'),
        'all four key ARNs are outputs',
      );
      for (const key of keys as string[])
        assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key }))).KeyRotationEnabled, true, key);
    });

    it('the data buckets’ policies, as deployed, deny uploads that ask for other encryption and plain HTTP', async () => {
      for (const bucket of [o.raw_data_bucket_name, o.processed_data_bucket_name]) {
        const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}') as {
          Statement: { Sid?: string; Effect: string; Condition?: Record<string, Record<string, unknown>> }[];
        };
        const denies = policy.Statement.filter((s) => s.Effect === 'Deny');
        assert.ok(
          denies.some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
          `${bucket}: deny without TLS`,
        );
        assert.ok(
          denies.some((s) => JSON.stringify(s.Condition ?? {}).includes('s3:x-amz-server-side-encryption')),
          `${bucket}: deny other encryption`,
        );
      }
    });

    it('an upload asking for other encryption (SSE-S3, or another KMS key) is refused', async (t) => {
      if (gap(t, 'bucketPolicyConditions')) return;
      const key = `deployed-test/refused-${Date.now().toString(36)}.jsonl`;
      await assert.rejects(
        s3.send(
          new PutObjectCommand({
            Bucket: o.raw_data_bucket_name,
            Key: key,
            Body: '{}\n',
            ServerSideEncryption: 'AES256',
          }),
        ),
        (error) => errorName(error) === 'AccessDenied',
      );
      await assert.rejects(
        s3.send(
          new PutObjectCommand({
            Bucket: o.raw_data_bucket_name,
            Key: key,
            Body: '{}\n',
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: o.logs_kms_key_arn,
          }),
        ),
        (error) => errorName(error) === 'AccessDenied',
      );
    });

    it('an upload without an encryption header is stored encrypted with the S3 key by default', async () => {
      const key = `deployed-test/default-encryption-${Date.now().toString(36)}.txt`;
      const put = await s3.send(
        new PutObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key, Body: 'default encryption check\n' }),
      );
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key }));
        assert.equal(head.ServerSideEncryption, 'aws:kms');
        assert.equal(head.SSEKMSKeyId, o.s3_kms_key_arn);
      } finally {
        await s3.send(
          new DeleteObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key, VersionId: put.VersionId }),
        );
      }
    });
  });

  describe('isolated-processing (deployed): processing', () => {
    const s3 = new S3Client(config);
    const lambda = new LambdaClient(config);

    it('both functions run in the three private subnets with the configured runtime, 256 MB, 300 s and a CMK-encrypted environment', async () => {
      for (const name of [o.processor_function_name, o.validator_function_name]) {
        const f = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
        assert.deepEqual([...(f.VpcConfig?.SubnetIds ?? [])].sort(), [...subnetIds].sort(), name);
        assert.equal(f.MemorySize, 256, name);
        assert.equal(f.Timeout, 300, name);
        assert.match(f.Runtime ?? '', /^nodejs/, name);
        assert.equal(f.KMSKeyArn, o.s3_kms_key_arn, `${name} environment encrypted with the S3 CMK`);
      }
    });

    it('a file dropped in raw appears tokenized and masked in processed, is validated, and no card number is anywhere', {
      timeout: 300_000,
    }, async () => {
      // Public test card numbers only. Ids and keys carry no long digit runs, so nothing but a PAN could look like one.
      const run = Date.now().toString(36);
      const pans = ['4111111111111111', '5555555555554444'];
      const body =
        pans
          .map((pan, i) =>
            JSON.stringify({
              transaction_id: `deployed-test-${run}-${i}`,
              merchant_id: 'merchant-test-001',
              pan,
              expiry: '12/30',
              amount_minor: 1234 + i,
              currency: 'USD',
              timestamp: new Date().toISOString(),
            }),
          )
          .join('\n') + '\n';
      const key = `deployed-test/${run}.jsonl`;
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: o.raw_data_bucket_name,
          Key: key,
          Body: body,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: o.s3_kms_key_arn,
        }),
      );
      const processedKey = `processed/${key}@${put.VersionId}.jsonl`;
      let text: string | undefined;
      if (onEmulator) {
        // S3 → Lambda is not delivered by moto (MOTO_GAPS.s3Notifications): the processor's package runs here, with
        // the deployed function's environment, on the event S3 would send; then the validator on its output.
        const emulator = config as EmulatorClientConfig;
        const processed = await runFunctionInProcess({
          inspect: emulator,
          functionName: o.processor_function_name,
          packageDir: join(PACKAGES, 'processor'),
          event: objectCreatedEvent(o.raw_data_bucket_name, key, put.VersionId, body.length),
        });
        const jobs = (processed.result as { jobs?: { status: string; outputs?: { key: string }[] }[] }).jobs ?? [];
        assert.equal(jobs[0]?.status, 'SUCCEEDED', JSON.stringify(processed.result));
        const output = await s3.send(new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey }));
        assert.equal(output.ServerSideEncryption, 'aws:kms');
        assert.equal(output.SSEKMSKeyId, o.s3_kms_key_arn);
        text = await output.Body!.transformToString();
        const validated = await runFunctionInProcess({
          inspect: emulator,
          functionName: o.validator_function_name,
          packageDir: join(PACKAGES, 'validator'),
          event: objectCreatedEvent(
            o.processed_data_bucket_name,
            processedKey,
            output.VersionId,
            Number(output.ContentLength ?? 0),
          ),
        });
        const results = (validated.result as { results?: { outcome: string }[] }).results ?? [];
        assert.deepEqual(
          results.map((r) => r.outcome),
          ['PASSED'],
          JSON.stringify(validated.result),
        );
      } else {
        const deadline = Date.now() + 240_000; // a VPC function's first invocation attaches its network interfaces
        while (text === undefined && Date.now() < deadline) {
          try {
            const got = await s3.send(
              new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey }),
            );
            assert.equal(got.ServerSideEncryption, 'aws:kms');
            text = await got.Body!.transformToString();
          } catch (error) {
            if (errorName(error) !== 'NoSuchKey') throw error;
            await sleep(5000);
          }
        }
      }
      try {
        assert.ok(text !== undefined, `processed/${key}@<version>.jsonl did not appear within 4 minutes`);
        const lines = text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { token: string; pan_masked: string });
        assert.equal(lines.length, 2);
        assert.deepEqual(
          lines.map((l) => l.pan_masked),
          ['411111******1111', '555555******4444'],
        );
        for (const l of lines) assert.match(l.token, /^tok_/);
        assert.deepEqual(findPans(text), [], 'no card number in the processed object');
      } finally {
        await s3.send(new DeleteObjectCommand({ Bucket: o.raw_data_bucket_name, Key: key, VersionId: put.VersionId }));
      }
    });
  });

  describe('isolated-processing (deployed): separation of duties, with real calls under each role', () => {
    it('each role may do its duty and is refused the rest (IAM enforced by the emulator)', {
      timeout: 120_000,
    }, async (t) => {
      if (!onEmulator) {
        t.skip(
          'needs principals the roles trust (MFA or named accounts) to assume them: on an account, assume each role and repeat these calls',
        );
        return;
      }
      const endpoint = target.emulator!.endpoint;
      const admin = new S3Client(config);
      const seeded = `deployed-test/sod-${Date.now().toString(36)}.txt`;
      const put = await admin.send(
        new PutObjectCommand({
          Bucket: o.raw_data_bucket_name,
          Key: seeded,
          Body: 'separation of duties\n',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: o.s3_kms_key_arn,
        }),
      );
      const processedKey = `processed/${seeded}`;
      await admin.send(
        new PutObjectCommand({
          Bucket: o.processed_data_bucket_name,
          Key: processedKey,
          Body: '{}\n',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: o.s3_kms_key_arn,
        }),
      );
      const auditId = { audit_id: { S: `sod-${Date.now().toString(36)}` } };
      const roles = {
        processor: String(o.processor_role_arn),
        validator: String(o.validator_role_arn),
        auditor: String(o.auditor_role_arn),
        dataProcessor: String(o.data_processor_role_arn),
        administrator: String(o.administrator_role_arn),
      };
      const seen = await withIamEnforced(endpoint, roles, async ({ roles: as }) => {
        const s3 = (role: keyof typeof roles) => new S3Client(as[role]!);
        const ddb = (role: keyof typeof roles) => new DynamoDBClient(as[role]!);
        const check = {
          emulatorRefusesUnknownKeys: await checkIsOn(endpoint),
          processorReadsRaw: await outcome(() =>
            s3('processor').send(new GetObjectCommand({ Bucket: o.raw_data_bucket_name, Key: seeded })),
          ),
          processorWritesProcessed: await outcome(() =>
            s3('processor').send(
              new PutObjectCommand({
                Bucket: o.processed_data_bucket_name,
                Key: `${processedKey}.out`,
                Body: '{}\n',
                ServerSideEncryption: 'aws:kms',
                SSEKMSKeyId: o.s3_kms_key_arn,
              }),
            ),
          ),
          processorAppendsAudit: await outcome(() =>
            ddb('processor').send(
              new PutItemCommand({ TableName: o.audit_table_name, Item: { ...auditId, actor: { S: 'processor' } } }),
            ),
          ),
          processorAltersAudit: await outcome(() =>
            ddb('processor').send(
              new UpdateItemCommand({
                TableName: o.audit_table_name,
                Key: auditId,
                UpdateExpression: 'SET actor = :a',
                ExpressionAttributeValues: { ':a': { S: 'tampered' } },
              }),
            ),
          ),
          validatorReadsRaw: await outcome(() =>
            s3('validator').send(new GetObjectCommand({ Bucket: o.raw_data_bucket_name, Key: seeded })),
          ),
          validatorReadsProcessed: await outcome(() =>
            s3('validator').send(new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey })),
          ),
          auditorReadsAudit: await outcome(() =>
            ddb('auditor').send(new GetItemCommand({ TableName: o.audit_table_name, Key: auditId })),
          ),
          auditorWritesAudit: await outcome(() =>
            ddb('auditor').send(
              new PutItemCommand({
                TableName: o.audit_table_name,
                Item: { audit_id: { S: `${auditId.audit_id.S}-forged` } },
              }),
            ),
          ),
          auditorReadsProcessed: await outcome(() =>
            s3('auditor').send(new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey })),
          ),
          auditorReadsRaw: await outcome(() =>
            s3('auditor').send(new GetObjectCommand({ Bucket: o.raw_data_bucket_name, Key: seeded })),
          ),
          dataProcessorInvokes: await outcome(() =>
            new LambdaClient(as.dataProcessor!).send(
              new InvokeCommand({ FunctionName: o.processor_function_name, InvocationType: 'DryRun' }),
            ),
          ),
          dataProcessorReadsProcessed: await outcome(() =>
            s3('dataProcessor').send(new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey })),
          ),
          dataProcessorReadsTables: await outcome(() =>
            ddb('dataProcessor').send(new GetItemCommand({ TableName: o.audit_table_name, Key: auditId })),
          ),
          administratorReadsRaw: await outcome(() =>
            s3('administrator').send(new GetObjectCommand({ Bucket: o.raw_data_bucket_name, Key: seeded })),
          ),
          administratorAltersAudit: await outcome(() =>
            ddb('administrator').send(
              new PutItemCommand({
                TableName: o.audit_table_name,
                Item: { ...auditId, actor: { S: 'administrator' } },
              }),
            ),
          ),
        };
        return check;
      });
      await admin.send(
        new DeleteObjectCommand({ Bucket: o.raw_data_bucket_name, Key: seeded, VersionId: put.VersionId }),
      );
      const refused = (name: string) => DENIED.has(name);
      assert.equal(
        seen.emulatorRefusesUnknownKeys,
        'InvalidClientTokenId',
        'the emulator really checks: a key it never issued is refused',
      );
      const allowed = [
        'processorReadsRaw',
        'processorWritesProcessed',
        'processorAppendsAudit',
        'validatorReadsProcessed',
        'auditorReadsAudit',
        'auditorReadsProcessed',
        'dataProcessorInvokes',
      ] as const;
      const denied = [
        'processorAltersAudit',
        'validatorReadsRaw',
        'auditorWritesAudit',
        'auditorReadsRaw',
        'dataProcessorReadsProcessed',
        'dataProcessorReadsTables',
        'administratorReadsRaw',
        'administratorAltersAudit',
      ] as const;
      for (const name of allowed) assert.equal(seen[name], 'allowed', `${name}: ${seen[name]}`);
      for (const name of denied) assert.ok(refused(seen[name]), `${name} should be refused, got ${seen[name]}`);
    });
  });
}
