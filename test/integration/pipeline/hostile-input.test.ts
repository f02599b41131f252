// What the hostile-input campaign of issue 14 found in the processor and the validator, each as a regression test on
// the emulator: four ways a card number got out (identifiers, object keys, the uploader's principal id, a direct
// invocation's version id), and the faults (over-long keys, files without a known extension, CR-only line ends,
// unreadable event records). Leaks are looked for with the tests' own scanner, not the detector under test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { sightings } from '../independent-pan-scan.ts';
import { gatherExits } from './exits.ts';
import { context, s3Event, world, type World } from './harness.ts';

const VISA = '4111111111111111';
const AMEX = '378282246310005';
const MC = '5555555555554444';

let emulator: Emulator;
let w: World;
before(async () => {
  emulator = await startEmulator();
  w = await world(emulator);
});
after(async () => {
  await emulator?.stop();
});

const record = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    transaction_id: 't-1',
    merchant_id: 'm-001',
    pan: MC,
    expiry: '12/29',
    amount_minor: 1250,
    currency: 'EUR',
    timestamp: '2026-11-20T10:00:00Z',
    ...fields,
  });
const CSV_HEADER = 'transaction_id,merchant_id,pan,expiry,amount_minor,currency,timestamp';

let requests = 0;
async function run(key: string, body: string | Buffer, event?: (e: any) => void) {
  const version = await w.put(key, body);
  const e = s3Event(w.plane.rawBucket, key, version) as any;
  event?.(e);
  const result = await w.processor(e, context(`req-${++requests}`));
  return { job: result.jobs[0]!, result, version };
}

async function read(key: string): Promise<string> {
  return (
    await w.plane.clients.s3.send(new GetObjectCommand({ Bucket: w.plane.processedBucket, Key: key }))
  ).Body!.transformToString();
}

async function validate(keys: string[]) {
  const out = [];
  for (const key of keys)
    out.push(
      (await w.validator(s3Event(w.plane.processedBucket, key, undefined), context(`req-v${++requests}`))).results[0]!,
    );
  return out;
}

/** Nothing the functions wrote, logged or returned holds any of `pans` (the tests' own scanner). */
async function assertNowhere(pans: string[], returned: unknown[]) {
  const exits = await gatherExits(w, new Set(), (key) => key.includes('/planted/'));
  assert.deepEqual(
    [
      ...sightings(pans, 'processed bucket', exits.objects),
      ...sightings(pans, 'tables', exits.items),
      ...sightings(pans, 'logs', exits.logLines),
      ...sightings(pans, 'return values', returned),
    ],
    [],
  );
}

// ---- Leak path 1: transaction_id / merchant_id.

test('leak 1: identifiers spelt with . _ : -- in JSON Lines and CSV are quarantined as PAN_IN_OTHER_FIELD and echoed nowhere', async () => {
  const spellings = [
    '4111.1111.1111.1111',
    '4111_1111_1111_1111',
    '4111:1111:1111:1111',
    '4111--1111--1111--1111',
    '3782.822463.10005',
    'x.5555.5555.5555.4444',
    '6011.1111.1111.1117',
  ];
  const jsonl = spellings.flatMap((s, i) => [
    record({ transaction_id: s }),
    record({ transaction_id: `ok-${i}`, merchant_id: s }),
  ]);
  // A record that is otherwise invalid too: the quarantine line used to echo its transaction id.
  jsonl.push(record({ transaction_id: '4111.1111.1111.1111', currency: 'XXX', amount_minor: -1 }));
  jsonl.push(record({ transaction_id: 'fine-1' }));
  const a = await run('leak1/ids.jsonl', jsonl.join('\n') + '\n');
  assert.equal(a.job.status, 'SUCCEEDED');
  assert.equal(a.job.counts!.accepted, 1);
  const csv =
    [
      CSV_HEADER,
      ...spellings.map((s) => `${s},m-002,${MC},11/28,1250,USD,2026-11-20T10:00:00Z`),
      `fine-2,m-002,${MC},11/28,1250,USD,2026-11-20T10:00:00Z`,
    ].join('\n') + '\n';
  const b = await run('leak1/ids.csv', csv);
  assert.equal(b.job.counts!.accepted, 1);
  for (const job of [a.job, b.job]) {
    const quarantine = job.outputs!.find((o) => o.key.startsWith('quarantine/'))!;
    const lines = (await read(quarantine.key))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(
      lines.every(
        (l) =>
          l.reasons.includes('PAN_IN_OTHER_FIELD') &&
          (l.transaction_id === undefined || /^ok-\d+$/.test(l.transaction_id)),
      ),
      JSON.stringify(lines),
    );
  }
  // The validator passes both objects of each job: nothing in them is a card number.
  const results = await validate([...a.job.outputs!, ...b.job.outputs!].map((o) => o.key));
  assert.deepEqual(
    results.map((r) => r.outcome),
    ['PASSED', 'PASSED', 'PASSED', 'PASSED'],
  );
  await assertNowhere([VISA, AMEX, MC, '6011111111111117'], [a.result, b.result, results]);
});

