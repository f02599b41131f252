// The payments API against a real PostgreSQL over verified TLS, with its secrets in the emulator.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { findPans } from '../../../src/core/detect.ts';
import { get, payment, post, startFixture, type Fixture } from './fixture.ts';

const TEST_PANS = ['4111111111111111', '5555555555554444', '378282246310005', '2223003122003222', '6011111111111117'];

function body(response: { body: string }): Record<string, any> {
  return JSON.parse(response.body) as Record<string, any>;
}

/** Nothing the API says, logs or stores may hold a Luhn-valid card number or the test PANs' middle digits. */
function assertNoPan(text: string, where: string) {
  // Ids are random UUIDs; one with all-digit groups reads as a hyphenated digit run, so they are blanked first.
  const scanned = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'uuid');
  assert.deepEqual(
    findPans(scanned).map((f) => f.masked),
    [],
    `${where} holds a card number`,
  );
  for (const pan of TEST_PANS) assert.ok(!text.includes(pan.slice(6, -4) + pan.slice(-4)), `${where} holds PAN digits`);
}

describe('payments API over TLS PostgreSQL', () => {
  let f: Fixture;
  let api: ReturnType<Fixture['handler']>;
  before(async () => {
    f = await startFixture();
    api = f.handler();
  });
  after(async () => {
    await f?.stop();
  });

  test('the migration function applies the bundled migrations, and only once', async () => {
    assert.deepEqual(await f.migrate(), {
      applied: [],
      latest: 2,
      roles: { migration: 'payments_migrator', application: 'payments_app' },
    }); // the fixture migrated
    const c = await f.admin();
    const { rows } = await c.query('SELECT version, checksum FROM schema_migrations ORDER BY version');
    await c.end();
    assert.equal(rows.length, 2);
  });

  test('a {"action":"migrate"} event is not the API\'s: it migrates nothing', async () => {
    const r = await api({ action: 'migrate' } as never);
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body}`);
  });

  test('GET /health answers ok when the database is reachable', async () => {
    const r = await api(get('/health'));
    assert.equal(r.statusCode, 200);
    assert.deepEqual(body(r), { status: 'ok' });
  });

  test('POST /payments creates a payment holding only a token and a mask, and GET reads it back', async () => {
    const r = await api(post(payment(), randomUUID()));
    assert.equal(r.statusCode, 201, r.body);
    const created = body(r);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.card.masked, '411111******1111');
    assert.match(created.card.token, /^tok_v1_[A-Za-f]{32}$/);
    assert.equal(created.card.brand, 'visa');
    assert.equal(created.amount_minor, 1999);
    assert.equal(r.headers?.location, `/payments/${created.id}`);
    assertNoPan(r.body, 'response');

    const read = await api(get(`/payments/${created.id}`));
    assert.equal(read.statusCode, 200);
    assert.deepEqual(body(read), created);

    const again = await api(post(payment({ merchant_id: 'merchant-002' }), randomUUID()));
    assert.equal(body(again).card.token, created.card.token, 'same card, same key version: same token');
  });

  test('same Idempotency-Key and body replays the first response; no second payment is made', async () => {
    const key = randomUUID();
    const first = await api(post(payment({ amount_minor: 500 }), key));
    // Same request, keys in a different order and the PAN typed with spaces: the same payment request.
    const raw = JSON.stringify({
      reference: 'order-42',
      card: { expiry: '12/39', pan: '4111 1111 1111 1111' },
      currency: 'EUR',
      amount_minor: 500,
      merchant_id: 'merchant-001',
    });
    const second = await api(post(undefined, key, raw));
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.deepEqual(body(second), body(first));
    assert.equal(second.headers?.['idempotent-replayed'], 'true');
    const c = await f.admin();
    const { rows } = await c.query('SELECT count(*)::int AS n FROM payments WHERE amount_minor = 500');
    await c.end();
    assert.equal(rows[0].n, 1);
  });

  test('same Idempotency-Key with a different body is 409 and changes nothing', async () => {
    const key = randomUUID();
    const first = await api(post(payment({ amount_minor: 700 }), key));
    assert.equal(first.statusCode, 201);
    for (const changed of [
      payment({ amount_minor: 701 }),
      payment({ card: { pan: '5555555555554444', expiry: '12/39' } }),
    ]) {
      const r = await api(post(changed, key));
      assert.equal(r.statusCode, 409);
      assert.equal(body(r).error.code, 'IDEMPOTENCY_KEY_REUSED');
      assertNoPan(r.body, '409 response');
    }
    const read = await api(get(`/payments/${body(first).id}`));
    assert.equal(body(read).amount_minor, 700);
  });

  test('concurrent requests with one Idempotency-Key create exactly one payment', async () => {
    const key = randomUUID();
    const handlers = [f.handler(), f.handler(), f.handler(), f.handler()];
    const responses = await Promise.all(handlers.map((h) => h(post(payment({ amount_minor: 9001 }), key))));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(responses.map((r) => body(r).id)).size, 1);
  });

  test('invalid input is 400 with field reasons and never echoes the card number', async () => {
    const cases: [unknown, string, string][] = [
      [payment({ card: { pan: '4111111111111112', expiry: '12/39' } }), 'card.pan', 'PAN_LUHN'],
      [payment({ card: { pan: '4111-1111-1111-11x1', expiry: '12/39' } }), 'card.pan', 'PAN_FORMAT'],
      [payment({ card: { pan: '4111111111111111', expiry: '01/20' } }), 'card.expiry', 'CARD_EXPIRED'],
      [payment({ card: { pan: '4111111111111111', expiry: '13/30' } }), 'card.expiry', 'invalid_format'],
      [payment({ currency: 'EURO' }), 'currency', 'custom'],
      [payment({ amount_minor: 0 }), 'amount_minor', 'too_small'],
      [payment({ amount_minor: 12.5 }), 'amount_minor', 'invalid_type'],
      [payment({ reference: 'card 5555 5555 5555 4444 thanks' }), 'reference', 'PAN_IN_OTHER_FIELD'],
      [payment({ cvv: '123' }), '(body)', 'unrecognized_keys'],
      [{ ...payment(), merchant_id: undefined }, 'merchant_id', 'invalid_type'],
    ];
    for (const [input, field, reason] of cases) {
      const r = await api(post(input, randomUUID()));
      assert.equal(r.statusCode, 400, JSON.stringify({ field, reason }));
      const e = body(r).error;
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.ok(
        e.details.some((d: { field: string; reason: string }) => d.field === field && d.reason === reason),
        `${field}/${reason}: ${JSON.stringify(e.details)}`,
      );
      assertNoPan(r.body, `400 response for ${field}`);
      assert.ok(!r.body.includes('4111111111111112'));
    }
    const broken = await api(post(undefined, randomUUID(), '{"card":{"pan":"4111111111111111",'));
    assert.equal(broken.statusCode, 400);
    assert.equal(body(broken).error.code, 'INVALID_JSON');
    assertNoPan(broken.body, 'invalid JSON response');

    const noKey = await api(post(payment()));
    assert.equal(body(noKey).error.code, 'IDEMPOTENCY_KEY_REQUIRED');
    const badKey = await api(post(payment(), 'has space'));
    assert.equal(body(badKey).error.code, 'IDEMPOTENCY_KEY_INVALID');
    const xml = await api({
      ...post(payment(), randomUUID()),
      headers: { 'content-type': 'text/xml', 'idempotency-key': 'k1' },
    });
    assert.equal(xml.statusCode, 415);
    const big = await api(post(payment({ reference: 'x'.repeat(20_000) }), randomUUID()));
    assert.equal(big.statusCode, 413);
  });

  test('unknown routes, wrong methods and unknown ids are JSON errors with stable codes', async () => {
    assert.equal(body(await api(get('/nope'))).error.code, 'ROUTE_NOT_FOUND');
    const wrong = await api({ ...get('/payments'), httpMethod: 'DELETE' });
    assert.equal(wrong.statusCode, 405);
    assert.equal(body(wrong).error.code, 'METHOD_NOT_ALLOWED');
    assert.equal((await api(get(`/payments/${randomUUID()}`))).statusCode, 404);
    assert.equal((await api(get('/payments/not-a-uuid'))).statusCode, 404);
  });

  test('the database holds no card number: every row of every table', async () => {
    const c = await f.admin();
    const tables = (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
      (r) => r.tablename as string,
    );
    assert.ok(tables.includes('payments') && tables.includes('idempotency_keys'));
    let rows = 0;
    for (const t of tables) {
      const result = await c.query(`SELECT row_to_json(x)::text AS j FROM ${t} x`);
      rows += result.rowCount ?? 0;
      for (const r of result.rows) assertNoPan(r.j, `table ${t}`);
    }
    await c.end();
    assert.ok(rows > 5);
  });

  test('database down: 503 with a stable code and nothing leaked; back up: served again', async () => {
    await f.db.stopServer();
    try {
      for (const event of [post(payment(), randomUUID()), get('/health'), get(`/payments/${randomUUID()}`)]) {
        const r = await api(event);
        assert.equal(r.statusCode, 503, r.body);
        assert.equal(body(r).error.code, 'SERVICE_UNAVAILABLE');
        assert.equal(r.headers?.['retry-after'], '1');
        assert.deepEqual(Object.keys(body(r).error).sort(), ['code', 'message', 'request_id']);
        for (const leak of [String(f.db.port), '127.0.0.1', 'ECONNREFUSED', 'at ', f.db.user, 'stack']) {
          assert.ok(!r.body.includes(leak), `503 body leaks ${leak}`);
        }
      }
      // A handler that has never connected (cold start while the database is down) also answers 503.
      const cold = f.handler();
      assert.equal((await cold(post(payment(), randomUUID()))).statusCode, 503);
    } finally {
      await f.db.start();
    }
    const r = await api(post(payment(), randomUUID()));
    assert.equal(r.statusCode, 201, r.body);
  });

  test('no log line holds a card number or a secret', () => {
    assert.ok(f.logs.length > 20);
    const all = f.logs.join('\n');
    assertNoPan(all, 'logs');
    assert.ok(!all.includes(f.db.password));
    assert.ok(f.logs.some((l) => l.includes('"code":"SERVICE_UNAVAILABLE"')));
  });
});
