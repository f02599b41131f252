import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ByteOutput,
  DuplicateDetector,
  FastRecordPath,
  INPUT_FIELDS,
  ISO_4217_CODES,
  RecordProcessor,
  ShortMessageHmac,
  isCurrency,
  isCurrencyAt,
  parseFlatSpans,
  parseTimestamp,
  tokenKeyFromBytes,
} from '../../../src/core/index.ts';
import { TEST_PANS } from '../../../src/local/synthetic.ts';
import { withCheckDigit } from './card-numbers.ts';

const key = tokenKeyFromBytes(3, randomBytes(32));

/** The values parseFlatSpans found, decoded as JSON.parse would give them. */
function decodeSpans(bytes: Buffer, spans: Int32Array, numbers: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  INPUT_FIELDS.forEach((name, k) => {
    const text = bytes.toString('latin1', spans[2 * k], spans[2 * k + 1]);
    out[name] = (numbers & (1 << k)) !== 0 ? Number(text) : text;
  });
  return out;
}

function spansOf(text: string): Record<string, unknown> | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const spans = new Int32Array(14);
  const numbers = parseFlatSpans(bytes, 0, bytes.length, spans);
  return numbers < 0 ? undefined : decodeSpans(bytes, spans, numbers);
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.nat({ max: 10 ** 12 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(true, false, null, 1e21, 0.5, '\\', '"', '\u0001', 'é', '4111 1111', '\u007f'),
);
const anyKey = fc.oneof(fc.constantFrom(...INPUT_FIELDS), fc.string({ maxLength: 8 }));
const spaces = fc.constantFrom('', ' ', '  ', '\t', '\r');
const plainValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 :/.+-]{0,12}$/) },
  { weight: 3, arbitrary: fc.nat({ max: 10 ** 12 }) },
  { weight: 1, arbitrary: anyValue },
);

test('property: whenever the span parser takes a line, JSON.parse returns the same values', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(anyKey, anyValue, spaces), { minLength: 0, maxLength: 9 }),
      spaces,
      (entries, pad) => {
        const text =
          pad +
          '{' +
          entries.map(([k, v, s]) => `${s}${JSON.stringify(k)}${s}:${s}${JSON.stringify(v)}`).join(',') +
          '}' +
          pad;
        const fast = spansOf(text);
        if (fast !== undefined) assert.deepEqual(fast, JSON.parse(text));
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: schema-shaped lines in any key order and spacing parse exactly as JSON.parse parses them', () => {
  let taken = 0;
  fc.assert(
    fc.property(
      fc.shuffledSubarray([...INPUT_FIELDS], { minLength: 7, maxLength: 7 }),
      fc.array(plainValue, { minLength: 7, maxLength: 7 }),
      fc.constantFrom('', ' ', '  '),
      (keys, values, s) => {
        const text =
          '{' + keys.map((k, i) => `${s}${JSON.stringify(k)}:${s}${JSON.stringify(values[i])}`).join(',') + '}';
        const fast = spansOf(text);
        if (fast !== undefined) {
          taken++;
          assert.deepEqual(fast, JSON.parse(text));
        }
      },
    ),
    { numRuns: 2000 },
  );
  assert.ok(taken > 20, `span parser took ${taken} lines`);
});

test('the span parser takes the plain schema record and declines anything unusual', () => {
  const plain = {
    transaction_id: 't',
    merchant_id: 'm',
    pan: '4111111111111111',
    expiry: '12/29',
    amount_minor: 5,
    currency: 'USD',
    timestamp: '2026-11-20T10:00:00Z',
  };
  const text = JSON.stringify(plain);
  assert.deepEqual(spansOf(text), plain);
  assert.equal(spansOf(JSON.stringify({ ...plain, merchant_id: 'a\\"b' })), undefined);
  assert.equal(spansOf(JSON.stringify({ ...plain, merchant_id: 'é' })), undefined);
  assert.equal(spansOf(JSON.stringify({ ...plain, amount_minor: 5.5 })), undefined);
  assert.equal(spansOf(JSON.stringify({ ...plain, amount_minor: -5 })), undefined);
  assert.equal(spansOf(JSON.stringify({ ...plain, extra: 1 })), undefined);
  assert.equal(spansOf(text.replace('"pan"', '"p\\u0061n"')), undefined);
  assert.equal(spansOf(text + 'x'), undefined);
  assert.equal(spansOf(text.slice(0, -1)), undefined);
  assert.equal(spansOf(text.replace('"amount_minor":5', '"amount_minor":05')), undefined);
  assert.equal(spansOf(text.replace('"amount_minor":5', '"amount_minor":5e2')), undefined);
  assert.equal(spansOf(text.replace('}', ',"pan":"4111111111111111"}')), undefined, 'a repeated key');
});

