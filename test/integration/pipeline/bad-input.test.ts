// Every bad input the issue lists ends as a quarantined record or a failed job with a reason: never a crash,
// never a lost record (accepted + rejected = records in the file).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { scanForLeaks } from '../../../src/local/leak-scan.ts';
import { context, s3Event, world, type World } from './harness.ts';

let emulator: Emulator;
let w: World;
before(async () => {
  emulator = await startEmulator();
  w = await world(emulator);
});
after(async () => {
  await emulator?.stop();
});

const good = (id: string, pan = '4111111111111111') =>
  JSON.stringify({
    transaction_id: id,
    merchant_id: 'm-001',
    pan,
    expiry: '12/29',
    amount_minor: 1250,
    currency: 'EUR',
    timestamp: '2026-11-20T10:00:00Z',
  });
const header = 'transaction_id,merchant_id,pan,expiry,amount_minor,currency,timestamp';
const csvRow = (id: string, amount = '1250') => `${id},m-002,5555555555554444,11/28,${amount},USD,2026-11-20T10:00:00Z`;

let requests = 0;
async function run(key: string, body: string | Buffer, encrypted = true) {
  const version = await w.put(key, body, encrypted);
  const result = await w.processor(s3Event(w.plane.rawBucket, key, version), context(`req-${++requests}`));
  return result.jobs[0]!;
}

async function quarantined(job: Awaited<ReturnType<typeof run>>): Promise<{ line: number; reasons: string[] }[]> {
  const q = job.outputs!.find((o) => o.key.startsWith('quarantine/'));
  if (q === undefined) return [];
  const body = await (
    await w.plane.clients.s3.send(new GetObjectCommand({ Bucket: q.bucket, Key: q.key }))
  ).Body!.transformToString();
  return body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

test('truncated last line is quarantined as TRUNCATED_RECORD', async () => {
  const full = good('t-3');
  const job = await run('bad/truncated.jsonl', `${good('t-1')}\n${good('t-2')}\n${full.slice(0, 40)}`);
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.counts!.accepted, 2);
  assert.deepEqual(await quarantined(job), [{ line: 3, reasons: ['TRUNCATED_RECORD'] }]);
});

test('invalid UTF-8 is quarantined as INVALID_UTF8 and the other lines go through', async () => {
  const bad = Buffer.concat([
    Buffer.from('{"transaction_id":"t-x","merchant_id":"m-'),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('"}'),
  ]);
  const job = await run(
    'bad/utf8.jsonl',
    Buffer.concat([Buffer.from(good('u-1') + '\n'), bad, Buffer.from('\n' + good('u-2') + '\n')]),
  );
  assert.equal(job.counts!.accepted, 2);
  assert.deepEqual(await quarantined(job), [{ line: 2, reasons: ['INVALID_UTF8'] }]);
});

test('a 10 MB single line is quarantined as LINE_TOO_LONG without buffering it', async () => {
  const huge = '{"transaction_id":"big","merchant_id":"' + 'x'.repeat(10 * 1024 * 1024) + '"}';
  const job = await run('bad/huge.jsonl', `${good('h-1')}\n${huge}\n${good('h-2')}\n`);
  assert.equal(job.counts!.accepted, 2);
  assert.equal(job.counts!.rejected, 1);
  assert.deepEqual(await quarantined(job), [{ line: 2, reasons: ['LINE_TOO_LONG'] }]);
});

test('CSV formula injection in any cell is quarantined as CSV_FORMULA_INJECTION', async () => {
  const rows = [
    csvRow('c-1'),
    '=cmd|calc,m-002,5555555555554444,11/28,1250,USD,2026-11-20T10:00:00Z',
    csvRow('c-3', '+1250'),
    csvRow('c-4', '-1250'),
    '@SUM(A1),m-002,5555555555554444,11/28,1250,USD,2026-11-20T10:00:00Z',
    csvRow('c-6'),
  ];
  const job = await run('bad/formula.csv', [header, ...rows].join('\n') + '\n');
  assert.equal(job.counts!.accepted, 2);
  const q = await quarantined(job);
  assert.deepEqual(
    q.map((e) => [e.line, e.reasons]),
    [
      [3, ['CSV_FORMULA_INJECTION']],
      [4, ['CSV_FORMULA_INJECTION']],
      [5, ['CSV_FORMULA_INJECTION']],
      [6, ['CSV_FORMULA_INJECTION']],
    ],
  );
});

