// What the hostile-input campaign of issue 14 found in the payments API, each as a regression test against the real
// PostgreSQL: card numbers spelt to slip past the old detector in `reference` and `merchant_id`, card numbers in
// Idempotency-Key headers, a NUL in `reference`, and a database with TLS switched off.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildHandler } from '../../../src/functions/payments-api/handler.ts';
import { sightings } from '../independent-pan-scan.ts';
import { payment, post, startFixture, type Fixture } from './fixture.ts';

const VISA = '4111111111111111';
const body = (r: { body: string }) => JSON.parse(r.body) as Record<string, any>;

describe('payments API: hostile input (issue 14)', () => {
  let f: Fixture;
  let api: ReturnType<Fixture['handler']>;
  before(async () => {
    f = await startFixture();
    api = f.handler();
  });
  after(async () => {
    await f?.stop();
  });

  // Leak path 5: each spelling used to be stored and returned in clear with 201.
  const SPELLINGS = [
    '4111.1111.1111.1111',
    '4111_1111_1111_1111',
    '4111/1111/1111/1111',
    '4111  1111  1111  1111',
    '4111\t1111\t1111\t1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '4111\u200b1111\u200b1111\u200b1111',
    '４１１１１１１１１１１１１１１１',
    'order 4111 1111 1111 1111 12/29',
  ];

  test('a card number in `reference` or `merchant_id`, however spelt, is refused (400 PAN_IN_OTHER_FIELD) and stored nowhere', async () => {
    for (const spelt of SPELLINGS) {
      const r = await api(post(payment({ reference: `ref ${spelt}` }), randomUUID()));
      assert.equal(r.statusCode, 400, `${JSON.stringify(spelt)}: ${r.body}`);
      assert.deepEqual(body(r).error.details, [{ field: 'reference', reason: 'PAN_IN_OTHER_FIELD' }]);
      assert.deepEqual(sightings([VISA], 'response', r), []);
    }
    // merchant_id only takes [A-Za-z0-9._:-]: the spellings that fit it.
    for (const spelt of [
      '4111.1111.1111.1111',
      '4111_1111_1111_1111',
      'm:4111:1111:1111:1111',
      'm-4111-1111-1111-1111',
    ]) {
      const r = await api(post(payment({ merchant_id: spelt }), randomUUID()));
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(body(r).error.details, [{ field: 'merchant_id', reason: 'PAN_IN_OTHER_FIELD' }]);
    }
    assert.deepEqual(sightings([VISA], 'tables', await f.rows()), []);
  });

  // Leak path 6: the header used to be stored verbatim in idempotency_keys.
  test('an Idempotency-Key holding a card number works as a key and is stored only as a keyed hash', async () => {
    for (const key of [VISA, '4111-1111-1111-1111', `order-${VISA}`]) {
      const first = await api(post(payment({ amount_minor: 777 }), key));
      assert.equal(first.statusCode, 201, first.body);
      const replay = await api(post(payment({ amount_minor: 777 }), key));
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers?.['idempotent-replayed'], 'true');
      assert.equal(body(replay).id, body(first).id);
      assert.equal((await api(post(payment({ amount_minor: 778 }), key))).statusCode, 409);
    }
    const rows = await f.rows();
    const keys = rows.idempotency_keys!.map((j) => JSON.parse(j) as Record<string, unknown>);
    assert.ok(keys.length >= 3);
    for (const k of keys)
      assert.deepEqual(Object.keys(k).sort(), ['created_at', 'key_hash', 'payment_id', 'request_fingerprint']);
    assert.deepEqual(sightings([VISA], 'tables', rows), []);
    assert.deepEqual(sightings([VISA], 'logs', f.logs), []);
  });

  test('a NUL in `reference` is a 400 naming the field, not a 500 from PostgreSQL', async () => {
    for (const reference of ['order\u0000 42', '\u0000', 'bad \ud800 surrogate']) {
      const r = await api(post(payment({ reference }), randomUUID()));
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(body(r).error.code, 'VALIDATION_FAILED');
      assert.deepEqual(body(r).error.details, [{ field: 'reference', reason: 'INVALID_CHARACTER' }]);
    }
  });

  test('a request id holding a card number (a direct invocation) is echoed and logged only masked', async () => {
    const event = post(payment({ card: { pan: '4111 1111 1111', expiry: '12/39' } }), randomUUID());
    event.requestContext = { requestId: `req-4111.1111.1111.1111` };
    const r = await api(event);
    assert.equal(r.statusCode, 400);
    assert.equal(body(r).error.request_id, 'req-411111******1111');
    assert.deepEqual(sightings([VISA], 'logs', f.logs), []);
  });

  test('a database with TLS switched off: 503 and the "database TLS verification failed" line, not 500 "unexpected error"', async () => {
    // PostgreSQL with ssl=off answers a client's SSLRequest with a single "N" (protocol docs, "SSL Session
    // Encryption"); this stand-in does exactly that, and would speak plaintext next, which our client refuses.
    const server = createServer((socket) => {
      socket.once('data', () => socket.write('N'));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const logger = {
      info: (message: string, fields: Record<string, unknown>) =>
        void lines.push(JSON.stringify({ level: 'INFO', message, ...fields })),
      error: (message: string, fields: Record<string, unknown>) =>
        void lines.push(JSON.stringify({ level: 'ERROR', message, ...fields })),
    };
    const plaintext = buildHandler({
      env: { ...f.env, DB_PORT: String((server.address() as AddressInfo).port) },
      secrets: f.emulator.clientConfig,
      logger,
    });
    try {
      for (const event of [
        post(payment(), randomUUID()),
        { ...post(payment(), randomUUID()), httpMethod: 'GET', path: '/health', body: null },
      ]) {
        const r = await plaintext(event);
        assert.equal(r.statusCode, 503, r.body);
        assert.equal(body(r).error.code, 'SERVICE_UNAVAILABLE');
      }
      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 'ERROR');
      assert.deepEqual([...new Set(errors.map((l) => l.message))], ['database TLS verification failed']);
    } finally {
      await plaintext.close();
      server.close();
    }
  });
});
