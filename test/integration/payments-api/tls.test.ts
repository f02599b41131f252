// The database only speaks verified TLS: the server refuses plaintext, and our client refuses a server whose
// certificate its CA did not sign or whose name does not match, and cannot be configured to skip verification.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { makeCertificates, startPostgres, type LocalPostgres } from '../../../src/local/postgres.ts';
import {
  GENERATED_MODULE,
  loadMigrations,
  migrate,
  renderMigrationsModule,
} from '../../../src/functions/payments-api/migrate.ts';
import { PgPaymentStore, verifiedTls } from '../../../src/functions/payments-api/store.ts';
import { StoreTlsError, StoreUnavailableError } from '../../../src/functions/payments-api/errors.ts';
import { once } from '../../../src/functions/payments-api/config.ts';

describe('TLS-only PostgreSQL', () => {
  let db: LocalPostgres;
  before(async () => {
    db = await startPostgres();
  });
  after(async () => {
    await db?.stop();
  });
  const base = () => ({
    host: db.host,
    port: db.port,
    database: db.database,
    user: db.user,
    password: db.password,
    connectionTimeoutMillis: 3000,
  });

  test('a connection without TLS is refused by the server (pg_hba.conf has only hostssl lines)', async () => {
    const client = new pg.Client({ ...base(), ssl: false });
    await assert.rejects(client.connect(), (error: Error) => {
      assert.match(error.message, /no pg_hba\.conf entry .*no encryption/);
      return true;
    });
    await client.end().catch(() => undefined);
  });

  test('a verified TLS connection with the start-up CA succeeds and really is TLS', async () => {
    const client = new pg.Client({ ...base(), ssl: verifiedTls(db.ca) });
    await client.connect();
    const { rows } = await client.query('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await client.end();
    assert.equal(rows[0].ssl, true);
    assert.match(rows[0].version, /^TLSv1\.[23]$/);
  });

  test('our client refuses a server whose certificate another CA signed (no verification-off path)', async () => {
    // An impostor that answers the PostgreSQL SSLRequest with "S" and then presents a certificate from its own CA.
    const dir = mkdtempSync(join(tmpdir(), 'enclave-impostor-'));
    const certs = makeCertificates(dir, 'impostor-ca');
    const tls = createTlsServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) });
    let handshakes = 0;
    const tcp = createTcpServer((socket) => {
      socket.once('data', () => {
        socket.write('S');
        handshakes++;
        tls.emit('connection', socket);
      });
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      const port = (tcp.address() as AddressInfo).port;
      const client = new pg.Client({ ...base(), port, ssl: verifiedTls(db.ca) });
      await assert.rejects(client.connect(), /self[- ]signed|unable to verify|certificate/i);
      await client.end().catch(() => undefined);
      assert.equal(handshakes, 1, 'the client reached the TLS handshake and refused there');
      // Through the store, the refusal is a StoreTlsError: 503 to the caller, an encryption-violation log line.
      const store = new PgPaymentStore({
        host: db.host,
        port,
        database: db.database,
        ca: db.ca,
        credentials: { get: async () => ({ username: db.user, password: db.password }), stale: () => undefined },
      });
      await assert.rejects(store.ping(), StoreTlsError);
      await store.close();
      // The same impostor is accepted only by a client that turns verification off, which our code cannot do:
      const naive = new pg.Client({
        ...base(),
        port,
        ssl: { rejectUnauthorized: false },
        connectionTimeoutMillis: 300,
      });
      await assert.rejects(naive.connect()); // it then fails only because the impostor speaks no PostgreSQL
      await naive.end().catch(() => undefined);
      assert.equal(handshakes, 3);
    } finally {
      tcp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('our client refuses the real server under a name its certificate does not carry', async () => {
    const client = new pg.Client({ ...base(), ssl: verifiedTls(db.ca, 'db.example.internal') });
    await assert.rejects(client.connect(), /altnames|Hostname|does not match/i);
    await client.end().catch(() => undefined);
  });

  test('the store builds only verified TLS and refuses to start without a CA', () => {
    assert.deepEqual(verifiedTls(db.ca), { rejectUnauthorized: true, ca: db.ca });
    assert.throws(() => verifiedTls(''), /CA bundle/);
    const store = new PgPaymentStore({
      host: db.host,
      port: db.port,
      database: db.database,
      ca: db.ca,
      credentials: { get: async () => ({ username: db.user, password: db.password }), stale: () => undefined },
    });
    const ssl = store.pool.options.ssl as { rejectUnauthorized: boolean };
    assert.equal(ssl.rejectUnauthorized, true);
    return store.close();
  });

  test('wrong credentials are 503-class and ask for the secret again (rotation)', async () => {
    let fetches = 0;
    const store = new PgPaymentStore({
      host: db.host,
      port: db.port,
      database: db.database,
      ca: db.ca,
      // Cached like the handler caches it: the first read is the pre-rotation secret.
      credentials: once(async () => {
        fetches++;
        return { username: db.user, password: fetches === 1 ? 'rotated-away' : db.password };
      }),
    });
    await assert.rejects(store.ping(), StoreUnavailableError);
    await store.ping();
    await store.close();
    assert.equal(fetches, 2);
  });

  test('migrations apply once, are recorded, and an edited applied migration stops the run', async () => {
    const client = new pg.Client({ ...base(), ssl: verifiedTls(db.ca) });
    await client.connect();
    try {
      const migrations = loadMigrations();
      assert.deepEqual(
        await migrate(client, migrations),
        migrations.map((m) => m.version),
      );
      assert.deepEqual(await migrate(client, migrations), []);
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
      await assert.rejects(migrate(client, edited), /changed after it was applied/);
      // The schema itself refuses a clear PAN where the mask goes.
      await assert.rejects(
        client.query(`INSERT INTO payments (id, merchant_id, amount_minor, currency, card_token, card_masked, card_brand, card_expiry)
          VALUES (gen_random_uuid(), 'm', 1, 'EUR', 'tok_v1_${'A'.repeat(32)}', '4111111111111111', 'visa', '12/39')`),
        /card_masked_check/,
      );
    } finally {
      await client.end();
    }
  });
});

test('migration files are numbered without gaps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-mig-'));
  try {
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1;');
    assert.throws(() => loadMigrations(dir), /without gaps/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the migrations bundled into the function are db/migrations as they are now', () => {
  assert.equal(
    readFileSync(GENERATED_MODULE, 'utf8'),
    renderMigrationsModule(),
    'stale: run `npx tsx src/functions/payments-api/migrate.ts --generate`',
  );
});

test('as root, the cluster runs as the first existing unprivileged user (nobody on an image without postgres)', {
  skip: process.getuid?.() === 0 ? false : 'only meaningful when the tests run as root',
}, async () => {
  const db = await startPostgres({ osUsers: ['enclave-no-such-user', 'nobody'] });
  try {
    const client = new pg.Client({
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.user,
      password: db.password,
      ssl: verifiedTls(db.ca),
    });
    await client.connect();
    const { rows } = await client.query("SELECT current_setting('data_directory') AS dir");
    await client.end();
    const { statSync } = await import('node:fs');
    assert.equal(statSync(rows[0].dir).uid, 65534, 'the data directory belongs to nobody');
  } finally {
    await db.stop();
  }
});