test('wrong or missing columns: a bad CSV header fails the job; bad rows and JSON fields are quarantined', async () => {
  const failed = await run(
    'bad/header.csv',
    'transaction_id,merchant_id,pan,expiry,amount_minor,currency\n' + 'c-1,m-2,5555555555554444,11/28,1250,USD\n',
  );
  assert.equal(failed.status, 'FAILED');
  assert.deepEqual(failed.reasons, ['CSV_HEADER_INVALID']);
  const rows = await run(
    'bad/rows.csv',
    [header, csvRow('r-1'), csvRow('r-2') + ',extra', 'r-3,m-002,5555555555554444'].join('\n') + '\n',
  );
  assert.equal(rows.counts!.accepted, 1);
  assert.deepEqual(
    (await quarantined(rows)).map((e) => e.reasons),
    [['COLUMN_COUNT'], ['COLUMN_COUNT']],
  );
  const json = await run(
    'bad/fields.jsonl',
    [
      good('j-1'),
      JSON.stringify({ transaction_id: 'j-2', pan: '4111111111111111' }),
      JSON.stringify({ ...JSON.parse(good('j-3')), cvv: '123' }),
    ].join('\n') + '\n',
  );
  assert.equal(json.counts!.accepted, 1);
  assert.deepEqual(
    (await quarantined(json)).map((e) => e.reasons),
    [['MISSING_FIELD'], ['UNKNOWN_FIELD']],
  );
});

test('an empty file fails the job with EMPTY_FILE', async () => {
  const job = await run('bad/empty.jsonl', '');
  assert.equal(job.status, 'FAILED');
  assert.deepEqual(job.reasons, ['EMPTY_FILE']);
});

test('duplicate transaction ids in one file: the first is kept, the rest quarantined', async () => {
  const job = await run(
    'bad/dupes.jsonl',
    [good('d-1'), good('d-2'), good('d-1', '4242424242424242'), good('d-1')].join('\n') + '\n',
  );
  assert.equal(job.counts!.accepted, 2);
  assert.deepEqual(
    (await quarantined(job)).map((e) => [e.line, e.reasons]),
    [
      [3, ['DUPLICATE_TRANSACTION_ID']],
      [4, ['DUPLICATE_TRANSACTION_ID']],
    ],
  );
});

test('an object that is not SSE-KMS encrypted fails the job and is not read', async () => {
  const job = await run('bad/sse-s3.jsonl', good('s-1') + '\n', false);
  assert.equal(job.status, 'FAILED');
  assert.deepEqual(job.reasons, ['SOURCE_NOT_SSE_KMS']);
  assert.deepEqual(job.outputs, []);
});

test('an object key that holds a card number is refused and recorded only masked', async () => {
  const job = await run('bad/4111111111111111.jsonl', good('k-1') + '\n');
  assert.equal(job.status, 'FAILED');
  assert.deepEqual(job.reasons, ['UNSAFE_OBJECT_KEY']);
  assert.ok(job.job_id.includes('411111******1111'));
});

test('leak test: after all of the above, no object, table item or log line holds a card number', async () => {
  const report = await scanForLeaks(
    w.plane.clients,
    [w.plane.processedBucket, w.plane.auditBucket],
    [w.plane.metadataTable, w.plane.auditTable],
    w.logLines,
  );
  assert.ok(report.objects >= 8, `scanned ${report.objects} objects`);
  assert.ok(report.items >= 10, `scanned ${report.items} items`);
  assert.ok(report.logLines >= 10, `scanned ${report.logLines} log lines`);
  assert.deepEqual(report.findings, []);
});
