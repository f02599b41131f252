// Test plumbing for the compliance scanner against moto: a seeded account, a paging shim, throttling injection.
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Emulator } from '../../../src/local/emulator.ts';
import { createClients, type AllClients } from '../../../src/functions/compliance-scanner/handler.ts';
import type { CheckId, Severity } from '../../../src/functions/compliance-scanner/findings.ts';

export const ACCOUNT = '123456789012'; // moto's account
export const REGION = 'us-east-1';

type Handler = (args: { input: object }) => Promise<{ output: object }>;
/** The slice of every SDK client's middleware stack these helpers use (the clients' own types do not unify). */
interface Stacked {
  middlewareStack: {
    add(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { step: 'initialize' | 'finalizeRequest'; name: string; priority?: 'high' | 'normal' | 'low' },
    ): void;
  };
}
const stacks = (clients: AllClients) => Object.values(clients) as unknown as Stacked[];

/**
 * moto 5.2.5 ignores the page size of S3 ListBuckets (it truncates without a continuation token), of the EC2
 * describe calls and of KMS ListKeys. This shim stands in for AWS's paging in front of moto: it strips the page
 * size and token from the request, and cuts moto's full answer into pages with an opaque token, as AWS does.
 * CloudWatch Logs and DynamoDB page natively in moto and are left alone.
 */
const PAGED: Record<string, { list: string; size: string; tokenIn: string; tokenOut: string; truncated?: string }> = {
  ListBucketsCommand: {
    list: 'Buckets',
    size: 'MaxBuckets',
    tokenIn: 'ContinuationToken',
    tokenOut: 'ContinuationToken',
  },
  DescribeVolumesCommand: { list: 'Volumes', size: 'MaxResults', tokenIn: 'NextToken', tokenOut: 'NextToken' },
  DescribeSecurityGroupsCommand: {
    list: 'SecurityGroups',
    size: 'MaxResults',
    tokenIn: 'NextToken',
    tokenOut: 'NextToken',
  },
  DescribeVpcsCommand: { list: 'Vpcs', size: 'MaxResults', tokenIn: 'NextToken', tokenOut: 'NextToken' },
  DescribeFlowLogsCommand: { list: 'FlowLogs', size: 'MaxResults', tokenIn: 'NextToken', tokenOut: 'NextToken' },
  ListKeysCommand: { list: 'Keys', size: 'Limit', tokenIn: 'Marker', tokenOut: 'NextMarker', truncated: 'Truncated' },
};

/** Counts every call per command, so tests can prove each list call really went past its first page. */
export class CallLog {
  readonly calls = new Map<string, number>();
  count(command: string): number {
    return this.calls.get(command) ?? 0;
  }
}

export function installPagingShim(clients: AllClients, log: CallLog): void {
  for (const client of stacks(clients)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '?';
        log.calls.set(command, log.count(command) + 1);
        const spec = PAGED[command];
        if (!spec) return next(args);
        const input = { ...(args.input as Record<string, unknown>) };
        const size = Number(input[spec.size] ?? 1000);
        const token = input[spec.tokenIn];
        const offset = typeof token === 'string' ? Number(token.replace('page-', '')) : 0;
        delete input[spec.size];
        delete input[spec.tokenIn];
        const result = await next({ ...args, input });
        const output = result.output as Record<string, unknown>;
        const all = (output[spec.list] as unknown[] | undefined) ?? [];
        output[spec.list] = all.slice(offset, offset + size);
        const more = offset + size < all.length;
        output[spec.tokenOut] = more ? `page-${offset + size}` : undefined;
        if (spec.truncated) output[spec.truncated] = more;
        return result;
      },
      { step: 'initialize', name: 'testPagingShim' },
    );
  }
}

/** Makes the first `times` calls of each command fail with ThrottlingException, inside the SDK's retry loop. */
export function injectThrottling(clients: AllClients, times: number, log: CallLog): void {
  for (const client of stacks(clients)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = `throttled:${context.commandName ?? '?'}`;
        const seen = log.count(command);
        if (seen < times) {
          log.calls.set(command, seen + 1);
          throw Object.assign(new Error('Rate exceeded'), {
            name: 'ThrottlingException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'testThrottling' },
    );
  }
}

/** Rewrites every answer to one command (after the paging shim): `n` counts the calls, from 1. */
export function rewriteAnswers(
  clients: AllClients,
  command: string,
  rewrite: (output: Record<string, unknown>, n: number) => void,
): void {
  let n = 0;
  for (const client of stacks(clients)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === command) rewrite(result.output as Record<string, unknown>, ++n);
        return result;
      },
      // High priority: outside the paging shim, so it rewrites what the scanner would get from AWS.
      { step: 'initialize', name: `testRewrite:${command}`, priority: 'high' },
    );
  }
}

