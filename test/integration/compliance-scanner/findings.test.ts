// The scanner's pure core and its backoff, without AWS: edge cases the seeded account does not reach.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildReport,
  evaluate,
  reportKey,
  summarize,
  type Inventory,
  type PermissionObservation,
} from '../../../src/functions/compliance-scanner/findings.ts';
import { isThrottling, mapLimit, withBackoff } from '../../../src/functions/compliance-scanner/retry.ts';
import { listAll } from '../../../src/functions/compliance-scanner/collect.ts';
import { accountIdFrom, readDestinations } from '../../../src/functions/compliance-scanner/handler.ts';
import { contract } from '../../../src/functions/compliance-scanner/contract.ts';

const empty = (): Inventory => ({
  accountId: '111122223333',
  region: 'us-east-1',
  buckets: [],
  volumes: [],
  securityGroups: [],
  vpcs: [],
  logGroups: [],
  keys: [],
  tables: [],
  listFailures: [],
});

function groupWith(ingress: PermissionObservation[], egress: PermissionObservation[] = []): Inventory {
  return { ...empty(), securityGroups: [{ id: 'sg-1', arn: 'arn:sg-1', name: 'g', ingress, egress }] };
}
const rule = (
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  v4: string[] = [],
  v6: string[] = [],
) => ({
  protocol,
  ...(from !== undefined ? { fromPort: from } : {}),
  ...(to !== undefined ? { toPort: to } : {}),
  ipv4Ranges: v4,
  ipv6Ranges: v6,
});

describe('security group severity', () => {
  const severityOf = (p: PermissionObservation) => evaluate(groupWith([p])).map((f) => f.severity);
  it('rates admin, database and all-port exposure CRITICAL and other ports HIGH', () => {
    assert.deepEqual(severityOf(rule('tcp', 22, 22, ['0.0.0.0/0'])), ['CRITICAL']);
    assert.deepEqual(severityOf(rule('tcp', 5000, 6000, ['0.0.0.0/0'])), ['CRITICAL']); // covers 5432
    assert.deepEqual(severityOf(rule('tcp', 0, 65535, [], ['::/0'])), ['CRITICAL']);
    assert.deepEqual(severityOf(rule('-1', undefined, undefined, ['0.0.0.0/0'])), ['CRITICAL']);
    assert.deepEqual(severityOf(rule('tcp', 443, 443, ['0.0.0.0/0'])), ['HIGH']);
    assert.deepEqual(severityOf(rule('udp', 22, 22, ['0.0.0.0/0'])), ['HIGH']);
    assert.deepEqual(severityOf(rule('icmp', -1, -1, ['0.0.0.0/0'])), ['HIGH']);
  });
  it('ignores ranges narrower than the whole internet', () => {
    assert.deepEqual(severityOf(rule('tcp', 22, 22, ['0.0.0.0/1', '10.0.0.0/8'], ['2001:db8::/32'])), []);
  });
  it('flags only all-traffic egress to the internet, as LOW', () => {
    const findings = evaluate(
      groupWith([], [rule('-1', undefined, undefined, ['0.0.0.0/0']), rule('tcp', 443, 443, ['0.0.0.0/0'])]),
    );
    assert.deepEqual(
      findings.map((f) => [f.check, f.severity, f.requirement]),
      [['security-group-egress-open-to-internet', 'LOW', '1.3.2']],
    );
  });
});

