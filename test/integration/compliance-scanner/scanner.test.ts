// The compliance scanner against moto with a seeded account: findings, report, summary, paging, throttling, failures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import {
  handler,
  lambda_handler,
  runScan,
  type ScanOutcome,
} from '../../../src/functions/compliance-scanner/handler.ts';
import type { Context } from 'aws-lambda';
import type { Finding, ScanReport } from '../../../src/functions/compliance-scanner/findings.ts';
import {
  ACCOUNT,
  CallLog,
  REGION,
  injectAccessDenied,
  injectThrottling,
  installPagingShim,
  rewriteAnswers,
  scannerClients,
  seedAccount,
  type SeededAccount,
} from './helpers.ts';

const PAGE_SIZE = 5;
const fastBackoff = { attempts: 6, baseDelayMs: 5, maxDelayMs: 20 };

let emulator: Emulator;
let seeded: SeededAccount;
/** moto's own default VPC and its default group: real violations the seed did not plant. */
let motoDefaults: { vpcArn: string; groupArn: string };
let baseline: ScanOutcome;
let baselineCalls: CallLog;

/** Severity counts the seed implies: every planted violation plus moto's default VPC (MEDIUM) and group (LOW). */
function expectedCounts(): Record<string, number> {
  const counts: Record<string, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 1, LOW: 1 };
  for (const p of seeded.planted) counts[p.severity]! += 1;
  return counts;
}

const key = (f: Pick<Finding, 'resourceArn' | 'check'>) => `${f.check} ${f.resourceArn}`;
const keys = (findings: Finding[]) => findings.map(key).sort();

async function scan(
  options: {
    sdkAttempts?: number;
    maxPages?: number;
    setup?: (clients: ReturnType<typeof scannerClients>, log: CallLog) => void;
  } = {},
) {
  const clients = scannerClients(emulator, { maxAttempts: options.sdkAttempts ?? 5, retryMode: 'standard' });
  const log = new CallLog();
  installPagingShim(clients, log);
  options.setup?.(clients, log);
  const outcome = await runScan(clients, {
    accountId: ACCOUNT,
    region: REGION,
    destinations: {
      topicArn: seeded.topicArn,
      reportsBucket: seeded.reportsBucket,
      reportsKmsKeyId: seeded.reportsKeyId,
    },
    pageSize: PAGE_SIZE,
    backoff: fastBackoff,
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
  });
  return { outcome, log };
}

before(async () => {
  emulator = await startEmulator();
  seeded = await seedAccount(emulator);
  const ec2 = new EC2Client(emulator.clientConfig);
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })))
    .Vpcs![0]!;
  const group = (
    await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }))
  ).SecurityGroups![0]!;
  motoDefaults = {
    vpcArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${vpc.VpcId}`,
    groupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${group.GroupId}`,
  };
  ({ outcome: baseline, log: baselineCalls } = await scan());
});

after(async () => {
  await emulator?.stop();
});