// ---- The fast path against the general path: random files, byte-identical results -------------------------

/**
 * A public test PAN turned into another Luhn-valid number: up to three digits shorter or longer (keeping its test
 * BIN), or with a leading 9, which no card network issues. Random card-like numbers are never used.
 */
const derivedPan = fc
  .tuple(fc.constantFrom(...TEST_PANS), fc.integer({ min: -3, max: 3 }), fc.boolean())
  .map(([pan, delta, nine]) => {
    let body = pan.slice(0, -1);
    body = delta < 0 ? body.slice(0, body.length + delta) : body + '0'.repeat(delta);
    if (nine) body = '9' + body.slice(1);
    return withCheckDigit(body);
  });

const idValue = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,14}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'x'.repeat(65),
      'tx 1',
      '-lead',
      'é',
      'tx-4111111111111111',
      'ref-1234567890123',
      'a\\b',
    ),
  },
);
const panValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TEST_PANS) },
  { weight: 2, arbitrary: fc.constantFrom(...TEST_PANS).map((p) => p.replace(/(\d{4})(?=\d)/g, '$1 ')) },
  { weight: 1, arbitrary: fc.constantFrom(...TEST_PANS).map((p) => p.replace(/(\d{4})(?=\d)/g, '$1-')) },
  { weight: 2, arbitrary: derivedPan }, // other lengths and unknown brands, all Luhn-valid
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9 -]{0,10}x[0-9 x-]{0,11}$/) }, // never a card number: it holds an x
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '4111111111111112',
      ' 4111111111111111 ',
      '4111111111111111111',
      '41111111111111111111',
      4111111111111111,
    ),
  },
);
const expiryValue = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 20, max: 35 }))
      .map(([m, y]) => `${String(m).padStart(2, '0')}/${y}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('00/29', '13/29', '1/29', '12-29', '12/2029', 1229, 'ab/cd') },
);
const amountValue = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 99_999_999_999 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, -1, 1.5, 100_000_000_000, 999_999_999_999_999, '250', '0250', '', 'x', null),
  },
);
const currencyValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'CHF') },
  { weight: 1, arbitrary: fc.constantFrom('usd', 'XXX', 'US', 'USDD', 'ZZZ', 840) },
);
const timestampValue = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.date({ min: new Date('2019-01-01'), max: new Date('2036-12-31'), noInvalidDate: true }),
        fc.constantFrom('Z', '+01:00', '-05:30', '.5Z', '.123456789+14:00', '.1234567890Z'),
      )
      .map(([d, zone]) => d.toISOString().slice(0, 19) + zone),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2026-11-20 10:00:00Z',
      '2026-11-20T10:00:00',
      '2026-11-20T10:00:00+24:00',
      '2026-11-20T10:00:00.Z',
      '',
    ),
  },
);

type Fields = Record<string, unknown>;
const recordFields = fc.record({
  transaction_id: idValue,
  merchant_id: idValue,
  pan: panValue,
  expiry: expiryValue,
  amount_minor: amountValue,
  currency: currencyValue,
  timestamp: timestampValue,
});

/** A record written in one of the ways files really hold them, some of which only the general path reads. */
const recordLine = fc
  .tuple(recordFields, fc.nat(), fc.constantFrom('', ' ', '\t'), fc.nat({ max: 19 }))
  .map(([fields, order, space, variant]) => {
    const f: Fields = { ...fields };
    if (variant === 0) delete f.currency;
    if (variant === 1) f.note = 'extra';
    const keys = Object.keys(f);
    const rotated = [...keys.slice(order % keys.length), ...keys.slice(0, order % keys.length)];
    let text =
      '{' +
      rotated.map((k) => `${space}${JSON.stringify(k)}${space}:${space}${JSON.stringify(f[k])}`).join(',') +
      space +
      '}';
    if (variant === 2) text = text.replace('"pan"', '"p\\u0061n"'); // same record, escaped key
    if (variant === 3) text = text.replace(/"pan":\s*"4/, (m) => m.slice(0, -1) + '\\u0034'); // escaped first digit
    if (variant === 4) text = text.slice(0, Math.max(1, text.length - 3)); // broken
    if (variant === 5) text = ' ';
    return text;
  });

interface Run {
  processed: string;
  quarantined: string;
  summary: unknown;
  error?: string;
}

function run(text: Buffer, cuts: number[], fastPath: boolean, flushBytes: number): Run {
  const p = new RecordProcessor({ format: 'jsonl', tokenKey: key, fastPath, flushBytes, maxLineBytes: 2048 });
  const processed: Buffer[] = [];
  const quarantined: Buffer[] = [];
  const collect = (force: boolean) => {
    const out = p.drain(force);
    processed.push(...out.processed);
    quarantined.push(...out.quarantined);
  };
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
    p.push(text.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
    collect(false);
  }
  let error: string | undefined;
  try {
    p.finish();
  } catch (e) {
    error = (e as Error).message;
  }
  collect(true);
  return {
    processed: Buffer.concat(processed).toString('latin1'),
    quarantined: Buffer.concat(quarantined).toString('latin1'),
    summary: p.summary,
    ...(error ? { error } : {}),
  };
}

test('property: the fast path and the general path give byte-identical output, summaries and duplicates', () => {
  let accepted = 0;
  let fastTaken = 0;
  fc.assert(
    fc.property(
      fc.array(recordLine, { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat({ max: 20 }), { maxLength: 30 }), // repeat some earlier lines: duplicate transaction ids
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.integer({ min: 1, max: 4096 }),
      (lines, repeats, eol, finalNewline, cuts, flushBytes) => {
        const all = [...lines];
        for (const r of repeats) all.push(lines[r % lines.length]!);
        const text = Buffer.from(all.join(eol) + (finalNewline ? eol : ''), 'utf8');
        const general = run(text, cuts, false, flushBytes);
        const fast = run(text, cuts, true, flushBytes);
        assert.deepEqual(fast, general);
        // How much of the work the fast path did (it must do the common case, or this test proves little).
        const probe = new FastRecordPath(key, new DuplicateDetector(8));
        const out = new ByteOutput(1 << 16);
        for (const line of all) {
          const b = Buffer.from(line);
          if (probe.accept(b, 0, b.length, 1, out)) fastTaken++;
        }
        accepted += (general.summary as { accepted: number }).accepted;
      },
    ),
    { numRuns: 400 },
  );
  assert.ok(fastTaken > 0.5 * accepted, `fast path took ${fastTaken} of ${accepted} accepted records`);
});

test('the fast path declines, changing nothing, what the general path must judge', () => {
  const base = {
    transaction_id: 'tx-1',
    merchant_id: 'm-1',
    pan: '4111111111111111',
    expiry: '12/29',
    amount_minor: 1999,
    currency: 'GBP',
    timestamp: '2026-11-20T10:00:00Z',
  };
  const declined: Fields[] = [
    { ...base, pan: '4111111111111112' }, // Luhn
    { ...base, pan: '9111111111111117' }, // no brand
    { ...base, expiry: '10/26' }, // expired at the timestamp
    { ...base, currency: 'XXX' },
    { ...base, amount_minor: 0 },
    { ...base, amount_minor: '1999' }, // a digit string is valid, but for the general path
    { ...base, transaction_id: 'ref-4111111111111111' }, // 13+ digits in an id: the PAN detector decides
  ];
  const duplicates = new DuplicateDetector(8);
  const path = new FastRecordPath(key, duplicates);
  const out = new ByteOutput(1024);
  for (const fields of declined) {
    const b = Buffer.from(JSON.stringify(fields));
    assert.equal(path.accept(b, 0, b.length, 1, out), false, JSON.stringify(fields));
  }
  assert.equal(out.pos, 0, 'nothing written');
  assert.equal(duplicates.size, 0, 'no id recorded');
  const good = Buffer.from(JSON.stringify(base));
  assert.equal(path.accept(good, 0, good.length, 1, out), true);
  assert.equal(path.accept(good, 0, good.length, 2, out), false, 'a repeated id goes to the general path');
  assert.equal(duplicates.size, 1);
  const line = out.take(true)[0]!.toString();
  assert.equal(JSON.parse(line).pan_masked, '411111******1111');
  assert.ok(!line.includes('4111111111111111'));
  // The digits scratch holds nothing once a record is done.
  assert.ok((path as unknown as { digits: Uint8Array }).digits.every((d) => d === 0));
});

// ---- The byte-level helpers against their string counterparts ---------------------------------------------

test('currency lookup on bytes agrees with the ISO 4217 set for every three-letter code', () => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let found = 0;
  for (const a of letters)
    for (const b of letters)
      for (const c of letters) {
        const code = a + b + c;
        const bytes = Buffer.from(`"${code}"`);
        assert.equal(isCurrencyAt(bytes, 1, 4), ISO_4217_CODES.has(code), code);
        assert.equal(isCurrency(code), ISO_4217_CODES.has(code), code);
        if (ISO_4217_CODES.has(code)) found++;
      }
  assert.equal(found, ISO_4217_CODES.size);
  assert.equal(isCurrency('usd'), false);
  assert.equal(isCurrency('US'), false);
});

const TIMESTAMP_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The reference: the regular expression for the form, the calendar for the ranges, Date.parse for the value. */
function referenceTimestamp(text: string): number {
  if (!TIMESTAMP_FORM.test(text)) return Number.NaN;
  const [y, mo, d, h, mi, s] = text.match(/\d+/g)!.slice(0, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  if (d > new Date(Date.UTC(2000 + (y % 400), mo, 0)).getUTCDate()) return Number.NaN; // the Gregorian cycle is 400 years
  const zone = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (zone !== null && (Number(zone[2]) > 23 || Number(zone[3]) > 59)) return Number.NaN;
  return Date.parse(text);
}

test('property: the timestamp parser accepts exactly the ISO form with in-range fields, and agrees with Date.parse', () => {
  const near = fc.stringMatching(
    /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,10})?(Z|[+-][0-9]{2}:[0-9]{2})?$/,
  );
  const plausible = fc
    .tuple(
      fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
      fc.constantFrom('Z', '+01:00', '-05:30', '.5Z', '.12345-02:00', '.123456789+14:00'),
    )
    .map(([d, zone]) => d.toISOString().slice(0, 19) + zone);
  const mutated = fc
    .tuple(plausible, fc.nat(), fc.constantFrom('', 'x', '-', ':', '.', 'Z', '9', ' '))
    .map(([s, at, c]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + c + s.slice(i + (c === '' ? 1 : 0));
    });
  let valid = 0;
  fc.assert(
    fc.property(fc.oneof(near, plausible, mutated), (text) => {
      const expected = referenceTimestamp(text);
      if (!Number.isNaN(expected)) valid++;
      assert.equal(parseTimestamp(text), expected, text);
    }),
    { numRuns: 3000 },
  );
  assert.ok(valid > 500, `${valid} valid timestamps`);
  assert.equal(
    parseTimestamp('0050-03-01T00:00:00Z'),
    Date.parse('0050-03-01T00:00:00Z'),
    'years below 100 are not 19xx',
  );
});

test('property: ids read from bytes and from strings meet in one duplicate table', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), { maxLength: 100 }),
      fc.array(fc.boolean(), { maxLength: 100 }),
      (ids, asBytes) => {
        const detector = new DuplicateDetector(4);
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          const bytes = Buffer.from(`"${id}"`);
          const repeated = asBytes[i] ? detector.seenAt(bytes, 1, bytes.length - 1) : detector.seen(id);
          assert.equal(repeated, seen.has(id));
          seen.add(id);
        });
      },
    ),
  );
});

test('property: the HMAC of bytes equals the HMAC of the same latin1 string', () => {
  const hmac = new ShortMessageHmac(randomBytes(32));
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{0,55}$/), (digits) => {
      const a = new Int32Array(8);
      const b = new Int32Array(8);
      hmac.digestWords(digits, a);
      hmac.digestBytes(Buffer.from(digits, 'latin1'), digits.length, b);
      assert.deepEqual(a, b);
    }),
  );
});

test('property: output chunks hold whole lines, in order, each handed over once it reaches the chunk size', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 600, unit: 'grapheme' }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 3000 }),
      (texts, size) => {
        const out = new ByteOutput(size);
        const chunks: Buffer[] = [];
        for (const t of texts) {
          out.line(t + '\n');
          chunks.push(...out.take(false));
        }
        const full = chunks.length;
        chunks.push(...out.take(true));
        assert.equal(Buffer.concat(chunks).toString('utf8'), texts.map((t) => t + '\n').join(''));
        chunks.forEach((c, i) => {
          assert.ok(c.length > 0);
          assert.equal(c[c.length - 1], 10, 'a chunk ends at a line end');
          if (i < full)
            assert.ok(c.length >= size || c.length > 1024, 'a full chunk has reached the size (or is one long line)');
        });
      },
    ),
  );
});
