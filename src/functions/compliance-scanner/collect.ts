// Reads the account: every list call paginated to the end, every per-resource read behind backoff, and every
// failure recorded as an observation (so it becomes a finding) rather than thrown.
import { DescribeContinuousBackupsCommand, ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeFlowLogsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type {
  BucketEncryption,
  BucketObservation,
  Inventory,
  KeyObservation,
  ListFailure,
  LogGroupObservation,
  Observed,
  PermissionObservation,
  PublicAccessBlock,
  ReadError,
  ResourceKind,
  SecurityGroupObservation,
  TableObservation,
  VolumeObservation,
  VpcObservation,
} from './findings.ts';
import { DEFAULT_BACKOFF, mapLimit, withBackoff, type BackoffOptions } from './retry.ts';

export interface ScannerClients {
  s3: S3Client;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  kms: KMSClient;
  dynamodb: DynamoDBClient;
}

export interface CollectOptions {
  accountId: string;
  region: string;
  /**
   * Items per list page. Default: each API's maximum. Smaller values are clamped to each API's minimum
   * (EC2 describe calls accept 5 at least); tests use them to exercise pagination without thousands of resources.
   */
  pageSize?: number;
  /** Per-resource reads in flight at once. */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Most pages one listing follows (default MAX_PAGES). */
  maxPages?: number;
}

/** Each list API's accepted page-size range. */
const PAGE_LIMITS = {
  buckets: [1, 10_000],
  ec2: [5, 1_000],
  volumes: [5, 500],
  logGroups: [1, 50],
  keys: [1, 1_000],
  tables: [1, 100],
} as const;

function pageSize(options: CollectOptions, kind: keyof typeof PAGE_LIMITS): number {
  const [min, max] = PAGE_LIMITS[kind];
  return Math.max(min, Math.min(max, options.pageSize ?? max));
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function toReadError(operation: string, error: unknown): ReadError {
  const e = error as { name?: unknown; message?: unknown };
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { operation, name, message: message.slice(0, 300) };
}

/**
 * Most pages one listing follows. A service that keeps handing out new tokens would otherwise grow memory until the
 * function times out and no report is published at all; past the cap the listing fails and is reported as such.
 */
export const MAX_PAGES = 2000;

/** A page that contradicts itself (KMS `Truncated: true` without a `NextMarker`): the list cannot be known complete. */
export class InconsistentPageError extends Error {
  override name = 'InconsistentPage';
}

/** A listing that was still going after MAX_PAGES pages. */
export class PageLimitError extends Error {
  override name = 'PageLimitExceeded';
}

export interface Page<T> {
  items: T[] | undefined;
  next: string | undefined;
  /** For APIs that say so apart from the token (KMS `Truncated`): whether more pages follow. */
  truncated?: boolean;
}

/** Follows a list API's continuation token to the last page, each page behind backoff. */
export async function listAll<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  backoff: BackoffOptions,
  maxPages = MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  do {
    if (pages === maxPages)
      throw new PageLimitError(
        `listing stopped after ${maxPages} pages: the service kept returning new continuation tokens`,
      );
    const current = token;
    const page = await withBackoff(() => fetchPage(current), backoff);
    pages++;
    items.push(...(page.items ?? []));
    token = page.next || undefined;
    if (page.truncated === true && token === undefined)
      throw new InconsistentPageError('page says more follow (Truncated) but gives no token to fetch them with');
    if (page.truncated === false) token = undefined;
    // A service that hands back a token it already gave would loop for ever; stop instead.
    if (token !== undefined) {
      if (seen.has(token)) throw new Error(`pagination token repeated: ${token.slice(0, 40)}`);
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}

async function observe<T>(operation: string, read: () => Promise<T>, backoff: BackoffOptions): Promise<Observed<T>> {
  try {
    return { ok: true, value: await withBackoff(read, backoff) };
  } catch (error) {
    return { ok: false, error: toReadError(operation, error) };
  }
}

function hasName(error: unknown, ...names: string[]): boolean {
  return typeof error === 'object' && error !== null && names.includes((error as { name?: string }).name ?? '');
}

function permissions(list: IpPermission[] | undefined): PermissionObservation[] {
  return (list ?? []).map((p) => ({
    protocol: p.IpProtocol ?? '-1',
    ...(p.FromPort !== undefined ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined ? { toPort: p.ToPort } : {}),
    ipv4Ranges: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Ranges: (p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
  }));
}

export class Collector {
  private readonly backoff: BackoffOptions;
  private readonly concurrency: number;
  private readonly partition: string;
  private readonly maxPages: number;

  constructor(
    private readonly clients: ScannerClients,
    private readonly options: CollectOptions,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.concurrency = options.concurrency ?? 8;
    this.partition = partitionOf(options.region);
    this.maxPages = options.maxPages ?? MAX_PAGES;
  }

  private ec2Arn(owner: string | undefined, type: string, id: string): string {
    return `arn:${this.partition}:ec2:${this.options.region}:${owner ?? this.options.accountId}:${type}/${id}`;
  }

  async buckets(): Promise<BucketObservation[]> {
    const { s3 } = this.clients;
    const region = this.options.region;
    const listed = await listAll(
      async (token) => {
        const page = await s3.send(
          new ListBucketsCommand({
            MaxBuckets: pageSize(this.options, 'buckets'),
            BucketRegion: region,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        return { items: page.Buckets, next: page.ContinuationToken };
      },
      this.backoff,
      this.maxPages,
    );
    // BucketRegion filters server side; the check here covers endpoints that ignore the filter.
    const names = listed
      .filter((b) => !b.BucketRegion || b.BucketRegion === region)
      .flatMap((b) => (b.Name ? [b.Name] : []));
    return mapLimit(names, this.concurrency, async (name) => ({
      name,
      arn: `arn:${this.partition}:s3:::${name}`,
      encryption: await observe(
        'GetBucketEncryption',
        async (): Promise<BucketEncryption> => {
          try {
            const answer = await s3.send(new GetBucketEncryptionCommand({ Bucket: name }));
            const algorithms = (answer.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((r) =>
              r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm
                ? [r.ApplyServerSideEncryptionByDefault.SSEAlgorithm]
                : [],
            );
            return algorithms.find((a) => a.startsWith('aws:kms')) ?? algorithms[0] ?? 'none';
          } catch (error) {
            if (hasName(error, 'ServerSideEncryptionConfigurationNotFoundError')) return 'none';
            throw error;
          }
        },
        this.backoff,
      ),
      versioning: await observe(
        'GetBucketVersioning',
        async () => {
          const answer = await s3.send(new GetBucketVersioningCommand({ Bucket: name }));
          return answer.Status === 'Enabled' || answer.Status === 'Suspended' ? answer.Status : ('Disabled' as const);
        },
        this.backoff,
      ),
      publicAccessBlock: await observe(
        'GetPublicAccessBlock',
        async (): Promise<PublicAccessBlock | null> => {
          try {
            const answer = await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }));
            const c = answer.PublicAccessBlockConfiguration ?? {};
            return {
              blockPublicAcls: c.BlockPublicAcls === true,
              blockPublicPolicy: c.BlockPublicPolicy === true,
              ignorePublicAcls: c.IgnorePublicAcls === true,
              restrictPublicBuckets: c.RestrictPublicBuckets === true,
            };
          } catch (error) {
            if (hasName(error, 'NoSuchPublicAccessBlockConfiguration')) return null;
            throw error;
          }
        },
        this.backoff,
      ),
    }));
  }

  async volumes(): Promise<VolumeObservation[]> {
    const volumes = await listAll(
      async (token) => {
        const page = await this.clients.ec2.send(
          new DescribeVolumesCommand({
            MaxResults: pageSize(this.options, 'volumes'),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        return { items: page.Volumes, next: page.NextToken };
      },
      this.backoff,
      this.maxPages,
    );
    return volumes.flatMap((v) =>
      v.VolumeId
        ? [{ id: v.VolumeId, arn: this.ec2Arn(undefined, 'volume', v.VolumeId), encrypted: v.Encrypted === true }]
        : [],
    );
  }

  async securityGroups(): Promise<SecurityGroupObservation[]> {
    const groups = await listAll(
      async (token) => {
        const page = await this.clients.ec2.send(
          new DescribeSecurityGroupsCommand({
            MaxResults: pageSize(this.options, 'ec2'),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        return { items: page.SecurityGroups, next: page.NextToken };
      },
      this.backoff,
      this.maxPages,
    );
    return groups.flatMap((g) =>
      g.GroupId
        ? [
            {
              id: g.GroupId,
              arn: g.SecurityGroupArn ?? this.ec2Arn(g.OwnerId, 'security-group', g.GroupId),
              name: g.GroupName ?? '',
              ingress: permissions(g.IpPermissions),
              egress: permissions(g.IpPermissionsEgress),
            },
          ]
        : [],
    );
  }

  async vpcs(): Promise<VpcObservation[]> {
    const vpcs = await listAll(
      async (token) => {
        const page = await this.clients.ec2.send(
          new DescribeVpcsCommand({
            MaxResults: pageSize(this.options, 'ec2'),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        return { items: page.Vpcs, next: page.NextToken };
      },
      this.backoff,
      this.maxPages,
    );
    const flowLogs = await listAll(
      async (token) => {
        const page = await this.clients.ec2.send(
          new DescribeFlowLogsCommand({
            MaxResults: pageSize(this.options, 'ec2'),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        return { items: page.FlowLogs, next: page.NextToken };
      },
      this.backoff,
      this.maxPages,
    );
    const logged = new Set(
      flowLogs
        .filter((f) => f.FlowLogStatus === undefined || f.FlowLogStatus === 'ACTIVE')
        .flatMap((f) => (f.ResourceId ? [f.ResourceId] : [])),
    );
    return vpcs.flatMap((v) =>
      v.VpcId ? [{ id: v.VpcId, arn: this.ec2Arn(v.OwnerId, 'vpc', v.VpcId), flowLogs: logged.has(v.VpcId) }] : [],
    );
  }

  async logGroups(): Promise<LogGroupObservation[]> {
    const groups = await listAll(
      async (token) => {
        const page = await this.clients.logs.send(
          new DescribeLogGroupsCommand({
            limit: pageSize(this.options, 'logGroups'),
            ...(token ? { nextToken: token } : {}),
          }),
        );
        return { items: page.logGroups, next: page.nextToken };
      },
      this.backoff,
      this.maxPages,
    );
    const { region, accountId } = this.options;
    return groups.flatMap((g) =>
      g.logGroupName
        ? [
            {
              name: g.logGroupName,
              arn:
                g.logGroupArn ??
                g.arn?.replace(/:\*$/, '') ??
                `arn:${this.partition}:logs:${region}:${accountId}:log-group:${g.logGroupName}`,
              ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
            },
          ]
        : [],
    );
  }

  async keys(): Promise<KeyObservation[]> {
    const { kms } = this.clients;
    const keys = await listAll(
      async (token) => {
        const page = await kms.send(
          new ListKeysCommand({ Limit: pageSize(this.options, 'keys'), ...(token ? { Marker: token } : {}) }),
        );
        return { items: page.Keys, next: page.NextMarker, truncated: page.Truncated === true };
      },
      this.backoff,
      this.maxPages,
    );
    const ids = keys.flatMap((k) => (k.KeyId ? [{ id: k.KeyId, arn: k.KeyArn }] : []));
    const { region, accountId } = this.options;
    return mapLimit(ids, this.concurrency, async ({ id, arn }) => {
      const keyArn = arn ?? `arn:${this.partition}:kms:${region}:${accountId}:key/${id}`;
      const metadata = await observe(
        'DescribeKey',
        async () => {
          const m = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata;
          return {
            manager: m?.KeyManager ?? 'UNKNOWN',
            state: m?.KeyState ?? 'UNKNOWN',
            spec: m?.KeySpec ?? m?.CustomerMasterKeySpec ?? 'UNKNOWN',
            origin: m?.Origin ?? 'UNKNOWN',
          };
        },
        this.backoff,
      );
      // Automatic rotation exists only for enabled, customer-managed, symmetric keys with KMS-made material.
      const rotatable =
        metadata.ok &&
        metadata.value.manager === 'CUSTOMER' &&
        metadata.value.state === 'Enabled' &&
        metadata.value.spec === 'SYMMETRIC_DEFAULT' &&
        metadata.value.origin === 'AWS_KMS';
      const observation: KeyObservation = { id, arn: keyArn, metadata };
      if (rotatable)
        observation.rotation = await observe(
          'GetKeyRotationStatus',
          async () => (await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled === true,
          this.backoff,
        );
      return observation;
    });
  }

  async tables(): Promise<TableObservation[]> {
    const { dynamodb } = this.clients;
    const names = await listAll(
      async (token) => {
        const page = await dynamodb.send(
          new ListTablesCommand({
            Limit: pageSize(this.options, 'tables'),
            ...(token ? { ExclusiveStartTableName: token } : {}),
          }),
        );
        return { items: page.TableNames, next: page.LastEvaluatedTableName };
      },
      this.backoff,
      this.maxPages,
    );
    const { region, accountId } = this.options;
    return mapLimit(names, this.concurrency, async (name) => ({
      name,
      arn: `arn:${this.partition}:dynamodb:${region}:${accountId}:table/${name}`,
      pitr: await observe(
        'DescribeContinuousBackups',
        async () => {
          const answer = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: name }));
          return (
            answer.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED'
          );
        },
        this.backoff,
      ),
    }));
  }

  /** Pattern naming every resource of a kind in the scanned scope, for findings about a list that failed. */
  scopeArn(kind: ResourceKind): string {
    const { region, accountId } = this.options;
    const p = this.partition;
    switch (kind) {
      case 'buckets':
        return `arn:${p}:s3:::*`;
      case 'volumes':
        return `arn:${p}:ec2:${region}:${accountId}:volume/*`;
      case 'securityGroups':
        return `arn:${p}:ec2:${region}:${accountId}:security-group/*`;
      case 'vpcs':
        return `arn:${p}:ec2:${region}:${accountId}:vpc/*`;
      case 'logGroups':
        return `arn:${p}:logs:${region}:${accountId}:log-group:*`;
      case 'keys':
        return `arn:${p}:kms:${region}:${accountId}:key/*`;
      case 'tables':
        return `arn:${p}:dynamodb:${region}:${accountId}:table/*`;
    }
  }
}

const LIST_OPERATION: Record<ResourceKind, string> = {
  buckets: 'ListBuckets',
  volumes: 'DescribeVolumes',
  securityGroups: 'DescribeSecurityGroups',
  vpcs: 'DescribeVpcs/DescribeFlowLogs',
  logGroups: 'DescribeLogGroups',
  keys: 'ListKeys',
  tables: 'ListTables',
};

/** Reads every resource kind; a kind whose listing fails becomes a ListFailure and the others still run. */
export async function collectInventory(clients: ScannerClients, options: CollectOptions): Promise<Inventory> {
  const collector = new Collector(clients, options);
  const listFailures: ListFailure[] = [];
  const guard = async <T>(kind: ResourceKind, read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (error) {
      listFailures.push({ kind, scopeArn: collector.scopeArn(kind), error: toReadError(LIST_OPERATION[kind], error) });
      return [];
    }
  };
  const [buckets, volumes, securityGroups, vpcs, logGroups, keys, tables] = await Promise.all([
    guard('buckets', () => collector.buckets()),
    guard('volumes', () => collector.volumes()),
    guard('securityGroups', () => collector.securityGroups()),
    guard('vpcs', () => collector.vpcs()),
    guard('logGroups', () => collector.logGroups()),
    guard('keys', () => collector.keys()),
    guard('tables', () => collector.tables()),
  ]);
  const order: ResourceKind[] = ['buckets', 'volumes', 'securityGroups', 'vpcs', 'logGroups', 'keys', 'tables'];
  listFailures.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    accountId: options.accountId,
    region: options.region,
    buckets,
    volumes,
    securityGroups,
    vpcs,
    logGroups,
    keys,
    tables,
    listFailures,
  };
}
