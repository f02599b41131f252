import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DuplicateDetector,
  RecordProcessor,
  parseCsvRow,
  parseTimestamp,
  runPipeline,
  tokenKeyFromBytes,
  validateRecord,
} from '../../../src/core/index.ts';

const key = tokenKeyFromBytes(1, randomBytes(32));
const record = {
  transaction_id: 't-1',
  merchant_id: 'm-1',
  pan: '4111 1111 1111 1111',
  expiry: '12/29',
  amount_minor: 1999,
  currency: 'GBP',
  timestamp: '2026-11-20T10:00:00+01:00',
};

async function runText(chunks: (string | Buffer)[], format: 'jsonl' | 'csv' = 'jsonl', maxLineBytes?: number) {
  const processed: Buffer[] = [];
  const quarantine: Buffer[] = [];
  async function* source() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  const summary = await runPipeline(
    source(),
    { format, tokenKey: key, ...(maxLineBytes ? { maxLineBytes } : {}) },
    {
      processed: { write: (b) => void processed.push(b) },
      quarantine: { write: (b) => void quarantine.push(b) },
    },
  );
  const lines = (bufs: Buffer[]) =>
    Buffer.concat(bufs)
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { summary, processed: lines(processed), quarantine: lines(quarantine) };
}

test('a valid record becomes token + mask; the PAN appears nowhere in the output', async () => {
  const { summary, processed } = await runText([JSON.stringify(record) + '\n']);
  assert.equal(summary.accepted, 1);
  assert.deepEqual(Object.keys(processed[0]), [
    'transaction_id',
    'merchant_id',
    'token',
    'pan_masked',
    'brand',
    'expiry',
    'amount_minor',
    'currency',
    'timestamp',
    'line',
  ]);
  assert.equal(processed[0].pan_masked, '411111******1111');
  assert.equal(processed[0].brand, 'visa');
  assert.ok(!JSON.stringify(processed).includes('4111111111111111'));
});

test('every failing check is reported, not only the first', () => {
  const result = validateRecord({
    ...record,
    pan: '4111111111111112',
    currency: 'usd',
    amount_minor: 0,
    expiry: '00/29',
  });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && [...result.reasons].sort(), [
    'AMOUNT_INVALID',
    'CURRENCY_INVALID',
    'EXPIRY_INVALID',
    'PAN_LUHN',
  ]);
  assert.equal(!result.ok && result.panMasked, '411111******1112');
});

test('expiry is judged against the transaction timestamp, through the end of the expiry month', () => {
  assert.equal(validateRecord({ ...record, expiry: '11/26', timestamp: '2026-11-30T23:59:59Z' }).ok, true);
  const late = validateRecord({ ...record, expiry: '11/26', timestamp: '2026-12-01T00:00:00Z' });
  assert.deepEqual(!late.ok && late.reasons, ['CARD_EXPIRED']);
});

test('lines split across chunks, CRLF endings and a BOM are handled; nothing is lost', async () => {
  const text =
    '\uFEFF' + [1, 2, 3].map((i) => JSON.stringify({ ...record, transaction_id: `t-${i}` })).join('\r\n') + '\r\n';
  const bytes = Buffer.from(text);
  const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 150), bytes.subarray(150)];
  const { summary } = await runText(chunks);
  assert.deepEqual([summary.accepted, summary.rejected], [3, 0]);
});

test('an over-long line spread over many chunks is quarantined and the next line survives', async () => {
  const long = '{"transaction_id":"' + 'x'.repeat(5000) + '"}\n';
  const chunks = [
    JSON.stringify(record) + '\n' + long.slice(0, 100),
    ...long.slice(100).match(/.{1,700}/gs)!,
    JSON.stringify({ ...record, transaction_id: 't-2' }) + '\n',
  ];
  const { summary, quarantine } = await runText(chunks, 'jsonl', 1024);
  assert.equal(summary.accepted, 2);
  assert.deepEqual(quarantine, [{ line: 2, reasons: ['LINE_TOO_LONG'] }]);
});

