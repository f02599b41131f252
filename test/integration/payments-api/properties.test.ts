// Property-based checks of the API over an in-memory store (no database): whatever card number, amount or
// idempotency key comes in, no response, log line or stored row holds a card number; replays are identical and
// a changed body under a used key is always 409.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { findPans } from '../../../src/core/detect.ts';
import { apiKeysFromBytes } from '../../../src/functions/payments-api/config.ts';
import { createPaymentsApi, type ProxyEvent } from '../../../src/functions/payments-api/app.ts';
import type { CreateOutcome, NewPayment, Payment, PaymentStore } from '../../../src/functions/payments-api/store.ts';

// Payment ids and request ids are random UUIDs; one whose groups happen to be all digits reads as a
// hyphen-separated digit run to the detector. They are ours, not card data, so they are blanked before scanning.
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const pansIn = (text: string) => findPans(text.replace(UUIDS, 'uuid'));

class MemoryStore implements PaymentStore {
  readonly payments = new Map<string, Payment>();
  readonly keys = new Map<string, { fingerprint: Buffer; id: string }>();
  async create(p: NewPayment): Promise<CreateOutcome> {
    const keyHash = p.idempotencyKeyHash.toString('base64');
    const seen = this.keys.get(keyHash);
    if (seen)
      return seen.fingerprint.equals(p.fingerprint)
        ? { kind: 'replay', payment: this.payments.get(seen.id)! }
        : { kind: 'conflict' };
    const { idempotencyKeyHash: _k, fingerprint, ...rest } = p;
    const payment: Payment = { ...rest, status: 'accepted', createdAt: new Date(0).toISOString() };
    this.payments.set(p.id, payment);
    this.keys.set(keyHash, { fingerprint, id: p.id });
    return { kind: 'created', payment };
  }
  async get(id: string) {
    return this.payments.get(id) ?? null;
  }
  async ping() {}
  async close() {}
}

/** A Luhn-valid number of the given prefix and length. */
function luhnComplete(prefix: string, length: number, fill: number[]): string {
  let digits = prefix;
  for (let i = 0; digits.length < length - 1; i++) digits += String(fill[i % fill.length]);
  for (let check = 0; check <= 9; check++) {
    const candidate = digits + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const brands: [string, number][] = [
  ['4', 16],
  ['51', 16],
  ['2221', 16],
  ['37', 15],
  ['6011', 16],
  ['3530', 16],
];
const panArb = fc
  .tuple(
    fc.constantFrom(...brands),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 16 }),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([[prefix, length], fill, sep]) => {
    const pan = luhnComplete(prefix, length, fill);
    return { pan, typed: sep ? pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : pan };
  });

function setup() {
  const store = new MemoryStore();
  const logs: string[] = [];
  const keys = apiKeysFromBytes(1, randomBytes(32));
  const api = createPaymentsApi({
    store: async () => store,
    keys: async () => keys,
    logger: {
      info: (m, f) => void logs.push(JSON.stringify({ m, ...f })),
      error: (m, f) => void logs.push(JSON.stringify({ m, ...f })),
    },
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { store, logs, api };
}

const post = (body: unknown, key: string): ProxyEvent => ({
  httpMethod: 'POST',
  path: '/payments',
  headers: { 'content-type': 'application/json', 'idempotency-key': key },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});

test('no response, log line or stored payment ever holds the card number', async () => {
  const { store, logs, api } = setup();
  await fc.assert(
    fc.asyncProperty(
      panArb,
      fc.integer({ min: 1, max: 99_999_999_999 }),
      fc.uuid(),
      async ({ pan, typed }, amount, key) => {
        const r = await api(
          post(
            { merchant_id: 'm-1', amount_minor: amount, currency: 'USD', card: { pan: typed, expiry: '12/30' } },
            key,
          ),
        );
        assert.equal(r.statusCode, 201, r.body);
        const body = JSON.parse(r.body);
        assert.equal(body.card.masked, pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4));
        assert.deepEqual(pansIn(r.body), []);
        assert.ok(!r.body.includes(pan), 'the clear PAN is in the response');
        assert.doesNotMatch(body.card.token, /\d{4}/, 'the token carries digits of the PAN');
      },
    ),
    { numRuns: 300 },
  );
  assert.deepEqual(pansIn(logs.join('\n')), []);
  assert.deepEqual(pansIn(JSON.stringify([...store.payments.values()])), []);
});

test('a replay with the same key and body is identical; any change under that key is 409', async () => {
  const { api } = setup();
  await fc.assert(
    fc.asyncProperty(
      panArb,
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.uuid(),
      async ({ typed }, amount, delta, key) => {
        const body = {
          merchant_id: 'm-2',
          amount_minor: amount,
          currency: 'EUR',
          card: { pan: typed, expiry: '01/31' },
        };
        const first = await api(post(body, key));
        const again = await api(post(body, key));
        assert.equal(again.statusCode, 201);
        assert.equal(again.body, first.body);
        const changed = await api(post({ ...body, amount_minor: amount + delta }, key));
        assert.equal(changed.statusCode, 409);
        assert.equal(JSON.parse(changed.body).error.code, 'IDEMPOTENCY_KEY_REUSED');
      },
    ),
    { numRuns: 200 },
  );
});

test('arbitrary bodies never produce a 500 and never echo a card number', async () => {
  const { api } = setup();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.json(),
        fc.string(),
        panArb.map((p) => JSON.stringify({ card: { pan: p.pan } })),
      ),
      async (raw) => {
        const r = await api({ ...post(null, 'k-' + raw.length), body: raw });
        assert.ok(
          [201, 400, 409, 413].includes(r.statusCode),
          `${r.statusCode} for ${JSON.stringify(raw).slice(0, 80)}`,
        );
        assert.deepEqual(pansIn(r.body), []);
      },
    ),
    { numRuns: 500 },
  );
});

test('ids the API makes up are never mistaken for card numbers by a data-loss scan', async () => {
  const { scanSafeUuid } = await import('../../../src/functions/payments-api/app.ts');
  for (let i = 0; i < 20_000; i++) {
    const id = scanSafeUuid();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(findPans(id), [], id);
  }
});
