import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { INPUT_FIELDS, parseFlatRecord } from '../../../src/core/index.ts';

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.nat({ max: 10 ** 12 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(true, false, null, 1e21, 0.5, '\\', '"', '\u0001', 'é', '4111 1111'),
);
const key = fc.oneof(fc.constantFrom(...INPUT_FIELDS), fc.string({ maxLength: 8 }));
const spaces = fc.constantFrom('', ' ', '  ', '\t', '\r');
// Mostly the plain values real files hold, so the fast path is exercised, with the odd unusual one.
const plainValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 :\/.+-]{0,12}$/) },
  { weight: 3, arbitrary: fc.nat({ max: 10 ** 12 }) },
  { weight: 1, arbitrary: value },
);

test('property: whenever the fast path returns a record, JSON.parse returns the same record', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value, spaces), { minLength: 0, maxLength: 9 }), spaces, (entries, pad) => {
      const text = pad + '{' + entries.map(([k, v, s]) => `${s}${JSON.stringify(k)}${s}:${s}${JSON.stringify(v)}`).join(',') + '}' + pad;
      const fast = parseFlatRecord(text);
      if (fast !== undefined) assert.deepEqual({ ...fast }, JSON.parse(text));
    }),
    { numRuns: 2000 },
  );
});

test('property: schema-shaped lines in any key order and spacing parse exactly as JSON.parse parses them', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.shuffledSubarray([...INPUT_FIELDS], { minLength: 7, maxLength: 7 }), fc.array(plainValue, { minLength: 7, maxLength: 7 }), fc.constantFrom('', ' ', '  '), (keys, values, s) => {
      const text = '{' + keys.map((k, i) => `${s}${JSON.stringify(k)}:${s}${JSON.stringify(values[i])}`).join(',') + '}';
      const fast = parseFlatRecord(text);
      if (fast !== undefined) {
        taken++;
        assert.deepEqual({ ...fast }, JSON.parse(text));
      }
    }),
    { numRuns: 2000 },
  );
  assert.ok(taken > 20, `fast path taken ${taken} times`);
});

test('the fast path takes the plain schema record and declines anything unusual', () => {
  const plain = { transaction_id: 't', merchant_id: 'm', pan: '4111111111111111', expiry: '12/29', amount_minor: 5, currency: 'USD', timestamp: '2026-11-20T10:00:00Z' };
  assert.deepEqual({ ...parseFlatRecord(JSON.stringify(plain)) }, plain);
  assert.equal(parseFlatRecord(JSON.stringify({ ...plain, merchant_id: 'a\\"b' })), undefined);
  assert.equal(parseFlatRecord(JSON.stringify({ ...plain, amount_minor: 5.5 })), undefined);
  assert.equal(parseFlatRecord(JSON.stringify({ ...plain, extra: 1 })), undefined);
  assert.equal(parseFlatRecord(JSON.stringify(plain) + 'x'), undefined);
  assert.equal(parseFlatRecord(JSON.stringify(plain).replace('"amount_minor":5', '"amount_minor":05')), undefined);
});
