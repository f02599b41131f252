// Each correction src/local/moto-server.py makes to moto, pinned twice: the corrected server behaves as AWS does,
// and plain moto_server (same version, same settings) does not. When a moto upgrade fixes one, its "plain moto"
// half fails here, and the correction can go.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DeleteNetworkAclEntryCommand,
  CreateNetworkAclCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { freePort } from '../../../src/local/emulator.ts';
import { clientConfigFor, emulatorAnswers, type EmulatorClientConfig } from '../../../src/local/emulator-service.ts';
import { outcome } from '../../deployed/iam-enforcement.ts';

const root = new URL('../../..', import.meta.url).pathname;
const children: ChildProcess[] = [];

async function server(corrected: boolean): Promise<EmulatorClientConfig> {
  const port = await freePort();
  const args = corrected
    ? [join(root, 'src', 'local', 'moto-server.py'), '-H', '127.0.0.1', '-p', String(port)]
    : ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)];
  const env = { ...process.env };
  delete env.MOTO_IAM_LOAD_MANAGED_POLICIES; // the launcher turns it on; plain moto keeps its default (off)
  const child = spawn(join(root, '.venv', 'bin', 'python'), args, { stdio: 'ignore', env });
  children.push(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await emulatorAnswers(endpoint))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`moto did not start (${corrected ? 'launcher' : 'plain'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return clientConfigFor(endpoint);
}

let fixed: EmulatorClientConfig;
let plain: EmulatorClientConfig;
before(async () => {
  [fixed, plain] = await Promise.all([server(true), server(false)]);
});
after(() => {
  for (const child of children) child.kill('SIGTERM');
});

let serial = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++serial}`;

/** Runs `body` on both servers; returns [corrected, plain]. */
async function both<T>(body: (config: EmulatorClientConfig) => Promise<T>): Promise<[T, T]> {
  return [await body(fixed), await body(plain)];
}