describe('evaluate', () => {
  it('does not judge keys whose rotation does not apply, and turns unreadable keys into unverified findings', () => {
    const inventory: Inventory = {
      ...empty(),
      keys: [
        {
          id: 'aws',
          arn: 'arn:aws',
          metadata: {
            ok: true,
            value: { manager: 'AWS', state: 'Enabled', spec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' },
          },
        },
        {
          id: 'denied',
          arn: 'arn:denied',
          metadata: { ok: false, error: { operation: 'DescribeKey', name: 'AccessDeniedException', message: 'no' } },
        },
      ],
    };
    const findings = evaluate(inventory);
    assert.deepEqual(
      findings.map((f) => [f.resourceArn, f.verified, f.severity]),
      [['arn:denied', false, 'MEDIUM']],
    );
  });
  it('names every check a failed bucket listing leaves unverified', () => {
    const inventory: Inventory = {
      ...empty(),
      listFailures: [
        {
          kind: 'buckets',
          scopeArn: 'arn:aws:s3:::*',
          error: { operation: 'ListBuckets', name: 'AccessDenied', message: 'no' },
        },
      ],
    };
    assert.deepEqual(
      evaluate(inventory)
        .map((f) => f.check)
        .sort(),
      ['s3-bucket-public-access-not-blocked', 's3-bucket-unencrypted', 's3-bucket-versioning-disabled'],
    );
  });
  it('orders findings by severity, then resource', () => {
    const inventory: Inventory = {
      ...empty(),
      volumes: [{ id: 'v', arn: 'arn:b-volume', encrypted: false }],
      tables: [{ name: 't', arn: 'arn:a-table', pitr: { ok: true, value: false } }],
      vpcs: [{ id: 'vpc', arn: 'arn:c-vpc', flowLogs: false }],
    };
    assert.deepEqual(
      evaluate(inventory).map((f) => f.severity),
      ['HIGH', 'MEDIUM', 'LOW'],
    );
  });
});

describe('report and summary', () => {
  const inventory: Inventory = {
    ...empty(),
    volumes: Array.from({ length: 30 }, (_, i) => ({
      id: `v${i}`,
      arn: `arn:v${String(i).padStart(2, '0')}`,
      encrypted: false,
    })),
  };
  const report = buildReport(
    inventory,
    evaluate(inventory),
    new Date('2026-11-23T02:00:00.123Z'),
    new Date('2026-11-23T02:00:09Z'),
  );
  it('keys reports by region and day with a sortable timestamp', () => {
    assert.equal(reportKey(report), 'compliance-reports/us-east-1/2026/11/23/scan-2026-11-23T02-00-00-123Z.json');
  });
  it('keeps the SNS summary short: counts, location and the first findings', () => {
    const summary = summarize(report, { bucket: 'b', key: 'k' });
    assert.equal(summary.subject, 'Compliance scan us-east-1: 30 findings (0 CRITICAL, 30 HIGH, 0 MEDIUM, 0 LOW)');
    const body = JSON.parse(summary.message) as { topFindings: unknown[]; omittedFindings: number; report: string };
    assert.equal(body.topFindings.length, 25);
    assert.equal(body.omittedFindings, 5);
    assert.equal(body.report, 's3://b/k');
    assert.ok(summary.subject.length <= 100);
  });
});

describe('backoff and paging', () => {
  const throttle = () => Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
  it('retries throttling with growing, capped delays and then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withBackoff(
      async () => {
        calls += 1;
        if (calls < 5) throw throttle();
        return 'ok';
      },
      {
        attempts: 6,
        baseDelayMs: 100,
        maxDelayMs: 300,
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.999,
      },
    );
    assert.equal(value, 'ok');
    assert.deepEqual(delays, [99, 199, 299, 299]);
  });
  it('gives up after its attempts and never retries other errors', async () => {
    let calls = 0;
    const opts = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
    await assert.rejects(
      withBackoff(async () => {
        calls += 1;
        throw throttle();
      }, opts),
      { name: 'ThrottlingException' },
    );
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(
      withBackoff(async () => {
        calls += 1;
        throw Object.assign(new Error('no'), { name: 'AccessDenied' });
      }, opts),
    );
    assert.equal(calls, 1);
  });
  it('recognises throttling by name, retryable trait and HTTP 429', () => {
    assert.equal(isThrottling(throttle()), true);
    assert.equal(isThrottling({ name: 'X', $retryable: { throttling: true } }), true);
    assert.equal(isThrottling({ name: 'X', $metadata: { httpStatusCode: 429 } }), true);
    assert.equal(isThrottling({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }), false);
  });
  it('follows tokens to the end and stops on a repeated token', async () => {
    const pages: Record<string, { items: number[]; next: string | undefined }> = {
      start: { items: [1, 2], next: 'a' },
      a: { items: [3], next: 'b' },
      b: { items: [4], next: undefined },
    };
    const opts = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
    assert.deepEqual(await listAll(async (t) => pages[t ?? 'start']!, opts), [1, 2, 3, 4]);
    await assert.rejects(
      listAll(async () => ({ items: [1], next: 'same' }), opts),
      /token repeated/,
    );
  });
  it('maps with bounded concurrency in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight -= 1;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });
});

