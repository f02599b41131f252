// The isolated-processing stack, deployed on a real account, checked live with the AWS SDK from its flat outputs.
//
//   npm run build
//   terraform -chdir=infra/terraform/stacks/isolated-processing init
//   terraform -chdir=infra/terraform/stacks/isolated-processing apply
//   terraform -chdir=infra/terraform/stacks/isolated-processing output -json | npx tsx scripts/tf-outputs-to-flat.ts
//   node scripts/run-tests.mjs test/deployed/isolated-processing
//
// Run it with the credentials that ran `terraform apply`: the buckets refuse every principal that does not come
// through the VPC's S3 endpoint, except the deploying role, the administrator role and bucket_vpce_exempt_principal_arns.
// Without cfn-outputs/flat-outputs.json (or with another environment's) every test is skipped with that message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { findPans } from '../../../src/core/index.ts';
import { readFlatOutputs } from '../flat-outputs.ts';

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
type Outputs = Record<(typeof REQUIRED)[number], string> & { private_subnet_ids: string[] | string } & Record<string, unknown>;

function readOutputs(): { outputs: Outputs } | { skip: string } {
  const read = readFlatOutputs({
    environment: 'isolated-processing',
    required: REQUIRED,
    how:
      'deploy infra/terraform/stacks/isolated-processing (npm run build; terraform init && terraform apply), then ' +
      '`terraform output -json | npx tsx scripts/tf-outputs-to-flat.ts` to write cfn-outputs/flat-outputs.json',
  });
  return 'skip' in read ? read : { outputs: read.outputs as Outputs };
}

const loaded = readOutputs();
const skip = 'skip' in loaded ? loaded.skip : false;
const o = ('outputs' in loaded ? loaded.outputs : {}) as Outputs;
const config = { region: o.aws_region ?? 'us-east-1' };
const subnetIds = Array.isArray(o.private_subnet_ids) ? o.private_subnet_ids : String(o.private_subnet_ids ?? '').split(',');
const buckets = () => [o.raw_data_bucket_name, o.processed_data_bucket_name, o.audit_logs_bucket_name];

const errorName = (error: unknown) => (error as { name?: string }).name ?? String(error);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('isolated-processing (deployed): network isolation', { skip }, () => {
  const ec2 = new EC2Client(config);

  it('the VPC is 10.0.0.0/16 with DNS support, and has no internet gateway and no NAT gateway', async () => {
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [o.vpc_id] }))).Vpcs?.[0];
    assert.equal(vpc?.CidrBlock, '10.0.0.0/16');
    const igws = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [o.vpc_id] }] }));
    assert.deepEqual(igws.InternetGateways ?? [], []);
    const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [o.vpc_id] }] }));
    assert.deepEqual((nats.NatGateways ?? []).filter((n) => n.State !== 'deleted'), []);
  });

  it('the three private subnets sit in three zones, map no public IPs and share the one route table', async () => {
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))).Subnets ?? [];
    assert.deepEqual(subnets.map((s) => s.CidrBlock).sort(), ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    assert.equal(new Set(subnets.map((s) => s.AvailabilityZone)).size, 3);
    for (const s of subnets) assert.equal(s.MapPublicIpOnLaunch, false);
    const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [o.route_table_id] }))).RouteTables?.[0];
    assert.deepEqual((table?.Associations ?? []).map((a) => a.SubnetId).filter(Boolean).sort(), [...subnetIds].sort());
  });

  it('the route table holds only the local route and the gateway endpoints’ prefix-list routes', async () => {
    const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [o.route_table_id] }))).RouteTables?.[0];
    for (const route of table?.Routes ?? []) {
      const local = route.GatewayId === 'local';
      const endpoint = route.GatewayId?.startsWith('vpce-') === true && route.DestinationPrefixListId !== undefined;
      assert.ok(local || endpoint, `unexpected route ${JSON.stringify(route)}`);
    }
  });

  it('the five endpoints are available: S3 and DynamoDB gateways, Lambda, Logs and KMS interfaces with private DNS', async () => {
    const ids = [o.s3_vpc_endpoint_id, o.dynamodb_vpc_endpoint_id, o.lambda_vpc_endpoint_id, o.logs_vpc_endpoint_id, o.kms_vpc_endpoint_id];
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

describe('isolated-processing (deployed): encryption and recovery', { skip }, () => {
  const s3 = new S3Client(config);
  const ddb = new DynamoDBClient(config);
  const kms = new KMSClient(config);

  it('every bucket is versioned, fully private and SSE-KMS with the S3 key and a bucket key', async () => {
    for (const bucket of buckets()) {
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled', bucket);
      const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules?.[0];
      assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms', bucket);
      assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, o.s3_kms_key_arn, bucket);
      assert.equal(rule?.BucketKeyEnabled, true, bucket);
      const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      assert.deepEqual(block, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, bucket);
    }
  });

  it('both tables have point-in-time recovery on and are encrypted with a customer-managed key', async () => {
    for (const table of [o.metadata_table_name, o.audit_table_name]) {
      const backups = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: table }));
      assert.equal(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, 'ENABLED', table);
      const description = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table;
      assert.equal(description?.SSEDescription?.SSEType, 'KMS', table);
      assert.equal(description?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST', table);
    }
  });

  it('the keys rotate', async () => {
    for (const key of [o.s3_kms_key_arn, o.logs_kms_key_arn, o.dynamodb_kms_key_arn as string, o.token_kms_key_arn as string]) {
      if (typeof key !== 'string') continue;
      assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key }))).KeyRotationEnabled, true, key);
    }
  });

  it('an upload asking for other encryption (SSE-S3, or another KMS key) is refused', async () => {
    const key = `deployed-test/refused-${Date.now().toString(36)}.jsonl`;
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: o.raw_data_bucket_name, Key: key, Body: '{}\n', ServerSideEncryption: 'AES256' })),
      (error) => errorName(error) === 'AccessDenied',
    );
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: o.raw_data_bucket_name, Key: key, Body: '{}\n', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: o.logs_kms_key_arn })),
      (error) => errorName(error) === 'AccessDenied',
    );
  });

  it('an upload without an encryption header is stored encrypted with the S3 key by default', async () => {
    const key = `deployed-test/default-encryption-${Date.now().toString(36)}.txt`;
    const put = await s3.send(new PutObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key, Body: 'default encryption check\n' }));
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
      assert.equal(head.SSEKMSKeyId, o.s3_kms_key_arn);
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: o.audit_logs_bucket_name, Key: key, VersionId: put.VersionId }));
    }
  });
});