test('a malformed line is quarantined with masks of any card number in it, never the number', async () => {
  const { quarantine } = await runText(['{"broken": "4111-1111-1111-1111", \n']);
  assert.deepEqual(quarantine, [{ line: 1, reasons: ['MALFORMED_RECORD'], detected_pan_masks: ['411111******1111'] }]);
});

test('CSV quoting: quoted commas and doubled quotes; broken quoting is detected', () => {
  assert.deepEqual(parseCsvRow('a,"b,c","d""e",f'), ['a', 'b,c', 'd"e', 'f']);
  assert.equal(parseCsvRow('a,"b,c'), null);
  assert.equal(parseCsvRow('a,b"c'), null);
});

test('an empty file (or only blank lines, or only a CSV header) is a rejected job', async () => {
  await assert.rejects(runText(['']), { name: 'JobRejectedError', reason: 'EMPTY_FILE' });
  await assert.rejects(runText(['\n\n  \n']), { name: 'JobRejectedError', reason: 'EMPTY_FILE' });
  await assert.rejects(runText(['transaction_id,merchant_id,pan,expiry,amount_minor,currency,timestamp\n'], 'csv'), {
    reason: 'EMPTY_FILE',
  });
});

test('property: the duplicate detector reports exactly the repeated ids', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 300 }), (ids) => {
      const detector = new DuplicateDetector(4); // tiny table: forces growth and probing
      const seen = new Set<string>();
      for (const id of ids) {
        assert.equal(detector.seen(id), seen.has(id));
        seen.add(id);
      }
      assert.equal(detector.size, seen.size);
    }),
  );
});

test('property: accepted + rejected equals the number of non-blank lines, whatever the lines are', () => {
  const line = fc.oneof(
    fc.constant(JSON.stringify(record)),
    fc.string({ maxLength: 40 }).filter((s) => !s.includes('\n') && s.trim().length > 0),
    fc.constant('{"transaction_id": 12}'),
  );
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
      const p = new RecordProcessor({ format: 'jsonl', tokenKey: key });
      p.push(Buffer.from(lines.join('\n') + '\n'));
      p.finish();
      assert.equal(
        p.summary.accepted + p.summary.rejected,
        lines.filter((l) => l.replace(/\r$/, '').trim().length > 0).length,
      );
    }),
  );
});

test('timestamps: impossible dates are refused (Date.parse would accept 2026-02-30), offsets are applied', () => {
  const ts = (timestamp: string) => validateRecord({ ...record, timestamp });
  assert.equal(ts('2026-02-30T10:00:00Z').ok, false);
  assert.equal(ts('2026-02-29T10:00:00Z').ok, false);
  assert.equal(ts('2028-02-29T10:00:00Z').ok, true);
  assert.equal(ts('2026-11-20T24:00:00Z').ok, false);
  assert.equal(ts('2026-11-20T10:00:00.123456+05:30').ok, true);
  assert.equal(parseTimestamp('2026-11-20T10:00:00.250+01:30'), Date.parse('2026-11-20T10:00:00.250+01:30'));
});

test('property: for valid date-times the timestamp parser agrees with Date.parse', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      fc.integer({ min: -720, max: 840 }),
      (date, offsetMinutes) => {
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        assert.equal(parseTimestamp(text), date.getTime());
      },
    ),
  );
});

