// The payment-files checks against a deployed stack, read from its flat outputs. One suite, two targets:
//   - a real account: the S3 notification invokes the real Lambda; the suite waits for its output;
//   - the local emulator (test/integration/payment-files): the stack is really created by moto's CloudFormation,
//     and the uploaded processor bundle runs in-process (moto cannot run Lambda containers without docker).
// On the emulator, the few checks of settings moto's CloudFormation does not implement are skipped, each with the
// reason; they run in full against a real account. The list is fixed here, not derived from what the emulator
// returns, so a setting missing from the template still fails on the emulator.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { CloudTrailClient, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { findPans } from '../../../src/core/index.ts';
import { contract } from '../../../src/functions/processor/contract.ts';
import type { ClientConfig } from '../../../src/local/deploy.ts';
import { objectCreatedEvent } from '../../../src/local/s3-events.ts';
import { deployLocally, readFlatOutputs as readDeployedOutputs } from '../flat-outputs.ts';

export const REQUIRED_OUTPUTS = [
  'PaymentFilesBucketName',
  'AuditLogsBucketName',
  'JobsTableName',
  'AuditTableName',
  'KmsKeyArn',
  'KmsKeyId',
  'ProcessorFunctionName',
  'ProcessorLogGroupName',
  'PrivateSubnetIds',
  'PublicSubnetId',
  'PrivateRouteTableIds',
  'NatGatewayId',
  'S3EndpointId',
  'DynamoDBEndpointId',
  'VpcId',
  'TrailName',
  'StackRegion',
] as const;

export interface PaymentFilesTarget {
  outputs: Record<string, string>;
  /** Emulator client configuration; absent for a real account (default credential chain). */
  emulator?: ClientConfig;
  /** Runs the processor for one uploaded object (emulator); absent: the S3 notification invokes the real Lambda. */
  runProcessor?: (event: unknown) => Promise<unknown>;
}

/** Settings moto 5.2.x's CloudFormation does not implement; checked in full against a real account only. */
const MOTO_GAPS = {
  bucketVersioning:
    "moto's CloudFormation applies only BucketEncryption and Tags of AWS::S3::Bucket (VersioningConfiguration ignored)",
  bucketPublicAccessBlock:
    "moto's CloudFormation applies only BucketEncryption and Tags of AWS::S3::Bucket (PublicAccessBlockConfiguration ignored)",
  bucketPolicy: "moto's CloudFormation has no AWS::S3::BucketPolicy implementation (the resource is skipped)",
  tablePitr: "moto's CloudFormation ignores PointInTimeRecoverySpecification of AWS::DynamoDB::Table",
  logGroupKms: "moto's CloudFormation does not pass KmsKeyId of AWS::Logs::LogGroup to its log group",
  functionKms: "moto's CloudFormation does not pass KmsKeyArn of AWS::Lambda::Function",
  trail: "moto's CloudFormation has no AWS::CloudTrail::Trail implementation (the resource is skipped)",
  keyDescribe:
    'moto keeps a CloudFormation KeyPolicy as an object and its DescribeKey then fails (moto/kms/policy_validator.py: JSON object must be str)',
  tableSse:
    "moto's CloudFormation passes SSESpecification on with CloudFormation's SSEEnabled, while its DescribeTable reports SSE only for the API's Enabled",
} as const;

/** Reads the flat outputs written by a deployment; says why the suite cannot run when they are missing or foreign. */
export function readFlatOutputs(file: string): { outputs: Record<string, string> } | { skip: string } {
  const read = readDeployedOutputs({
    environment: 'payment-files',
    required: REQUIRED_OUTPUTS,
    how: deployLocally('payment-files'),
    file,
  });
  return 'skip' in read ? read : { outputs: read.outputs as Record<string, string> };
}