describe('handler configuration and contract', () => {
  it('takes the account from the invoked function ARN', () => {
    assert.equal(
      accountIdFrom({ invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f' }),
      '111122223333',
    );
    assert.throws(() => accountIdFrom(undefined), { name: 'ScannerConfigurationError' });
  });
  it('names every missing environment variable', () => {
    assert.throws(() => readDestinations({ SNS_TOPIC_ARN: 'arn' }), /REPORTS_BUCKET, REPORTS_KMS_KEY_ID/);
  });
  it('declares only read actions beyond its report upload, publish and KMS data-key use', () => {
    const writes = contract.calls.map((c) => c.action).filter((a) => !/^[a-z0-9]+:(List|Get|Describe)/.test(a));
    assert.deepEqual(writes.sort(), [
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKey',
      's3:PutObject',
      'sns:Publish',
    ]);
    assert.deepEqual(contract.services, ['dynamodb', 'ec2', 'kms', 'logs', 's3', 'sns']);
  });
});

describe("open to the internet: the union of a rule's ranges (issue 14)", () => {
  const severityOf = (...rules: PermissionObservation[]) => evaluate(groupWith(rules)).map((f) => f.severity);
  it('reports SSH open through blocks that together cover 0.0.0.0/0 or ::/0, however they are cut', () => {
    for (const v4 of [
      ['0.0.0.0/1', '128.0.0.0/1'],
      ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'],
      ['128.0.0.0/1', '0.0.0.0/1', '10.0.0.0/8'],
      ['0.0.0.0/1', '64.0.0.0/2', '128.0.0.0/1'],
    ])
      assert.deepEqual(severityOf(rule('tcp', 22, 22, v4)), ['CRITICAL'], v4.join(' '));
    for (const v6 of [['::/1', '8000::/1'], ['0::/0'], ['0:0:0:0:0:0:0:0/0'], ['::/2', '4000::/2', '8000::/1']])
      assert.deepEqual(severityOf(rule('tcp', 22, 22, [], v6)), ['CRITICAL'], v6.join(' '));
  });
  it('does not report blocks that leave any address out', () => {
    for (const v4 of [
      ['0.0.0.0/1'],
      ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2'],
      ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4'],
      ['not-a-cidr', '128.0.0.0/1'],
    ])
      assert.deepEqual(severityOf(rule('tcp', 22, 22, v4)), [], v4.join(' '));
    assert.deepEqual(severityOf(rule('tcp', 22, 22, [], ['::/1', '8000::/2'])), []);
  });
  it('reports a port open only through several rules together', () => {
    const findings = evaluate(groupWith([rule('tcp', 22, 22, ['0.0.0.0/1']), rule('tcp', 0, 65535, ['128.0.0.0/1'])]));
    assert.deepEqual(
      findings.map((f) => [f.severity, f.message]),
      [
        [
          'CRITICAL',
          'security group sg-1 (g) allows tcp port 22 inbound from 0.0.0.0/1 and 128.0.0.0/1, across 2 rules',
        ],
      ],
    );
    assert.deepEqual(
      severityOf(rule('tcp', 8080, 8080, ['0.0.0.0/1']), rule('-1', undefined, undefined, ['128.0.0.0/1'])),
      ['HIGH'],
    );
    assert.deepEqual(severityOf(rule('tcp', 22, 22, ['0.0.0.0/1']), rule('udp', 22, 22, ['128.0.0.0/1'])), []);
  });
  it('counts egress to the whole internet by the same union', () => {
    const findings = evaluate(groupWith([], [rule('-1', undefined, undefined, ['0.0.0.0/1', '128.0.0.0/1'])]));
    assert.deepEqual(
      findings.map((f) => f.check),
      ['security-group-egress-open-to-internet'],
    );
  });
});

describe('listing: a page cap and inconsistent pages (issue 14)', () => {
  const opts = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
  it('stops a listing that keeps handing out new tokens, with an error naming the cap', async () => {
    let n = 0;
    await assert.rejects(
      listAll(async () => ({ items: [++n], next: `t${n}` }), opts, 25),
      { name: 'PageLimitExceeded', message: /after 25 pages/ },
    );
    assert.equal(n, 25);
  });
  it('treats "Truncated" without a token as an error, and "not Truncated" as the end whatever the token says', async () => {
    await assert.rejects(
      listAll(async () => ({ items: [1], next: undefined, truncated: true }), opts),
      { name: 'InconsistentPage' },
    );
    assert.deepEqual(await listAll(async () => ({ items: [1], next: 'stale', truncated: false }), opts), [1]);
  });
});

describe('CIDR arithmetic', () => {
  it('parses IPv4 and IPv6 blocks, host bits ignored, and refuses what is not a block', async () => {
    const { parseCidr } = await import('../../../src/functions/compliance-scanner/cidr.ts');
    assert.deepEqual(parseCidr('10.1.2.3/8'), { family: 4, first: 0x0a000000n, last: 0x0affffffn });
    assert.deepEqual(parseCidr('::ffff:10.0.0.0/104'), { family: 6, first: 0xffff0a000000n, last: 0xffff0affffffn });
    assert.equal(parseCidr('2001:db8::/32')!.first, 0x20010db8n << 96n);
    for (const bad of [
      '10.0.0.0',
      '10.0.0.256/8',
      '10.0.0.0/33',
      '1::2::3/64',
      '12345::/16',
      '::/129',
      '1:2:3:4:5:6:7:8:9/64',
    ])
      assert.equal(parseCidr(bad), null, bad);
  });
});