describe('moto corrections (src/local/moto-server.py)', () => {
  it('AWS managed policies exist: AmazonRDSEnhancedMonitoringRole can be attached', async () => {
    const [corrected, raw] = await both(async (config) => {
      const iam = new IAMClient(config);
      const RoleName = unique('monitoring');
      await iam.send(
        new CreateRoleCommand({
          RoleName,
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
        }),
      );
      return outcome(() =>
        iam.send(
          new AttachRolePolicyCommand({
            RoleName,
            PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
          }),
        ),
      );
    });
    assert.deepEqual([corrected, raw], ['allowed', 'NoSuchEntityException']);
  });

  it('a flow log to an S3 folder (arn:aws:s3:::bucket/prefix/) is created', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client(config);
      const Bucket = unique('flow-logs');
      await new S3Client(config).send(new CreateBucketCommand({ Bucket }));
      const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
      const created = await ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [vpc],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: `arn:aws:s3:::${Bucket}/vpc-flow-logs/`,
        }),
      );
      return [created.FlowLogIds?.length ?? 0, created.Unsuccessful?.length ?? 0];
    });
    assert.deepEqual(corrected, [1, 0]);
    assert.deepEqual(raw, [0, 1]);
  });

  it('server access logging is accepted when the target policy grants logging.s3.amazonaws.com a covering prefix', async () => {
    const [corrected, raw] = await both(async (config) => {
      const s3 = new S3Client(config);
      const [source, target] = [unique('source'), unique('logs')];
      await s3.send(new CreateBucketCommand({ Bucket: source }));
      await s3.send(new CreateBucketCommand({ Bucket: target }));
      const Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${target}/s3-access/*`,
          },
        ],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket: target, Policy }));
      return outcome(() =>
        s3.send(
          new PutBucketLoggingCommand({
            Bucket: source,
            BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `s3-access/${source}/` } },
          }),
        ),
      );
    });
    assert.deepEqual([corrected, raw], ['allowed', 'InvalidTargetBucketForLogging']);
  });

  it('a bucket-policy Deny with a condition does not refuse every request (moto cannot evaluate the condition)', async () => {
    const [corrected, raw] = await both(async (config) => {
      const s3 = new S3Client(config);
      const Bucket = unique('tls-only');
      await s3.send(new CreateBucketCommand({ Bucket }));
      const Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [`arn:aws:s3:::${Bucket}`, `arn:aws:s3:::${Bucket}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      });
      await s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
      return outcome(() => s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' })));
    });
    assert.equal(corrected, 'allowed');
    assert.notEqual(raw, 'allowed', 'plain moto applies the conditional deny to every request');
  });

  it('a security group rule that names a group keeps its description', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client(config);
      const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }))).Vpc!.VpcId!;
      const a = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: unique('a'), Description: 'a', VpcId })))
        .GroupId!;
      const b = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: unique('b'), Description: 'b', VpcId })))
        .GroupId!;
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: a,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: b, Description: 'PostgreSQL from b' }],
            },
          ],
        }),
      );
      const rules =
        (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [a] }] })))
          .SecurityGroupRules ?? [];
      return rules.filter((r) => !r.IsEgress).map((r) => r.Description ?? null);
    });
    assert.deepEqual(corrected, ['PostgreSQL from b']);
    assert.deepEqual(raw, [null]);
  });

  it('deleting a network ACL entry that is not there answers InvalidNetworkAclEntry.NotFound', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client({ ...config, maxAttempts: 1 });
      const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.22.0.0/16' }))).Vpc!.VpcId!;
      const NetworkAclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId }))).NetworkAcl!.NetworkAclId!;
      return outcome(() => ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId, RuleNumber: 10, Egress: false })));
    });
    assert.equal(corrected, 'InvalidNetworkAclEntry.NotFound');
    assert.notEqual(raw, 'InvalidNetworkAclEntry.NotFound');
  });

  it('with IAM checks on, a grant scoped to a DynamoDB table allows the call, and a refusal is JSON AccessDeniedException', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ddb = new DynamoDBClient(config);
      const iam = new IAMClient(config);
      const TableName = unique('table');
      await ddb.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const RoleName = unique('reader');
      const role = (
        await iam.send(
          new CreateRoleCommand({
            RoleName,
            AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
          }),
        )
      ).Role!;
      await iam.send(
        new PutRolePolicyCommand({
          RoleName,
          PolicyName: 'read',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'dynamodb:GetItem',
                Resource: `arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}`,
              },
            ],
          }),
        }),
      );
      const c = (
        await new STSClient(config).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'probe' }))
      ).Credentials!;
      const as = new DynamoDBClient(
        clientConfigFor(config.endpoint, {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken!,
        }),
      );
      await fetch(`${config.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
      try {
        return [
          await outcome(() => as.send(new GetItemCommand({ TableName, Key: { id: { S: 'x' } } }))),
          await outcome(() =>
            as.send(new GetItemCommand({ TableName: `${TableName}-other`, Key: { id: { S: 'x' } } })),
          ),
        ];
      } finally {
        await fetch(`${config.endpoint}/moto-api/reset-auth`, { method: 'POST', body: 'inf' });
      }
    });
    assert.deepEqual(corrected, ['allowed', 'AccessDeniedException']);
    assert.notEqual(raw[0], 'allowed', 'plain moto checks the grant against "*" and refuses it');
  });

  it('a second GuardDuty detector in the account and region is refused with BadRequestException', async () => {
    const [corrected, raw] = await both(async (config) => {
      const guardduty = new GuardDutyClient(config);
      const first = await guardduty.send(new CreateDetectorCommand({ Enable: true }));
      try {
        return [
          first.DetectorId !== undefined,
          await outcome(() => guardduty.send(new CreateDetectorCommand({ Enable: true }))),
        ] as const;
      } finally {
        for (const id of (await guardduty.send(new ListDetectorsCommand({}))).DetectorIds ?? [])
          await guardduty.send(new DeleteDetectorCommand({ DetectorId: id }));
      }
    });
    assert.deepEqual(corrected, [true, 'BadRequestException']);
    assert.deepEqual(raw, [true, 'allowed'], 'plain moto creates a second detector');
  });

  it('GuardDuty UpdateDetector changes only the features it names: two feature resources both stay enabled', async () => {
    const [corrected, raw] = await both(async (config) => {
      const guardduty = new GuardDutyClient(config);
      const { DetectorId } = await guardduty.send(new CreateDetectorCommand({ Enable: true }));
      await guardduty.send(
        new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] }),
      );
      await guardduty.send(
        new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' }] }),
      );
      const detector = await guardduty.send(new GetDetectorCommand({ DetectorId }));
      return (detector.Features ?? []).map((f) => f.Name).sort();
    });
    assert.deepEqual(corrected, ['LAMBDA_NETWORK_LOGS', 'S3_DATA_EVENTS']);
    assert.deepEqual(raw, ['LAMBDA_NETWORK_LOGS'], 'plain moto replaces the list');
  });
});

/**
 * One attempt of an EC2 call as an AWS SDK sends it: form body, the invocation id every attempt of the call shares,
 * and the attempt number. (Signed afresh per attempt, as the SDKs do; moto checks no signature.)
 */
async function ec2Attempt(
  config: EmulatorClientConfig,
  params: Record<string, string>,
  invocation: string,
  attempt: number,
): Promise<{ status: number; code: string | undefined; text: string; replay: string | null }> {
  const response = await fetch(`${config.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=${attempt}`,
      'amz-sdk-invocation-id': invocation,
      'amz-sdk-request': `attempt=${attempt}; max=25`,
    },
    body: new URLSearchParams({ ...params, Version: '2016-11-15' }).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1],
    text,
    replay: response.headers.get('x-enclave-emulator-replay'),
  };
}

const tag = (text: string, name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)?.[1];

describe('moto corrections: an answer the client lost (src/local/moto-server.py)', () => {
  it('a retried CreateSubnet gets the answer its first attempt got, and one subnet exists', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client(config);
      const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
      const invocation = unique('create-subnet');
      const params = { Action: 'CreateSubnet', VpcId, CidrBlock: '10.30.1.0/24' };
      const first = await ec2Attempt(config, params, invocation, 1);
      const second = await ec2Attempt(config, params, invocation, 2);
      const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] })))
        .Subnets!;
      return {
        first: tag(first.text, 'subnetId'),
        second: second.code ?? tag(second.text, 'subnetId'),
        replay: second.replay,
        subnets: subnets.length,
      };
    });
    assert.match(corrected.first ?? '', /^subnet-/);
    assert.deepEqual(corrected, { first: corrected.first, second: corrected.first, replay: 'attempt 2', subnets: 1 });
    assert.equal(raw.second, 'InvalidSubnet.Conflict', 'plain moto performs the create again');
  });

  it('another call that creates the same subnet still conflicts, and a retry that differs is performed', async () => {
    const ec2 = new EC2Client(fixed);
    const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16' }))).Vpc!.VpcId!;
    const invocation = unique('create-subnet');
    await ec2Attempt(fixed, { Action: 'CreateSubnet', VpcId, CidrBlock: '10.31.1.0/24' }, invocation, 1);
    const again = await ec2Attempt(
      fixed,
      { Action: 'CreateSubnet', VpcId, CidrBlock: '10.31.1.0/24' },
      unique('create-subnet'),
      1,
    );
    assert.deepEqual([again.status, again.code, again.replay], [400, 'InvalidSubnet.Conflict', null]);
    const sameCallOtherBody = await ec2Attempt(
      fixed,
      { Action: 'CreateSubnet', VpcId, CidrBlock: '10.31.1.128/25' },
      invocation,
      2,
    );
    assert.deepEqual(
      [sameCallOtherBody.code, sameCallOtherBody.replay],
      ['InvalidSubnet.Conflict', null],
      'a request that is not the one answered is performed, and its own error shows',
    );
  });

  it('a retried AuthorizeSecurityGroupIngress gets its first answer; plain moto answers InvalidPermission.Duplicate', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client(config);
      const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.32.0.0/16' }))).Vpc!.VpcId!;
      const GroupId = (
        await ec2.send(new CreateSecurityGroupCommand({ GroupName: unique('sg'), Description: 'd', VpcId }))
      ).GroupId!;
      const params = {
        Action: 'AuthorizeSecurityGroupIngress',
        GroupId,
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.FromPort': '443',
        'IpPermissions.1.ToPort': '443',
        'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      };
      const invocation = unique('authorize');
      await ec2Attempt(config, params, invocation, 1);
      const second = await ec2Attempt(config, params, invocation, 2);
      return [second.status, second.code ?? null] as const;
    });
    assert.deepEqual(corrected, [200, null]);
    assert.deepEqual(raw, [400, 'InvalidPermission.Duplicate']);
  });

  it('a retried DeleteRoute gets its first answer; a later DeleteRoute of it answers InvalidRoute.NotFound', async () => {
    const [corrected, raw] = await both(async (config) => {
      const ec2 = new EC2Client(config);
      const VpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.33.0.0/16' }))).Vpc!.VpcId!;
      const call = async (params: Record<string, string>) => (await ec2Attempt(config, params, unique('c'), 1)).text;
      const RouteTableId = tag(await call({ Action: 'CreateRouteTable', VpcId }), 'routeTableId')!;
      const InternetGatewayId = tag(await call({ Action: 'CreateInternetGateway' }), 'internetGatewayId')!;
      await call({ Action: 'AttachInternetGateway', InternetGatewayId, VpcId });
      const route = { RouteTableId, DestinationCidrBlock: '0.0.0.0/0' };
      await call({ Action: 'CreateRoute', ...route, GatewayId: InternetGatewayId });
      const invocation = unique('delete-route');
      const first = await ec2Attempt(config, { Action: 'DeleteRoute', ...route }, invocation, 1);
      const retried = await ec2Attempt(config, { Action: 'DeleteRoute', ...route }, invocation, 2);
      const later = await ec2Attempt(config, { Action: 'DeleteRoute', ...route }, unique('delete-route'), 1);
      return [first.status, retried.code ?? retried.status, later.code] as const;
    });
    assert.deepEqual(corrected, [200, 200, 'InvalidRoute.NotFound']);
    assert.deepEqual(raw, [200, 'InvalidRoute.NotFound', 'InvalidRoute.NotFound']);
  });

  it('a server error is not recorded: its retry is performed again', async () => {
    // moto 5.2.5 fails ReplaceNetworkAclAssociation for an unknown association with an internal error (500)
    const params = { Action: 'ReplaceNetworkAclAssociation', AssociationId: 'aclassoc-0', NetworkAclId: 'acl-0' };
    const invocation = unique('replace');
    const first = await ec2Attempt(fixed, params, invocation, 1);
    const second = await ec2Attempt(fixed, params, invocation, 2);
    assert.equal(first.status, 500);
    assert.deepEqual([second.status, second.replay], [500, null]);
  });

  it('an answer leaves in one write: one data segment reaches the client, not headers and body apart', async () => {
    const segments = async (config: EmulatorClientConfig) => {
      const { hostname, port } = new URL(config.endpoint);
      const body = 'Action=DescribeVpcs&Version=2016-11-15';
      return new Promise<number>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () =>
          socket.write(
            `POST / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
              'Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x\r\n' +
              `Content-Length: ${body.length}\r\n\r\n${body}`,
          ),
        );
        socket.on('error', reject);
        socket.resume();
        socket.on('end', () => {
          // The kernel's count of data-carrying segments this socket received (iproute2 ss, TCP_INFO).
          const info = execFileSync('ss', ['-tinH', 'sport', '=', `:${socket.localPort}`], { encoding: 'utf8' });
          socket.destroy();
          const count = /data_segs_in:(\d+)/.exec(info)?.[1];
          if (count === undefined) reject(new Error(`ss reported no data_segs_in: ${info}`));
          else resolve(Number(count));
        });
      });
    };
    const [corrected, raw] = await both(segments);
    assert.equal(corrected, 1);
    assert.equal(raw, 2, 'plain moto sends the headers, then the body');
  });
});