describe('compliance scanner on a seeded account', () => {
  it('finds every planted violation with its severity and PCI DSS requirement', () => {
    const findings = baseline.report.findings;
    for (const p of seeded.planted) {
      const match = findings.filter((f) => f.resourceArn === p.arn && f.check === p.check);
      assert.equal(match.length, 1, `expected one ${p.check} finding on ${p.arn}, got ${match.length}`);
      assert.equal(match[0]!.severity, p.severity, `severity of ${p.check} on ${p.arn}`);
      assert.equal(match[0]!.requirement, p.requirement, `requirement of ${p.check} on ${p.arn}`);
      assert.equal(match[0]!.verified, true);
    }
  });

  it('reports nothing on the compliant resources and nothing it was not planted, beyond moto defaults', () => {
    const findings = baseline.report.findings;
    for (const arn of seeded.compliant)
      assert.deepEqual(
        findings.filter((f) => f.resourceArn === arn).map((f) => f.message),
        [],
        `false finding on compliant ${arn}`,
      );
    const expected = new Set([
      ...seeded.planted.map((p) => key({ check: p.check, resourceArn: p.arn })),
      key({ check: 'vpc-flow-logs-missing', resourceArn: motoDefaults.vpcArn }),
      key({ check: 'security-group-egress-open-to-internet', resourceArn: motoDefaults.groupArn }),
    ]);
    assert.deepEqual(keys(findings), [...expected].sort());
  });

  it('pages through more than one page of every resource kind', () => {
    const { scanned } = baseline.report;
    assert.deepEqual(scanned, {
      buckets: 10,
      volumes: 6,
      securityGroups: 14,
      vpcs: 7,
      logGroups: 6,
      keys: 7,
      tables: 6,
    });
    for (const command of [
      'ListBucketsCommand',
      'DescribeVolumesCommand',
      'DescribeSecurityGroupsCommand',
      'DescribeVpcsCommand',
      'DescribeFlowLogsCommand',
      'DescribeLogGroupsCommand',
      'ListKeysCommand',
      'ListTablesCommand',
    ])
      assert.ok(baselineCalls.count(command) >= 2, `${command} called ${baselineCalls.count(command)} times`);
  });

  it('uploads the full JSON report to S3 under a timestamped key with SSE-KMS and its key id', async () => {
    const s3 = new S3Client(emulator.clientConfig);
    const { bucket, key: objectKey } = baseline.published;
    assert.equal(bucket, seeded.reportsBucket);
    assert.match(
      objectKey,
      /^compliance-reports\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/scan-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.json$/,
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
    assert.equal(head.ServerSideEncryption, 'aws:kms');
    assert.ok(head.SSEKMSKeyId?.includes(seeded.reportsKeyId), `report key id ${head.SSEKMSKeyId}`);
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }))
    ).Body!.transformToString();
    const stored = JSON.parse(body) as ScanReport;
    assert.deepEqual(stored, baseline.report);
    assert.deepEqual(stored.counts, expectedCounts());
  });

  it('publishes a summary to SNS that points at the report', async () => {
    const sqs = new SQSClient(emulator.clientConfig);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: seeded.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    const envelopes = (received.Messages ?? []).map((m) => ({
      handle: m.ReceiptHandle!,
      body: JSON.parse(m.Body!) as Record<string, string>,
    }));
    const mine = envelopes.find((e) => e.body.MessageId === baseline.published.messageId);
    assert.ok(mine, `no SNS message ${baseline.published.messageId} among ${envelopes.length}`);
    for (const e of envelopes)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: seeded.queueUrl, ReceiptHandle: e.handle }));
    const total = baseline.report.findings.length;
    const c = expectedCounts();
    assert.equal(
      mine.body.Subject,
      `Compliance scan us-east-1: ${total} findings (${c.CRITICAL} CRITICAL, ${c.HIGH} HIGH, ${c.MEDIUM} MEDIUM, ${c.LOW} LOW)`,
    );
    const summary = JSON.parse(mine.body.Message!) as Record<string, unknown>;
    assert.equal(summary.report, `s3://${baseline.published.bucket}/${baseline.published.key}`);
    assert.deepEqual(summary.counts, baseline.report.counts);
    assert.equal(summary.totalFindings, total);
    assert.equal((summary.topFindings as unknown[]).length, Math.min(total, 25));
    assert.equal((summary.topFindings as { severity: string }[])[0]!.severity, 'CRITICAL');
  });

  it('survives throttling through the SDK retries', async () => {
    const { outcome, log } = await scan({ setup: (clients, calls) => injectThrottling(clients, 2, calls) });
    const throttled = [...log.calls.keys()].filter((k) => k.startsWith('throttled:'));
    assert.ok(throttled.length >= 15, `throttling injected into ${throttled.length} operations`);
    assert.deepEqual(keys(outcome.report.findings), keys(baseline.report.findings));
  });

  it('survives throttling past the SDK retries with its own backoff', async () => {
    const { outcome, log } = await scan({
      sdkAttempts: 1,
      setup: (clients, calls) => injectThrottling(clients, 3, calls),
    });
    assert.equal(log.count('throttled:GetBucketVersioningCommand'), 3);
    assert.equal(log.count('throttled:ListBucketsCommand'), 3);
    assert.deepEqual(keys(outcome.report.findings), keys(baseline.report.findings));
  });

  it('turns a resource it cannot read into a finding, and a failed listing into a finding on the whole kind', async () => {
    const { outcome } = await scan({
      setup: (clients) => {
        injectAccessDenied(clients, 'GetBucketVersioningCommand', (input) => input.Bucket === 's3-ok-dev-seed');
        injectAccessDenied(clients, 'DescribeVolumesCommand');
      },
    });
    const findings = outcome.report.findings;
    const bucketFinding = findings.find((f) => f.resourceArn === 'arn:aws:s3:::s3-ok-dev-seed');
    assert.ok(bucketFinding);
    assert.equal(bucketFinding.check, 's3-bucket-versioning-disabled');
    assert.equal(bucketFinding.verified, false);
    assert.equal(bucketFinding.severity, 'MEDIUM');
    assert.match(bucketFinding.message, /GetBucketVersioning failed with AccessDenied/);
    const volumes = findings.filter((f) => f.check === 'ebs-volume-unencrypted');
    assert.deepEqual(
      volumes.map((f) => [f.resourceArn, f.verified]),
      [[`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/*`, false]],
    );
    assert.equal(outcome.report.scanned.volumes, 0);
    // Everything else was still scanned.
    assert.equal(outcome.report.scanned.buckets, 10);
    assert.ok(outcome.published.messageId.length > 0);
  });

  it('a listing that never ends (new tokens for ever) stops at the page cap and is reported as a failed listing; the report is still published', async () => {
    const { outcome, log } = await scan({
      maxPages: 40,
      setup: (clients) =>
        rewriteAnswers(clients, 'ListKeysCommand', (output, n) =>
          Object.assign(output, { Truncated: true, NextMarker: `runaway-${n}` }),
        ),
    });
    assert.equal(log.count('ListKeysCommand'), 40);
    const keyFindings = outcome.report.findings.filter((f) => f.check === 'kms-key-rotation-disabled');
    assert.deepEqual(
      keyFindings.map((f) => [f.resourceArn, f.verified]),
      [[`arn:aws:kms:${REGION}:${ACCOUNT}:key/*`, false]],
    );
    assert.match(keyFindings[0]!.message, /ListKeys failed with PageLimitExceeded: listing stopped after 40 pages/);
    assert.equal(outcome.report.scanned.keys, 0);
    assert.equal(outcome.report.scanned.buckets, 10);
    assert.ok(outcome.published.messageId.length > 0);
  });

  it('a KMS page that says Truncated but gives no NextMarker is an error on the listing, not its end', async () => {
    const { outcome } = await scan({
      setup: (clients) =>
        rewriteAnswers(clients, 'ListKeysCommand', (output) =>
          Object.assign(output, { Truncated: true, NextMarker: undefined }),
        ),
    });
    const keyFindings = outcome.report.findings.filter((f) => f.check === 'kms-key-rotation-disabled');
    assert.deepEqual(
      keyFindings.map((f) => [f.resourceArn, f.verified]),
      [[`arn:aws:kms:${REGION}:${ACCOUNT}:key/*`, false]],
    );
    assert.match(keyFindings[0]!.message, /ListKeys failed with InconsistentPage/);
  });

  it('runs as a Lambda handler from its environment and the invoked function ARN', async () => {
    assert.equal(lambda_handler, handler);
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      SNS_TOPIC_ARN: seeded.topicArn,
      REPORTS_BUCKET: seeded.reportsBucket,
      REPORTS_KMS_KEY_ID: seeded.reportsKeyId,
    });
    try {
      const context = {
        invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:lambda-compliance-checker-dev`,
      } as Context;
      const response = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);
      assert.equal(response.accountId, ACCOUNT);
      assert.deepEqual(response.counts, baseline.report.counts);
      assert.equal(response.totalFindings, baseline.report.findings.length);
      assert.match(response.report, new RegExp(`^s3://${seeded.reportsBucket}/compliance-reports/us-east-1/`));
      const s3 = new S3Client(emulator.clientConfig);
      const [bucket, ...rest] = response.report.slice('s3://'.length).split('/');
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: rest.join('/') }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
