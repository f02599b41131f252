// The compliance scanner's pure core: what was observed in the account → findings → summary.
// No AWS imports: the collectors (collect.ts) turn API answers into an Inventory; this file decides.
import { coversWholeFamily } from './cidr.ts';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

/** One check per misconfiguration kind; its PCI DSS v4.0.1 requirement is data, not prose. */
export const CHECKS = {
  's3-bucket-unencrypted': { requirement: '3.5.1', resourceType: 'AWS::S3::Bucket' },
  's3-bucket-not-kms-encrypted': { requirement: '3.5.1', resourceType: 'AWS::S3::Bucket' },
  's3-bucket-versioning-disabled': { requirement: '10.3.4', resourceType: 'AWS::S3::Bucket' },
  's3-bucket-public-access-not-blocked': { requirement: '1.4.2', resourceType: 'AWS::S3::Bucket' },
  'ebs-volume-unencrypted': { requirement: '3.5.1', resourceType: 'AWS::EC2::Volume' },
  'security-group-ingress-open-to-internet': { requirement: '1.3.1', resourceType: 'AWS::EC2::SecurityGroup' },
  'security-group-egress-open-to-internet': { requirement: '1.3.2', resourceType: 'AWS::EC2::SecurityGroup' },
  'vpc-flow-logs-missing': { requirement: '10.2.1', resourceType: 'AWS::EC2::VPC' },
  'log-group-not-kms-encrypted': { requirement: '10.3.2', resourceType: 'AWS::Logs::LogGroup' },
  'kms-key-rotation-disabled': { requirement: '3.7.4', resourceType: 'AWS::KMS::Key' },
  'dynamodb-table-pitr-disabled': { requirement: '10.5.1', resourceType: 'AWS::DynamoDB::Table' },
} as const;
export type CheckId = keyof typeof CHECKS;

export interface Finding {
  check: CheckId;
  severity: Severity;
  /** PCI DSS v4.0.1 requirement id. */
  requirement: string;
  resourceType: string;
  resourceArn: string;
  /** false when the finding says the resource could not be read, so the control is unverified. */
  verified: boolean;
  message: string;
}

/** A value the scanner tried to read: either what AWS answered, or why it could not be read. */
export type Observed<T> = { ok: true; value: T } | { ok: false; error: ReadError };
export interface ReadError {
  /** The API operation that failed (`GetBucketVersioning`). */
  operation: string;
  /** The AWS error name (`AccessDenied`, `ThrottlingException`). */
  name: string;
  message: string;
}

export type BucketEncryption = 'none' | 'AES256' | 'aws:kms' | 'aws:kms:dsse' | (string & {});
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  blockPublicPolicy: boolean;
  ignorePublicAcls: boolean;
  restrictPublicBuckets: boolean;
}

export interface BucketObservation {
  name: string;
  arn: string;
  encryption: Observed<BucketEncryption>;
  versioning: Observed<'Enabled' | 'Suspended' | 'Disabled'>;
  /** null: the bucket has no public-access-block configuration at all. */
  publicAccessBlock: Observed<PublicAccessBlock | null>;
}
export interface VolumeObservation {
  id: string;
  arn: string;
  encrypted: boolean;
}
export interface PermissionObservation {
  /** '-1' means every protocol. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4Ranges: string[];
  ipv6Ranges: string[];
}
export interface SecurityGroupObservation {
  id: string;
  arn: string;
  name: string;
  ingress: PermissionObservation[];
  egress: PermissionObservation[];
}
export interface VpcObservation {
  id: string;
  arn: string;
  /** Whether an active flow log is attached to the VPC itself. */
  flowLogs: boolean;
}
export interface LogGroupObservation {
  name: string;
  arn: string;
  kmsKeyId?: string;
}
export interface KeyObservation {
  id: string;
  arn: string;
  /** Everything DescribeKey told us, or why it failed. */
  metadata: Observed<{ manager: string; state: string; spec: string; origin: string }>;
  /** Absent when rotation does not apply (AWS-managed, asymmetric, imported, disabled keys). */
  rotation?: Observed<boolean>;
}
export interface TableObservation {
  name: string;
  arn: string;
  pitr: Observed<boolean>;
}

/** A list call that failed outright: nothing of that kind could be checked. */
export interface ListFailure {
  kind: ResourceKind;
  /** Pattern naming every resource of the kind in the scanned scope (`arn:aws:ec2:us-east-1:111122223333:volume/*`). */
  scopeArn: string;
  error: ReadError;
}

export type ResourceKind = 'buckets' | 'volumes' | 'securityGroups' | 'vpcs' | 'logGroups' | 'keys' | 'tables';