test('leak 1: the validator fails an object with a card number in any value or key of any line, quarantine fields included', async () => {
  const processed = {
    transaction_id: 'p-1',
    merchant_id: 'm-1',
    token: `tok_v1_${'A'.repeat(32)}`,
    pan_masked: '411111******1111',
    brand: 'visa',
    expiry: '12/29',
    amount_minor: 100,
    currency: 'USD',
    timestamp: '2026-11-20T10:00:00Z',
    line: 1,
  };
  const planted: [string, string][] = [
    ['processed/planted/tid.jsonl', JSON.stringify({ ...processed, transaction_id: '4111.1111.1111.1111' })],
    ['processed/planted/escaped-tab.jsonl', JSON.stringify({ ...processed, merchant_id: '4111\t1111\t1111\t1111' })],
    ['processed/planted/key.jsonl', JSON.stringify({ ...processed, [`x${VISA}`]: 1 })],
    [
      'quarantine/planted/tid.jsonl',
      JSON.stringify({ line: 1, reasons: ['PAN_LUHN'], transaction_id: '4111_1111_1111_1111' }),
    ],
    [
      'quarantine/planted/mask.jsonl',
      JSON.stringify({ line: 1, reasons: ['PAN_LUHN'], pan_masked: '4111 1111 1111 1111' }),
    ],
    [
      'quarantine/planted/masks.jsonl',
      JSON.stringify({
        line: 1,
        reasons: ['MALFORMED_RECORD'],
        detected_pan_masks: ['４１１１１１１１１１１１１１１１'],
      }),
    ],
  ];
  for (const [key, body] of planted)
    await w.plane.clients.s3.send(
      new PutObjectCommand({
        Bucket: w.plane.processedBucket,
        Key: key,
        Body: body + '\n',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: w.plane.s3KeyArn,
      }),
    );
  const results = await validate(planted.map(([k]) => k));
  for (const [i, r] of results.entries()) {
    assert.equal(r.outcome, 'FAILED', planted[i]![0]);
    assert.ok(r.reasons.includes('CLEAR_PAN_FOUND'), `${planted[i]![0]}: ${r.reasons}`);
    assert.deepEqual(r.pan_masks, ['411111******1111']);
  }
  // And the quarantine schema holds its fields to their shapes even without a card number in them.
  await w.plane.clients.s3.send(
    new PutObjectCommand({
      Bucket: w.plane.processedBucket,
      Key: 'quarantine/planted/shape.jsonl',
      Body: JSON.stringify({ line: 1, reasons: ['PAN_LUHN'], pan_masked: 'not a mask' }) + '\n',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: w.plane.s3KeyArn,
    }),
  );
  assert.deepEqual((await validate(['quarantine/planted/shape.jsonl']))[0]!.reasons, ['SCHEMA_VIOLATION']);
  assert.deepEqual(sightings([VISA], 'validator logs and results', [w.logLines, results]), []);
});

// ---- Leak path 2: the object key.

test('leak 2: object keys spelling a card number are refused (UNSAFE_OBJECT_KEY) and appear masked only, everywhere', async () => {
  const keys = [
    'in/4111_1111_1111_1111.jsonl',
    'in/4111.1111.1111.1111.jsonl',
    'in/4111/1111/1111/1111.jsonl',
    'in/4111\u200b1111\u200b1111\u200b1111.jsonl',
    'in/４１１１１１１１１１１１１１１１.jsonl',
    'in/٤١١١١١١١١١١١١١١١.jsonl',
    'in/batch-4111-1111-1111-1111-v2.csv',
  ];
  const returned = [];
  for (const key of keys) {
    const { job, result } = await run(key, record() + '\n');
    returned.push(result);
    assert.equal(job.status, 'FAILED', key);
    assert.deepEqual(job.reasons, ['UNSAFE_OBJECT_KEY']);
    assert.ok(job.job_id.includes('411111******1111'), job.job_id);
    const item = (
      await w.plane.clients.dynamodb.send(
        new GetCommand({ TableName: w.plane.metadataTable, Key: { job_id: job.job_id } }),
      )
    ).Item!;
    assert.equal(item.status, 'FAILED');
  }
  await assertNowhere([VISA], returned);
  assert.ok(w.logLines.some((l) => l.includes('job finished') && l.includes('411111******1111')));
});

// ---- Leak path 3: the uploader's principal id.

test('leak 3: a principalId holding a card number is recorded masked as the initiator; the file is processed', async () => {
  const { job, result } = await run('leak3/file.jsonl', record({ transaction_id: 'p3-1' }) + '\n', (e) => {
    e.Records[0].userIdentity.principalId = 'AWS:AROAEXAMPLEUPLOADER:4111.1111.1111.1111';
  });
  assert.equal(job.status, 'SUCCEEDED');
  const audit = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }));
  const mine = audit.Items!.find((i) => String(i.object.key) === 'leak3/file.jsonl')!;
  assert.equal(mine.initiator, 'AWS:AROAEXAMPLEUPLOADER:411111******1111');
  await assertNowhere([VISA], [result]);
});

// ---- Leak path 4: a direct invocation's version id.

