// The payments database's roles on a real PostgreSQL (issue 15, defect 10; PCI DSS 7.2.5): the API logs in as an
// application role that may only SELECT and INSERT on its two tables, the migrations run as a migration role that
// owns the schema, and the master user only creates and maintains those two. The old form — the API and the
// migrations as the master — is what `enclave verify` refuses (test/verifier/defects).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { APPLICATION_GRANTS, ensureRoles, scramVerifier } from '../../../src/functions/payments-api/roles.ts';
import { migrate } from '../../../src/functions/payments-api/migrate.ts';
import { startPostgres } from '../../../src/local/postgres.ts';
import { payment, post, ROLES, startFixture, type Fixture } from './fixture.ts';

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string, values: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

describe('payments database roles (log_statement = ddl, as on RDS)', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture({ log_statement: 'ddl' });
  });
  after(async () => {
    await f?.stop();
  });

  test('the API logs in as the application role, which is no superuser and may create nothing', async () => {
    const api = f.handler();
    const created = await api(post(payment(), randomUUID()));
    assert.equal(created.statusCode, 201, created.body);
    const admin = await f.admin();
    try {
      const sessions = (
        await admin.query("SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'payments-api'")
      ).rows.map((r) => r.usename);
      assert.deepEqual(sessions, [ROLES.application]);
      const role = (
        await admin.query(
          'SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1',
          [ROLES.application],
        )
      ).rows[0];
      assert.deepEqual(role, {
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolreplication: false,
        rolbypassrls: false,
      });
      const memberships = (
        await admin.query(
          'SELECT b.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles b ON b.oid = m.roleid WHERE r.rolname = $1',
          [ROLES.application],
        )
      ).rows;
      assert.deepEqual(memberships, [], 'the application role is a member of no role');
    } finally {
      await admin.end();
      await api.close();
    }
  });

  test('the application role has exactly SELECT and INSERT on its two tables: no UPDATE, DELETE, TRUNCATE, DDL or other table', async () => {
    const app = await f.connectAs(f.logins.application);
    try {
      assert.equal(await outcome(app, 'SELECT count(*) FROM payments'), 'ok');
      assert.equal(await outcome(app, 'SELECT count(*) FROM idempotency_keys'), 'ok');
      for (const sql of [
        "UPDATE payments SET status = 'accepted'",
        'DELETE FROM payments',
        'TRUNCATE payments',
        'DELETE FROM idempotency_keys',
        'SELECT * FROM schema_migrations',
        'CREATE TABLE exfiltration (x text)',
        'ALTER TABLE payments ADD COLUMN pan text',
        'DROP TABLE payments',
        'CREATE INDEX ON payments (reference)',
        'CREATE ROLE intruder',
      ]) {
        assert.equal(await outcome(app, sql), INSUFFICIENT_PRIVILEGE, sql);
      }
      // Without the grant option PostgreSQL only warns ("no privileges were granted"): nothing may change.
      await app.query('GRANT SELECT ON payments TO PUBLIC');
      assert.equal(
        (
          await app.query(
            "SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_name = 'payments'",
          )
        ).rows[0].n,
        0,
      );
      const privileges = (
        await app.query(
          `SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) AS p FROM information_schema.role_table_grants
          WHERE grantee = $1 GROUP BY table_name ORDER BY table_name`,
          [ROLES.application],
        )
      ).rows.map((r) => `${r.table_name}:${r.p}`);
      assert.deepEqual(
        privileges,
        Object.entries(APPLICATION_GRANTS)
          .map(([t, p]) => `${t}:${[...p].sort().join(',')}`)
          .sort(),
      );
    } finally {
      await app.end();
    }
  });

  test('the application role reads no other schema and creates nothing in one', async () => {
    const admin = await f.admin();
    try {
      await admin.query('CREATE SCHEMA IF NOT EXISTS reporting');
      await admin.query('CREATE TABLE IF NOT EXISTS reporting.settlements (id int)');
    } finally {
      await admin.end();
    }
    const app = await f.connectAs(f.logins.application);
    try {
      assert.equal(await outcome(app, 'SELECT count(*) FROM reporting.settlements'), INSUFFICIENT_PRIVILEGE);
      assert.equal(await outcome(app, 'CREATE TABLE reporting.copy (x text)'), INSUFFICIENT_PRIVILEGE);
      assert.equal(await outcome(app, 'CREATE SCHEMA stash'), INSUFFICIENT_PRIVILEGE);
      assert.equal(await outcome(app, 'SELECT rolpassword FROM pg_authid'), INSUFFICIENT_PRIVILEGE);
    } finally {
      await app.end();
    }
  });

  test('every table belongs to the migration role, which is no superuser either', async () => {
    const admin = await f.admin();
    try {
      const owners = (
        await admin.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
      ).rows.map((r) => r.tableowner);
      assert.deepEqual(owners, [ROLES.migration]);
      const role = (
        await admin.query('SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1', [
          ROLES.migration,
        ])
      ).rows[0];
      assert.deepEqual(role, { rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    } finally {
      await admin.end();
    }
  });

  test('APPLICATION_GRANTS names exactly the tables the migrations create (besides their own ledger)', async () => {
    const admin = await f.admin();
    try {
      const tables = (
        await admin.query(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
        )
      ).rows.map((r) => r.tablename);
      assert.deepEqual(tables, Object.keys(APPLICATION_GRANTS).sort());
    } finally {
      await admin.end();
    }
  });

  test('no role password reaches the server log in clear, though every ALTER ROLE is logged', async () => {
    await f.migrate();
    const logs = f.db.logs();
    assert.match(
      logs,
      /ALTER ROLE "payments_app" WITH .* PASSWORD 'SCRAM-SHA-256\$4096:/,
      'the DDL is logged (log_statement = ddl)',
    );
    for (const login of Object.values(f.logins))
      assert.ok(!logs.includes(login.password), `${login.username}'s password is in the log`);
  });

  test('a rotated application password: new secret value, migrations run, the API re-reads its secret after one failed login', async () => {
    const api = f.handler();
    try {
      assert.equal((await api(post(payment(), randomUUID()))).statusCode, 201);
      const password = `${f.logins.application.password}-rotated`;
      await new SecretsManagerClient(f.emulator.clientConfig).send(
        new PutSecretValueCommand({
          SecretId: f.env.DB_SECRET_ARN!,
          SecretString: JSON.stringify({ username: ROLES.application, password }),
        }),
      );
      await f.migrate();
      // The pooled connection still works; a new one fails once with the cached password, then the secret is re-read.
      const admin = await f.admin();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'payments-api'",
      );
      await admin.end();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(post(payment(), randomUUID()))).statusCode);
      assert.equal(statuses.at(-1), 201, `statuses after rotation: ${statuses.join(', ')}`);
      f.logins.application.password = password;
    } finally {
      await api.close();
    }
  });
});