export interface Inventory {
  accountId: string;
  region: string;
  buckets: BucketObservation[];
  volumes: VolumeObservation[];
  securityGroups: SecurityGroupObservation[];
  vpcs: VpcObservation[];
  logGroups: LogGroupObservation[];
  keys: KeyObservation[];
  tables: TableObservation[];
  listFailures: ListFailure[];
}

/** Ports whose exposure to the internet is an administrative or data-store door, not just a service. */
const SENSITIVE_PORTS = [22, 3389, 1433, 1521, 3306, 5432, 5439, 6379, 9200, 11211, 27017];

function finding(check: CheckId, severity: Severity, resourceArn: string, message: string, verified = true): Finding {
  const { requirement, resourceType } = CHECKS[check];
  return { check, severity, requirement, resourceType, resourceArn, verified, message };
}

/** A read that failed is a finding on the check it would have decided: the control is unverified. */
function unverified(check: CheckId, resourceArn: string, error: ReadError): Finding {
  return finding(
    check,
    'MEDIUM',
    resourceArn,
    `could not verify: ${error.operation} failed with ${error.name}: ${error.message}`,
    false,
  );
}

const LIST_FAILURE_CHECKS: Record<ResourceKind, CheckId[]> = {
  buckets: ['s3-bucket-unencrypted', 's3-bucket-versioning-disabled', 's3-bucket-public-access-not-blocked'],
  volumes: ['ebs-volume-unencrypted'],
  securityGroups: ['security-group-ingress-open-to-internet'],
  vpcs: ['vpc-flow-logs-missing'],
  logGroups: ['log-group-not-kms-encrypted'],
  keys: ['kms-key-rotation-disabled'],
  tables: ['dynamodb-table-pitr-disabled'],
};

function portLabel(p: PermissionObservation): string {
  if (p.protocol === '-1') return 'all traffic';
  if (p.fromPort === undefined || p.toPort === undefined) return `protocol ${p.protocol}`;
  const ports = p.fromPort === p.toPort ? `port ${p.fromPort}` : `ports ${p.fromPort}-${p.toPort}`;
  return `${p.protocol} ${ports}`;
}

function coversAllPorts(p: PermissionObservation): boolean {
  if (p.protocol === '-1') return true;
  if (p.protocol === 'icmp' || p.protocol === '1' || p.protocol === 'icmpv6' || p.protocol === '58') return false;
  return p.fromPort === undefined || p.toPort === undefined || (p.fromPort <= 0 && p.toPort >= 65535);
}

function coversSensitivePort(p: PermissionObservation): boolean {
  if (coversAllPorts(p)) return true;
  if (p.protocol !== 'tcp' && p.protocol !== '6') return false;
  return SENSITIVE_PORTS.some((port) => (p.fromPort ?? 0) <= port && port <= (p.toPort ?? 65535));
}

/**
 * The blocks through which a rule is open to the whole internet: all its IPv4 blocks when together they cover every
 * IPv4 address (0.0.0.0/0 however it is cut up), likewise for IPv6; none otherwise.
 */
function openRanges(p: Pick<PermissionObservation, 'ipv4Ranges' | 'ipv6Ranges'>): string[] {
  return [
    ...(coversWholeFamily(p.ipv4Ranges, 4) ? p.ipv4Ranges : []),
    ...(coversWholeFamily(p.ipv6Ranges, 6) ? p.ipv6Ranges : []),
  ];
}

function transport(protocol: string): 'tcp' | 'udp' | 'all' | 'other' {
  if (protocol === '-1') return 'all';
  if (protocol === 'tcp' || protocol === '6') return 'tcp';
  if (protocol === 'udp' || protocol === '17') return 'udp';
  return 'other';
}

function portSpan(p: PermissionObservation): [number, number] {
  if (p.protocol === '-1' || p.fromPort === undefined || p.toPort === undefined || p.fromPort < 0) return [0, 65535];
  return [p.fromPort, p.toPort];
}

/**
 * Ports open to the whole internet only through several rules together (tcp 22 from 0.0.0.0/1 in one rule and
 * tcp 0-65535 from 128.0.0.0/1 in another): for TCP and UDP, every stretch of ports the rules cut the range into,
 * with the blocks of all the rules that cover it. Stretches one rule already opens alone are left to that rule.
 */