test('CR-only line endings (issue 14): three records are three records, however the chunks fall; CR, LF and CRLF mix', async () => {
  const lines = [1, 2, 3].map((i) => JSON.stringify({ ...record, transaction_id: `cr-${i}` }));
  for (const [text, name] of [
    [lines.join('\r') + '\r', 'CR'],
    [lines.join('\r'), 'CR, last line unterminated'],
    [lines[0] + '\r' + lines[1] + '\r\n' + lines[2] + '\n', 'CR then CRLF then LF'],
  ] as const) {
    const bytes = Buffer.from(text);
    // Every cut next to a line end, where a CR and what follows it can land in different chunks.
    const cuts = new Set([0, bytes.length]);
    bytes.forEach((b, i) => {
      if (b === 13 || b === 10) for (let d = -1; d <= 2; d++) if (i + d >= 0 && i + d <= bytes.length) cuts.add(i + d);
    });
    for (const cut of cuts) {
      const { summary, processed } = await runText([bytes.subarray(0, cut), bytes.subarray(cut)]);
      assert.deepEqual([summary.records, summary.accepted, summary.rejected], [3, 3, 0], `${name}, cut at ${cut}`);
      assert.deepEqual(
        processed.map((p) => p.line),
        [1, 2, 3],
        `${name}, cut at ${cut}`,
      );
    }
  }
  // CSV too, header included.
  const csv =
    'transaction_id,merchant_id,pan,expiry,amount_minor,currency,timestamp\r' +
    ['c-1', 'c-2', 'c-3'].map((id) => `${id},m-1,5555555555554444,11/28,100,USD,2026-11-20T10:00:00Z`).join('\r') +
    '\r';
  const { summary } = await runText([csv], 'csv');
  assert.deepEqual([summary.records, summary.accepted], [3, 3]);
});

test('format detect (issue 14): an object without a known extension is read by its first non-blank byte', async () => {
  const { formatForKey, formatForFirstByte } = await import('../../../src/core/index.ts');
  assert.equal(formatForKey('in/feed-20261123'), 'detect');
  assert.equal(formatForKey('in/feed.txt'), 'detect');
  assert.equal(formatForKey('in/a.CSV'), 'csv');
  assert.equal(formatForKey('in/a.ndjson'), 'jsonl');
  assert.equal(formatForFirstByte(0x7b), 'jsonl');
  const jsonl = await runText(
    ['\n\n  ' + JSON.stringify(record) + '\n' + JSON.stringify({ ...record, transaction_id: 't-2' }) + '\n'],
    'detect' as never,
  );
  assert.deepEqual([jsonl.summary.accepted, jsonl.summary.rejected], [2, 0]);
  const csv = await runText(
    [
      '\uFEFFtransaction_id,merchant_id,pan,expiry,amount_minor,currency,timestamp\nc-1,m-1,5555555555554444,11/28,100,USD,2026-11-20T10:00:00Z\n',
    ],
    'detect' as never,
  );
  assert.deepEqual([csv.summary.accepted, csv.summary.rejected], [1, 0]);
});

test('a card number in any output field is PAN_IN_OTHER_FIELD, and the quarantine line does not echo the field', async () => {
  const { summary, quarantine, processed } = await runText(
    [
      { transaction_id: '4111.1111.1111.1111' },
      { merchant_id: '4111_1111_1111_1111' },
      { transaction_id: 'order:4111:1111:1111:1111' },
      { transaction_id: 'a-5555-5555-5555-4444' },
      { timestamp: '2026-11-20T22:23:00.31220032+22:00' },
      { transaction_id: 'tx-2026-11-20T10:00:00.123456789' },
    ].map((o) => JSON.stringify({ ...record, ...o }) + '\n'),
  );
  assert.equal(summary.accepted, 1, JSON.stringify(processed));
  assert.equal(processed[0].transaction_id, 'tx-2026-11-20T10:00:00.123456789');
  // The identifier that holds no card number is kept (lines 2 and 5); the one that does is left out.
  assert.deepEqual(
    quarantine,
    [1, 2, 3, 4, 5].map((line) => ({
      line,
      reasons: ['PAN_IN_OTHER_FIELD'],
      ...(line === 2 || line === 5 ? { transaction_id: 't-1' } : {}),
      pan_masked: '411111******1111',
    })),
  );
});