describe('a database migrated by the master user before the roles existed (the old form), upgraded', () => {
  test('the tables move to the migration role and the application role gets its grants', async () => {
    const db = await startPostgres();
    const asMaster = new pg.Client({
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.user,
      password: db.password,
      ssl: { rejectUnauthorized: true, ca: db.ca },
    });
    await asMaster.connect();
    try {
      await migrate(asMaster); // the old form: migrations as the master
      assert.deepEqual(
        (await asMaster.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).rows.map(
          (r) => r.tableowner,
        ),
        [db.user],
      );
      await ensureRoles(asMaster, {
        database: db.database,
        migrator: { username: ROLES.migration, password: 'migration-secret-1' },
        application: { username: ROLES.application, password: 'application-secret-1' },
      });
      assert.deepEqual(
        (await asMaster.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).rows.map(
          (r) => r.tableowner,
        ),
        [ROLES.migration],
      );
    } finally {
      await asMaster.end();
      await db.stop();
    }
  });

  test('the roles refuse to be the master user, or each other', async () => {
    const db = await startPostgres();
    const asMaster = new pg.Client({
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.user,
      password: db.password,
      ssl: { rejectUnauthorized: true, ca: db.ca },
    });
    await asMaster.connect();
    try {
      await assert.rejects(
        ensureRoles(asMaster, {
          database: db.database,
          migrator: { username: db.user, password: 'x1' },
          application: { username: ROLES.application, password: 'x2' },
        }),
        /master user cannot be the migration or application role/,
      );
      await assert.rejects(
        ensureRoles(asMaster, {
          database: db.database,
          migrator: { username: ROLES.application, password: 'x1' },
          application: { username: ROLES.application, password: 'x2' },
        }),
        /must differ/,
      );
      await assert.rejects(
        ensureRoles(asMaster, {
          database: db.database,
          migrator: { username: 'Robert"; DROP TABLE payments; --', password: 'x1' },
          application: { username: ROLES.application, password: 'x2' },
        }),
        /lower-case identifier/,
      );
    } finally {
      await asMaster.end();
      await db.stop();
    }
  });
});

describe('scramVerifier', () => {
  test("matches PostgreSQL's verifier for the same salt (a login with it succeeds)", async () => {
    const db = await startPostgres();
    const admin = new pg.Client({
      host: db.host,
      port: db.port,
      database: 'postgres',
      user: db.user,
      password: db.password,
      ssl: { rejectUnauthorized: true, ca: db.ca },
    });
    await admin.connect();
    try {
      await admin.query(
        `CREATE ROLE probe LOGIN PASSWORD ${pg.escapeLiteral(scramVerifier('correct horse battery staple'))}`,
      );
      const stored = (await admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'probe'")).rows[0]
        .rolpassword as string;
      assert.match(stored, /^SCRAM-SHA-256\$4096:/);
      const login = async (password: string) => {
        const c = new pg.Client({
          host: db.host,
          port: db.port,
          database: 'postgres',
          user: 'probe',
          password,
          ssl: { rejectUnauthorized: true, ca: db.ca },
        });
        try {
          await c.connect();
          return 'ok';
        } catch (error) {
          return (error as { code?: string }).code;
        } finally {
          await c.end().catch(() => undefined);
        }
      };
      assert.equal(await login('correct horse battery staple'), 'ok');
      assert.equal(await login('wrong'), '28P01');
    } finally {
      await admin.end();
      await db.stop();
    }
  });
});