function openTogether(
  rules: PermissionObservation[],
): { protocol: 'tcp' | 'udp'; from: number; to: number; ranges: string[]; rules: number }[] {
  const out: { protocol: 'tcp' | 'udp'; from: number; to: number; ranges: string[]; rules: number }[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const relevant = rules.filter((r) => transport(r.protocol) === protocol || transport(r.protocol) === 'all');
    if (relevant.length < 2) continue;
    const cuts = [...new Set([0, 65536, ...relevant.flatMap((r) => [portSpan(r)[0], portSpan(r)[1] + 1])])].sort(
      (a, b) => a - b,
    );
    for (let i = 0; i + 1 < cuts.length; i++) {
      const from = cuts[i]!;
      const to = cuts[i + 1]! - 1;
      const covering = relevant.filter((r) => portSpan(r)[0] <= from && to <= portSpan(r)[1]);
      if (covering.length < 2 || covering.some((r) => openRanges(r).length > 0)) continue;
      const ranges = openRanges({
        ipv4Ranges: covering.flatMap((r) => r.ipv4Ranges),
        ipv6Ranges: covering.flatMap((r) => r.ipv6Ranges),
      });
      if (ranges.length === 0) continue;
      const last = out.at(-1);
      if (last && last.protocol === protocol && last.to + 1 === from && last.ranges.join() === ranges.join())
        last.to = to;
      else out.push({ protocol, from, to, ranges, rules: covering.length });
    }
  }
  return out;
}

function bucketFindings(b: BucketObservation): Finding[] {
  const out: Finding[] = [];
  if (!b.encryption.ok) out.push(unverified('s3-bucket-unencrypted', b.arn, b.encryption.error));
  else if (b.encryption.value === 'none')
    out.push(finding('s3-bucket-unencrypted', 'HIGH', b.arn, `bucket ${b.name} has no default encryption`));
  else if (b.encryption.value === 'AES256')
    out.push(
      finding(
        's3-bucket-not-kms-encrypted',
        'LOW',
        b.arn,
        `bucket ${b.name} uses SSE-S3, not SSE-KMS with a managed key`,
      ),
    );
  if (!b.versioning.ok) out.push(unverified('s3-bucket-versioning-disabled', b.arn, b.versioning.error));
  else if (b.versioning.value !== 'Enabled')
    out.push(
      finding('s3-bucket-versioning-disabled', 'MEDIUM', b.arn, `bucket ${b.name} versioning is ${b.versioning.value}`),
    );
  if (!b.publicAccessBlock.ok)
    out.push(unverified('s3-bucket-public-access-not-blocked', b.arn, b.publicAccessBlock.error));
  else {
    const pab = b.publicAccessBlock.value;
    const missing =
      pab === null
        ? ['all four settings (no configuration)']
        : (Object.entries(pab) as [keyof PublicAccessBlock, boolean][]).filter(([, on]) => !on).map(([k]) => k);
    if (missing.length > 0)
      out.push(
        finding(
          's3-bucket-public-access-not-blocked',
          'HIGH',
          b.arn,
          `bucket ${b.name} public access block is missing ${missing.join(', ')}`,
        ),
      );
  }
  return out;
}

function securityGroupFindings(g: SecurityGroupObservation): Finding[] {
  const out: Finding[] = [];
  for (const p of g.ingress) {
    const open = openRanges(p);
    if (open.length === 0) continue;
    const severity: Severity = coversSensitivePort(p) ? 'CRITICAL' : 'HIGH';
    out.push(
      finding(
        'security-group-ingress-open-to-internet',
        severity,
        g.arn,
        `security group ${g.id} (${g.name}) allows ${portLabel(p)} inbound from ${open.join(' and ')}`,
      ),
    );
  }
  for (const o of openTogether(g.ingress)) {
    const ports = o.from === o.to ? `port ${o.from}` : `ports ${o.from}-${o.to}`;
    const sensitive =
      o.protocol === 'tcp' &&
      (o.from === 0 && o.to === 65535 ? true : SENSITIVE_PORTS.some((port) => o.from <= port && port <= o.to));
    out.push(
      finding(
        'security-group-ingress-open-to-internet',
        sensitive ? 'CRITICAL' : 'HIGH',
        g.arn,
        `security group ${g.id} (${g.name}) allows ${o.protocol} ${ports} inbound from ${o.ranges.join(' and ')}, across ${o.rules} rules`,
      ),
    );
  }
  for (const p of g.egress) {
    const open = openRanges(p);
    if (open.length === 0 || !coversAllPorts(p)) continue;
    out.push(
      finding(
        'security-group-egress-open-to-internet',
        'LOW',
        g.arn,
        `security group ${g.id} (${g.name}) allows all outbound traffic to ${open.join(' and ')}`,
      ),
    );
  }
  return out;
}

function keyFindings(k: KeyObservation): Finding[] {
  if (!k.metadata.ok) return [unverified('kms-key-rotation-disabled', k.arn, k.metadata.error)];
  if (k.rotation === undefined) return [];
  if (!k.rotation.ok) return [unverified('kms-key-rotation-disabled', k.arn, k.rotation.error)];
  if (k.rotation.value) return [];
  return [
    finding('kms-key-rotation-disabled', 'MEDIUM', k.arn, `customer-managed key ${k.id} has automatic rotation off`),
  ];
}