describe('isolated-processing (deployed): processing', { skip }, () => {
  const s3 = new S3Client(config);
  const lambda = new LambdaClient(config);

  it('both functions run in the three private subnets with the configured runtime, 256 MB and 300 s', async () => {
    for (const name of [o.processor_function_name, o.validator_function_name]) {
      const f = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      assert.deepEqual([...(f.VpcConfig?.SubnetIds ?? [])].sort(), [...subnetIds].sort(), name);
      assert.equal(f.MemorySize, 256, name);
      assert.equal(f.Timeout, 300, name);
      assert.match(f.Runtime ?? '', /^nodejs/, name);
      assert.ok(f.KMSKeyArn, `${name} environment encrypted with a CMK`);
    }
  });

  it('a file dropped in raw appears tokenized and masked in processed, with no card number', { timeout: 300_000 }, async () => {
    // Public test card numbers only. Ids and keys carry no long digit runs, so nothing but a PAN could look like one.
    const run = Date.now().toString(36);
    const pans = ['4111111111111111', '5555555555554444'];
    const body = pans
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
      new PutObjectCommand({ Bucket: o.raw_data_bucket_name, Key: key, Body: body, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: o.s3_kms_key_arn }),
    );
    const processedKey = `processed/${key}@${put.VersionId}.jsonl`;
    let text: string | undefined;
    const deadline = Date.now() + 240_000; // a VPC function's first invocation attaches its network interfaces
    while (text === undefined && Date.now() < deadline) {
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: o.processed_data_bucket_name, Key: processedKey }));
        assert.equal(got.ServerSideEncryption, 'aws:kms');
        text = await got.Body!.transformToString();
      } catch (error) {
        if (errorName(error) !== 'NoSuchKey') throw error;
        await sleep(5000);
      }
    }
    try {
      assert.ok(text !== undefined, `processed/${key}@<version>.jsonl did not appear within 4 minutes`);
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { token: string; pan_masked: string });
      assert.equal(lines.length, 2);
      assert.deepEqual(lines.map((l) => l.pan_masked), ['411111******1111', '555555******4444']);
      for (const l of lines) assert.match(l.token, /^tok_/);
      assert.deepEqual(findPans(text), [], 'no card number in the processed object');
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: o.raw_data_bucket_name, Key: key, VersionId: put.VersionId }));
    }
  });
});