export function definePaymentFilesSuite(target: PaymentFilesTarget): void {
  const { outputs } = target;
  const config = target.emulator ?? { region: outputs.StackRegion };
  const onEmulator = target.emulator !== undefined;
  const gap = (t: TestContext, which: keyof typeof MOTO_GAPS): boolean => {
    if (!onEmulator) return false;
    t.skip(`emulator: ${MOTO_GAPS[which]}; checked against a real account`);
    return true;
  };
  const s3 = new S3Client(config);
  const kms = new KMSClient(config);
  const ddb = new DynamoDBClient(config);
  const ec2 = new EC2Client(config);
  const buckets = [outputs.PaymentFilesBucketName!, outputs.AuditLogsBucketName!];
  const tables = [outputs.JobsTableName!, outputs.AuditTableName!];
  const privateSubnets = outputs.PrivateSubnetIds!.split(',');
  const privateRouteTables = outputs.PrivateRouteTableIds!.split(',');

  test('KMS key: automatic rotation on', async () => {
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: outputs.KmsKeyId }));
    assert.equal(rotation.KeyRotationEnabled, true);
  });

  test('KMS key: customer managed and enabled', async (t) => {
    if (gap(t, 'keyDescribe')) return;
    const key = await kms.send(new DescribeKeyCommand({ KeyId: outputs.KmsKeyId }));
    assert.equal(key.KeyMetadata?.KeyManager, 'CUSTOMER');
    assert.equal(key.KeyMetadata?.Enabled, true);
    assert.equal(key.KeyMetadata?.Arn, outputs.KmsKeyArn);
  });

  test('buckets: default encryption is SSE-KMS under the stack key', async () => {
    for (const bucket of buckets) {
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      const rule = enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      assert.equal(rule?.SSEAlgorithm, 'aws:kms', bucket);
      assert.equal(rule?.KMSMasterKeyID, outputs.KmsKeyArn, bucket);
    }
  });

  test('buckets: versioning enabled', async (t) => {
    if (gap(t, 'bucketVersioning')) return;
    for (const bucket of buckets) {
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      assert.equal(v.Status, 'Enabled', bucket);
    }
  });

  test('buckets: every public access block on', async (t) => {
    if (gap(t, 'bucketPublicAccessBlock')) return;
    for (const bucket of buckets) {
      const c = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      assert.deepEqual(
        [c?.BlockPublicAcls, c?.BlockPublicPolicy, c?.IgnorePublicAcls, c?.RestrictPublicBuckets],
        [true, true, true, true],
        bucket,
      );
    }
  });

  test('files bucket policy: denies non-TLS requests, uploads not SSE-KMS, and reading incoming/ to all but the processor', async (t) => {
    if (gap(t, 'bucketPolicy')) return;
    const policy = JSON.parse(
      (await s3.send(new GetBucketPolicyCommand({ Bucket: outputs.PaymentFilesBucketName }))).Policy ?? '{}',
    ) as {
      Statement: { Effect: string; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
    };
    const denies = policy.Statement.filter((s) => s.Effect === 'Deny');
    assert.ok(
      denies.some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
      'deny aws:SecureTransport=false',
    );
    assert.ok(
      // Only a header that is present and wrong: uploads without one (log deliveries, multipart parts) still work.
      denies.some(
        (s) =>
          s.Condition?.Null?.['s3:x-amz-server-side-encryption'] === 'false' &&
          s.Condition?.StringNotEquals?.['s3:x-amz-server-side-encryption'] === 'aws:kms',
      ),
      'deny PutObject whose x-amz-server-side-encryption is present and not aws:kms',
    );
    assert.ok(
      denies.some(
        (s) =>
          [s.Action].flat().includes('s3:GetObject') && s.Condition?.ArnNotEquals?.['aws:PrincipalArn'] !== undefined,
      ),
      'raw card files in incoming/ are readable by the processor role alone',
    );
  });

  test('tables: encrypted with the stack key', async (t) => {
    if (gap(t, 'tableSse')) return;
    for (const table of tables) {
      const d = await ddb.send(new DescribeTableCommand({ TableName: table }));
      assert.equal(d.Table?.SSEDescription?.SSEType, 'KMS', table);
      assert.equal(d.Table?.SSEDescription?.KMSMasterKeyArn, outputs.KmsKeyArn, table);
    }
  });

  test('tables: point-in-time recovery enabled', async (t) => {
    if (gap(t, 'tablePitr')) return;
    for (const table of tables) {
      const b = await ddb.send(new DescribeContinuousBackupsCommand({ TableName: table }));
      assert.equal(
        b.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
        'ENABLED',
        table,
      );
    }
  });

  test('network: three private subnets in three AZs, no public IPs, default route only through the NAT gateway', async () => {
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: privateSubnets }))).Subnets ?? [];
    assert.equal(subnets.length, 3);
    assert.equal(new Set(subnets.map((s) => s.AvailabilityZone)).size, 3, 'three distinct availability zones');
    for (const s of subnets) assert.equal(s.MapPublicIpOnLaunch, false, s.SubnetId);
    const tablesOut =
      (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: privateRouteTables }))).RouteTables ?? [];
    assert.equal(tablesOut.length, 3);
    for (const rt of tablesOut) {
      const defaults = (rt.Routes ?? []).filter((r) => r.DestinationCidrBlock === '0.0.0.0/0');
      assert.equal(defaults.length, 1, rt.RouteTableId);
      assert.equal(
        defaults[0]?.NatGatewayId,
        outputs.NatGatewayId,
        `${rt.RouteTableId}: 0.0.0.0/0 goes to the NAT gateway`,
      );
      assert.ok(
        !(rt.Routes ?? []).some((r) => r.GatewayId?.startsWith('igw-')),
        `${rt.RouteTableId}: no route to an internet gateway`,
      );
      const associated = (rt.Associations ?? []).map((a) => a.SubnetId).filter(Boolean);
      assert.ok(
        associated.every((id) => privateSubnets.includes(id!)),
        `${rt.RouteTableId}: associated with private subnets only`,
      );
    }
  });

  test('network: the NAT gateway sits in the public subnet; the processor never does', async () => {
    const nat = (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [outputs.NatGatewayId!] })))
      .NatGateways?.[0];
    assert.equal(nat?.SubnetId, outputs.PublicSubnetId);
    assert.ok(!privateSubnets.includes(outputs.PublicSubnetId!));
  });

  test('network: S3 and DynamoDB gateway endpoints on every private route table', async () => {
    const endpoints =
      (
        await ec2.send(
          new DescribeVpcEndpointsCommand({ VpcEndpointIds: [outputs.S3EndpointId!, outputs.DynamoDBEndpointId!] }),
        )
      ).VpcEndpoints ?? [];
    assert.equal(endpoints.length, 2);
    for (const e of endpoints) {
      assert.equal(e.VpcEndpointType, 'Gateway', e.ServiceName);
      assert.equal(e.VpcId, outputs.VpcId);
      assert.deepEqual([...(e.RouteTableIds ?? [])].sort(), [...privateRouteTables].sort(), e.ServiceName);
    }
    assert.deepEqual(endpoints.map((e) => e.ServiceName?.split('.').pop()).sort(), ['dynamodb', 's3']);
  });

  test('processor: private subnets only, index.handler, the environment its contract declares', async () => {
    const fn = await new LambdaClient(config).send(
      new GetFunctionConfigurationCommand({ FunctionName: outputs.ProcessorFunctionName }),
    );
    assert.equal(fn.Handler, 'index.handler');
    assert.match(fn.Runtime ?? '', /^nodejs2[2-9]\.x$/);
    assert.deepEqual([...(fn.VpcConfig?.SubnetIds ?? [])].sort(), [...privateSubnets].sort());
    assert.ok((fn.VpcConfig?.SecurityGroupIds ?? []).length > 0, 'a security group');
    const declared = new Set(contract.environment.map((v) => v.name));
    const set = Object.keys(fn.Environment?.Variables ?? {});
    assert.deepEqual(
      set.filter((name) => !declared.has(name)),
      [],
      'no variable outside the contract',
    );
    const required = contract.environment.filter((v) => v.required).map((v) => v.name);
    assert.deepEqual(
      required.filter((name) => !set.includes(name)),
      [],
      'every required variable set',
    );
  });

  test('processor: environment encrypted with the stack key', async (t) => {
    if (gap(t, 'functionKms')) return;
    const fn = await new LambdaClient(config).send(
      new GetFunctionConfigurationCommand({ FunctionName: outputs.ProcessorFunctionName }),
    );
    assert.equal(fn.KMSKeyArn, outputs.KmsKeyArn);
  });

  test('processor log group: 30 days hot retention', async () => {
    const groups = await new CloudWatchLogsClient(config).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: outputs.ProcessorLogGroupName }),
    );
    const group = groups.logGroups?.find((g) => g.logGroupName === outputs.ProcessorLogGroupName);
    assert.ok(group, 'log group exists');
    assert.equal(group.retentionInDays, 30);
  });

  test('processor log group: encrypted with the stack key', async (t) => {
    if (gap(t, 'logGroupKms')) return;
    const groups = await new CloudWatchLogsClient(config).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: outputs.ProcessorLogGroupName }),
    );
    assert.equal(
      groups.logGroups?.find((g) => g.logGroupName === outputs.ProcessorLogGroupName)?.kmsKeyId,
      outputs.KmsKeyArn,
    );
  });

  test('CloudTrail: logging, multi-region, log-file validation, KMS, into the audit bucket', async (t) => {
    if (gap(t, 'trail')) return;
    const trails = new CloudTrailClient(config);
    const trail = (await trails.send(new GetTrailCommand({ Name: outputs.TrailName }))).Trail;
    assert.equal(trail?.IsMultiRegionTrail, true);
    assert.equal(trail?.LogFileValidationEnabled, true);
    assert.equal(trail?.KmsKeyId, outputs.KmsKeyArn);
    assert.equal(trail?.S3BucketName, outputs.AuditLogsBucketName);
    assert.equal((await trails.send(new GetTrailStatusCommand({ Name: outputs.TrailName }))).IsLogging, true);
  });

  test('pipeline: a payment file in incoming/ comes out tokenized and masked, the bad record quarantined, one ledger and one audit record, no clear PAN anywhere', async () => {
    const bucket = outputs.PaymentFilesBucketName!;
    // Base 36: a 13-digit millisecond timestamp passes Luhn one time in ten, and the processor rightly refuses an
    // object key that looks like a card number (UNSAFE_OBJECT_KEY).
    const key = `incoming/deployed-test-${Date.now().toString(36)}.jsonl`;
    const good = ['4111111111111111', '5555555555554444', '378282246310005'];
    const bad = '4111111111111112'; // fails the Luhn check
    const lines = [...good, bad].map((pan, i) =>
      JSON.stringify({
        transaction_id: `t-${i + 1}`,
        merchant_id: 'm-1',
        pan,
        expiry: '12/30',
        amount_minor: 1000 + i,
        currency: 'USD',
        timestamp: '2026-11-23T09:00:00Z',
      }),
    );
    const body = lines.join('\n') + '\n';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: outputs.KmsKeyArn,
      }),
    );
    const versionId = put.VersionId ?? 'null';
    const processedKey = `processed/${key}@${versionId}.jsonl`;
    const quarantineKey = `quarantine/${key}@${versionId}.jsonl`;
    if (target.runProcessor) {
      const result = await target.runProcessor(objectCreatedEvent(bucket, key, put.VersionId, body.length));
      const jobs = (result as { jobs?: { status: string; outputs?: { key: string }[] }[] }).jobs ?? [];
      assert.equal(jobs[0]?.status, 'SUCCEEDED', `processor result: ${JSON.stringify(result)}`);
      assert.deepEqual(
        jobs[0]?.outputs?.map((o) => o.key),
        [processedKey, quarantineKey],
      );
    } else {
      // The bucket notification invokes the real function; wait for its output.
      const deadline = Date.now() + 180_000;
      for (;;) {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: processedKey }));
          break;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`no ${processedKey} after 180 s: ${(error as Error).name}`);
          await new Promise((r) => setTimeout(r, 3000));
        }
      }
    }
    const read = async (k: string) => {
      const o = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k }));
      assert.equal(o.ServerSideEncryption, 'aws:kms', `${k} is SSE-KMS`);
      if (!onEmulator) assert.equal(o.SSEKMSKeyId, outputs.KmsKeyArn, `${k} under the stack key`);
      return (await o.Body!.transformToString()).trim().split('\n').filter(Boolean);
    };
    const processed = (await read(processedKey)).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(processed.length, good.length);
    for (const [i, record] of processed.entries()) {
      const pan = good[i]!;
      assert.equal(record.pan, undefined, 'no pan field in processed output');
      assert.equal(typeof record.token, 'string');
      assert.equal(record.pan_masked, `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`);
    }
    assert.equal(new Set(processed.map((r) => r.token)).size, good.length, 'distinct PANs, distinct tokens');
    const quarantined = await read(quarantineKey);
    assert.equal(quarantined.length, 1);
    assert.match(quarantined[0]!, /PAN_LUHN/);

    const doc = DynamoDBDocumentClient.from(ddb);
    const jobId = `job#s3://${bucket}/${key}#${versionId}`;
    const job = (
      await doc.send(new GetCommand({ TableName: outputs.JobsTableName, Key: { job_id: jobId }, ConsistentRead: true }))
    ).Item;
    assert.equal(job?.status, 'SUCCEEDED');
    assert.equal((job?.counts as Record<string, number> | undefined)?.accepted, good.length);
    assert.equal((job?.counts as Record<string, number> | undefined)?.rejected, 1);
    const auditId = `processor.job#s3://${bucket}/${key}#${versionId}`;
    const audit = (
      await doc.send(
        new GetCommand({ TableName: outputs.AuditTableName, Key: { audit_id: auditId }, ConsistentRead: true }),
      )
    ).Item;
    assert.equal(audit?.outcome, 'SUCCEEDED');
    assert.equal(audit?.event_type, 'processor.job');

    const everything = [
      JSON.stringify(processed),
      quarantined.join('\n'),
      JSON.stringify(job),
      JSON.stringify(audit),
    ].join('\n');
    assert.deepEqual(
      findPans(everything).map((f) => f.masked),
      [],
      'no Luhn-valid PAN in outputs, ledger or audit',
    );
  });
}