/** Makes every call of one command fail with AccessDenied, optionally only for one resource. */
export function injectAccessDenied(
  clients: AllClients,
  command: string,
  match?: (input: Record<string, unknown>) => boolean,
): void {
  for (const client of stacks(clients)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === command && (!match || match(args.input as Record<string, unknown>)))
          throw Object.assign(new Error('User is not authorized to perform this action'), {
            name: 'AccessDenied',
            $fault: 'client',
            $metadata: { httpStatusCode: 403 },
          });
        return next(args);
      },
      { step: 'finalizeRequest', name: `testAccessDenied:${command}` },
    );
  }
}

export function scannerClients(emulator: Emulator, extra: Record<string, unknown> = {}): AllClients {
  return createClients(emulator.region, { ...emulator.clientConfig, ...extra });
}

/** What the test expects the scanner to report on one planted resource. */
export interface Planted {
  arn: string;
  check: CheckId;
  severity: Severity;
  requirement: string;
}

export interface SeededAccount {
  planted: Planted[];
  /** Resources configured to pass every check. */
  compliant: string[];
  reportsBucket: string;
  reportsKeyId: string;
  topicArn: string;
  queueUrl: string;
}

const s3Arn = (name: string) => `arn:aws:s3:::${name}`;
const ec2Arn = (type: string, id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${type}/${id}`;

/**
 * Seeds moto with more than one page (at page size 5) of every resource kind: compliant resources and one or
 * more planted violations of every check.
 */
export async function seedAccount(emulator: Emulator): Promise<SeededAccount> {
  const config = emulator.clientConfig;
  const s3 = new S3Client(config);
  const ec2 = new EC2Client(config);
  const logs = new CloudWatchLogsClient(config);
  const kms = new KMSClient(config);
  const dynamodb = new DynamoDBClient(config);
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const planted: Planted[] = [];
  const compliant: string[] = [];

  // KMS: three compliant keys (one also serves the reports bucket), two without rotation, one disabled key
  // (rotation does not apply to it, so no finding).
  const newKey = async () => (await kms.send(new CreateKeyCommand({ Description: 'seed' }))).KeyMetadata!;
  for (let i = 0; i < 3; i += 1) {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    compliant.push(key.Arn!);
  }
  const reportsKey = await newKey();
  await kms.send(new EnableKeyRotationCommand({ KeyId: reportsKey.KeyId }));
  compliant.push(reportsKey.Arn!);
  for (let i = 0; i < 2; i += 1) {
    const key = await newKey();
    planted.push({ arn: key.Arn!, check: 'kms-key-rotation-disabled', severity: 'MEDIUM', requirement: '3.7.4' });
  }
  const disabled = await newKey();
  await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
  compliant.push(disabled.Arn!);

  // S3: four compliant buckets (one is the reports bucket) and six with one violation each.
  const bucket = async (
    name: string,
    options: {
      encryption?: 'kms' | 'AES256' | 'none';
      versioning?: 'Enabled' | 'Suspended' | 'none';
      pab?: 'all' | 'partial' | 'none';
    },
  ) => {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const encryption = options.encryption ?? 'kms';
    if (encryption !== 'none')
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: name,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault:
                  encryption === 'kms'
                    ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: reportsKey.Arn }
                    : { SSEAlgorithm: 'AES256' },
              },
            ],
          },
        }),
      );
    const versioning = options.versioning ?? 'Enabled';
    if (versioning !== 'none')
      await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: versioning } }));
    const pab = options.pab ?? 'all';
    if (pab !== 'none')
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: name,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: pab === 'all',
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
    return s3Arn(name);
  };
  const reportsBucket = 's3-compliance-reports-dev-123456789012';
  compliant.push(await bucket(reportsBucket, {}));
  for (const name of ['s3-app-logs-dev-seed', 's3-flow-logs-dev-seed', 's3-ok-dev-seed'])
    compliant.push(await bucket(name, {}));
  planted.push(
    {
      arn: await bucket('seed-unencrypted', { encryption: 'none' }),
      check: 's3-bucket-unencrypted',
      severity: 'HIGH',
      requirement: '3.5.1',
    },
    {
      arn: await bucket('seed-sse-s3', { encryption: 'AES256' }),
      check: 's3-bucket-not-kms-encrypted',
      severity: 'LOW',
      requirement: '3.5.1',
    },
    {
      arn: await bucket('seed-unversioned', { versioning: 'none' }),
      check: 's3-bucket-versioning-disabled',
      severity: 'MEDIUM',
      requirement: '10.3.4',
    },
    {
      arn: await bucket('seed-suspended', { versioning: 'Suspended' }),
      check: 's3-bucket-versioning-disabled',
      severity: 'MEDIUM',
      requirement: '10.3.4',
    },
    {
      arn: await bucket('seed-no-pab', { pab: 'none' }),
      check: 's3-bucket-public-access-not-blocked',
      severity: 'HIGH',
      requirement: '1.4.2',
    },
    {
      arn: await bucket('seed-partial-pab', { pab: 'partial' }),
      check: 's3-bucket-public-access-not-blocked',
      severity: 'HIGH',
      requirement: '1.4.2',
    },
  );

  // EBS: three encrypted, three not.
  for (let i = 0; i < 6; i += 1) {
    const encrypted = i % 2 === 0;
    const v = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: `${REGION}a`,
        Size: 1,
        Encrypted: encrypted,
        ...(encrypted ? { KmsKeyId: reportsKey.Arn } : {}),
      }),
    );
    const arn = ec2Arn('volume', v.VolumeId!);
    if (encrypted) compliant.push(arn);
    else planted.push({ arn, check: 'ebs-volume-unencrypted', severity: 'HIGH', requirement: '3.5.1' });
  }

  // VPCs: three with flow logs, three without; moto's default VPC has none either (a true finding).
  const defaultGroups = async (vpcId: string) =>
    (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
      .SecurityGroups!;
  const revokeEgress = async (groupId: string) =>
    ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
  const vpcIds: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${10 + i}.0.0/16` }))).Vpc!;
    vpcIds.push(vpc.VpcId!);
    const arn = ec2Arn('vpc', vpc.VpcId!);
    // A hardened account closes each VPC's default security group.
    for (const g of await defaultGroups(vpc.VpcId!)) {
      await revokeEgress(g.GroupId!);
      compliant.push(ec2Arn('security-group', g.GroupId!));
    }
    if (i < 3) {
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [vpc.VpcId!],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: s3Arn('s3-flow-logs-dev-seed'),
        }),
      );
      compliant.push(arn);
    } else {
      // A flow log on a subnet does not record the VPC's other traffic: the VPC still counts as unlogged.
      const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc.VpcId!, CidrBlock: `10.${10 + i}.1.0/24` })))
        .Subnet!;
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [subnet.SubnetId!],
          ResourceType: 'Subnet',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: s3Arn('s3-flow-logs-dev-seed'),
        }),
      );
      planted.push({ arn, check: 'vpc-flow-logs-missing', severity: 'MEDIUM', requirement: '10.2.1' });
    }
  }

  // Security groups: three compliant, four planted (SSH to the world, HTTPS to the world, all traffic from ::/0,
  // all traffic out to the world).
  const group = async (name: string, keepEgress = false) => {
    const id = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcIds[0] }))
    ).GroupId!;
    if (!keepEgress) await revokeEgress(id);
    return id;
  };
  const ingress = (groupId: string, permission: Record<string, unknown>) =>
    ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [permission] }));
  const app = await group('seed-app');
  await ingress(app, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] });
  const db = await group('seed-db');
  await ingress(db, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: app }] });
  const mgmt = await group('seed-mgmt');
  await ingress(mgmt, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.21.0/24' }] });
  compliant.push(ec2Arn('security-group', app), ec2Arn('security-group', db), ec2Arn('security-group', mgmt));
  const ssh = await group('seed-ssh-world');
  await ingress(ssh, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const https = await group('seed-https-world');
  await ingress(https, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const v6 = await group('seed-all-v6');
  await ingress(v6, { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] });
  const egress = await group('seed-egress-world', true);
  planted.push(
    {
      arn: ec2Arn('security-group', ssh),
      check: 'security-group-ingress-open-to-internet',
      severity: 'CRITICAL',
      requirement: '1.3.1',
    },
    {
      arn: ec2Arn('security-group', https),
      check: 'security-group-ingress-open-to-internet',
      severity: 'HIGH',
      requirement: '1.3.1',
    },
    {
      arn: ec2Arn('security-group', v6),
      check: 'security-group-ingress-open-to-internet',
      severity: 'CRITICAL',
      requirement: '1.3.1',
    },
    {
      arn: ec2Arn('security-group', egress),
      check: 'security-group-egress-open-to-internet',
      severity: 'LOW',
      requirement: '1.3.2',
    },
  );

  // Log groups: three under KMS, three not.
  for (let i = 0; i < 6; i += 1) {
    const name = `/seed/log-group-${i}`;
    const encrypted = i % 2 === 0;
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: name, ...(encrypted ? { kmsKeyId: reportsKey.Arn } : {}) }),
    );
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
    if (encrypted) compliant.push(arn);
    else planted.push({ arn, check: 'log-group-not-kms-encrypted', severity: 'MEDIUM', requirement: '10.3.2' });
  }

  // DynamoDB: three tables with point-in-time recovery, three without.
  for (let i = 0; i < 6; i += 1) {
    const name = `seed-table-${i}`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const arn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
    if (i % 2 === 0) {
      await dynamodb.send(
        new UpdateContinuousBackupsCommand({
          TableName: name,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      );
      compliant.push(arn);
    } else planted.push({ arn, check: 'dynamodb-table-pitr-disabled', severity: 'LOW', requirement: '10.5.1' });
  }

  // Notifications: the topic, with a queue subscribed so the test can read what was published.
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'sns-security-alerts-dev' }))).TopicArn!;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'scan-summaries' }))).QueueUrl!;
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));

  return { planted, compliant, reportsBucket, reportsKeyId: reportsKey.KeyId!, topicArn, queueUrl };
}