test('leak 4: a direct invocation whose versionId holds a card number is refused (UNSAFE_VERSION_ID), masked everywhere', async () => {
  await w.put('leak4/file.jsonl', record() + '\n');
  const returned = [];
  for (const versionId of [VISA, '4111-1111-1111-1111', 'v.4111.1111.1111.1111']) {
    const result = await w.processor(
      { bucket: w.plane.rawBucket, key: 'leak4/file.jsonl', versionId },
      context(`req-${++requests}`),
    );
    returned.push(result);
    // All three mask to the same version id, so the same job: refused once, a duplicate after that.
    assert.ok(['FAILED', 'DUPLICATE'].includes(result.jobs[0]!.status));
    assert.deepEqual(result.jobs[0]!.reasons, ['UNSAFE_VERSION_ID']);
  }
  const validated = await w.validator(
    { bucket: w.plane.processedBucket, key: 'processed/x.jsonl', versionId: `4111 1111 1111 1111` },
    context('req-v4'),
  );
  returned.push(validated);
  assert.ok(validated.results[0]!.reasons.includes('UNSAFE_VERSION_ID'));
  await assertNowhere([VISA], returned);
});

// ---- Faults.

test('a source key too long for its output keys (S3 allows 1,024 bytes): the job FAILS with SOURCE_KEY_TOO_LONG, audited, not retried forever', async () => {
  const key = `long/${'k'.repeat(990)}.jsonl`;
  const { job } = await run(key, record() + '\n');
  assert.equal(job.status, 'FAILED');
  assert.deepEqual(job.reasons, ['SOURCE_KEY_TOO_LONG']);
  const item = (
    await w.plane.clients.dynamodb.send(
      new GetCommand({ TableName: w.plane.metadataTable, Key: { job_id: job.job_id } }),
    )
  ).Item!;
  assert.equal(item.status, 'FAILED');
  const audit = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }));
  assert.ok(
    audit.Items!.some(
      (i) => i.object.key === key && i.outcome === 'FAILED' && i.reasons.includes('SOURCE_KEY_TOO_LONG'),
    ),
  );
  // One byte shorter than the limit allows is processed, and its outputs fit.
  const fits = `long/${'k'.repeat(1024 - 'quarantine/long/'.length - '.jsonl'.length - '@'.length - 36 - '.jsonl'.length)}.jsonl`;
  const ok = await run(fits, record() + '\n');
  assert.equal(ok.job.status, 'SUCCEEDED');
  for (const o of ok.job.outputs!) assert.ok(Buffer.byteLength(o.key) <= 1024);
});

test('JSON Lines without a known extension is read as JSON Lines (first byte), CSV likewise', async () => {
  for (const key of ['fmt/feed-20261123', 'fmt/feed.txt']) {
    const { job } = await run(
      key,
      [record({ transaction_id: 'f-1' }), record({ transaction_id: 'f-2' })].join('\n') + '\n',
    );
    assert.equal(job.status, 'SUCCEEDED', `${key}: ${job.reasons}`);
    assert.equal(job.counts!.accepted, 2);
  }
  const { job } = await run('fmt/feed.dat', `${CSV_HEADER}\nc-1,m-2,${MC},11/28,1250,USD,2026-11-20T10:00:00Z\n`);
  assert.equal(job.counts!.accepted, 1);
});

test('CR-only line endings: three records are three records', async () => {
  const { job } = await run(
    'cr/three.jsonl',
    ['cr-1', 'cr-2', 'cr-3'].map((id) => record({ transaction_id: id })).join('\r') + '\r',
  );
  assert.equal(job.status, 'SUCCEEDED');
  assert.deepEqual([job.counts!.records, job.counts!.accepted, job.counts!.rejected], [3, 3, 0]);
});

test('an event record with broken %-encoding is a FAILED job with a reason, audited and logged as an error; the others run', async () => {
  const version = await w.put('bad-event/ok.jsonl', record({ transaction_id: 'e-1' }) + '\n');
  const good = (s3Event(w.plane.rawBucket, 'bad-event/ok.jsonl', version) as any).Records[0];
  const broken = structuredClone(good);
  broken.s3.object.key = 'bad-event/%E0%A4%A.jsonl';
  const event = { Records: [good, broken] };
  const first = await w.processor(event, context('req-bad-1'));
  assert.deepEqual(
    first.jobs.map((j) => [j.status, j.reasons]).sort(),
    [
      ['FAILED', ['MALFORMED_EVENT_RECORD']],
      ['SUCCEEDED', []],
    ].sort(),
  );
  const again = await w.processor(event, context('req-bad-2'));
  assert.deepEqual(again.jobs.map((j) => j.status).sort(), ['DUPLICATE', 'FAILED']);
  const audit = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }));
  const malformed = audit.Items!.filter((i) => i.event_type === 'processor.malformed-event');
  assert.equal(malformed.length, 1, 'one audit record, however often the event comes');
  assert.equal(malformed[0]!.object.key, 'bad-event/%E0%A4%A.jsonl');
  assert.ok(w.logLines.some((l) => JSON.parse(l).level === 'ERROR' && l.includes('event record cannot be read')));
});