/** Decides every check over what was observed. Deterministic: same inventory, same findings, same order. */
export function evaluate(inventory: Inventory): Finding[] {
  const out: Finding[] = [];
  for (const failure of inventory.listFailures)
    for (const check of LIST_FAILURE_CHECKS[failure.kind]) out.push(unverified(check, failure.scopeArn, failure.error));
  for (const b of inventory.buckets) out.push(...bucketFindings(b));
  for (const v of inventory.volumes)
    if (!v.encrypted) out.push(finding('ebs-volume-unencrypted', 'HIGH', v.arn, `EBS volume ${v.id} is not encrypted`));
  for (const g of inventory.securityGroups) out.push(...securityGroupFindings(g));
  for (const v of inventory.vpcs)
    if (!v.flowLogs) out.push(finding('vpc-flow-logs-missing', 'MEDIUM', v.arn, `VPC ${v.id} has no active flow log`));
  for (const l of inventory.logGroups)
    if (!l.kmsKeyId)
      out.push(
        finding('log-group-not-kms-encrypted', 'MEDIUM', l.arn, `log group ${l.name} is not encrypted with a KMS key`),
      );
  for (const k of inventory.keys) out.push(...keyFindings(k));
  for (const t of inventory.tables) {
    if (!t.pitr.ok) out.push(unverified('dynamodb-table-pitr-disabled', t.arn, t.pitr.error));
    else if (!t.pitr.value)
      out.push(
        finding(
          'dynamodb-table-pitr-disabled',
          'LOW',
          t.arn,
          `DynamoDB table ${t.name} has point-in-time recovery off`,
        ),
      );
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return out.sort((a, b) => rank(a.severity) - rank(b.severity) || a.resourceArn.localeCompare(b.resourceArn));
}

export interface ScanReport {
  scanner: 'compliance-scanner';
  accountId: string;
  region: string;
  startedAt: string;
  finishedAt: string;
  /** How many resources of each kind were examined. */
  scanned: Record<ResourceKind, number>;
  counts: Record<Severity, number>;
  findings: Finding[];
  /** How the scan's own outputs are protected: evidence for the assessor (PCI DSS 3.6.1, 10.3.2). */
  protection?: { reportKmsKeyId: string; topicKmsKeyId: string | null };
}

export function buildReport(inventory: Inventory, findings: Finding[], startedAt: Date, finishedAt: Date): ScanReport {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return {
    scanner: 'compliance-scanner',
    accountId: inventory.accountId,
    region: inventory.region,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    scanned: {
      buckets: inventory.buckets.length,
      volumes: inventory.volumes.length,
      securityGroups: inventory.securityGroups.length,
      vpcs: inventory.vpcs.length,
      logGroups: inventory.logGroups.length,
      keys: inventory.keys.length,
      tables: inventory.tables.length,
    },
    counts,
    findings,
  };
}

/** S3 key for a report: sortable by time, one folder per day. */
export function reportKey(report: Pick<ScanReport, 'startedAt' | 'region'>): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const day = report.startedAt.slice(0, 10).replace(/-/g, '/');
  return `compliance-reports/${report.region}/${day}/scan-${stamp}.json`;
}

/** Most findings an SNS summary lists; the full list is in the S3 report (SNS messages stop at 256 KB). */
export const SUMMARY_FINDINGS_LIMIT = 25;

export interface ScanSummary {
  subject: string;
  message: string;
}

/** The SNS notification: counts, where the full report is, and the most severe findings first. */
export function summarize(report: ScanReport, location: { bucket: string; key: string }): ScanSummary {
  const total = report.findings.length;
  const countsText = SEVERITIES.map((s) => `${report.counts[s]} ${s}`).join(', ');
  const subject = (
    total === 0
      ? `Compliance scan ${report.region}: no findings`
      : `Compliance scan ${report.region}: ${total} findings (${countsText})`
  ).slice(0, 100);
  const body = {
    accountId: report.accountId,
    region: report.region,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    scanned: report.scanned,
    counts: report.counts,
    totalFindings: total,
    report: `s3://${location.bucket}/${location.key}`,
    topFindings: report.findings.slice(0, SUMMARY_FINDINGS_LIMIT).map((f) => ({
      severity: f.severity,
      check: f.check,
      requirement: f.requirement,
      resourceArn: f.resourceArn,
    })),
    omittedFindings: Math.max(0, total - SUMMARY_FINDINGS_LIMIT),
  };
  return { subject, message: JSON.stringify(body, null, 2) };
}
