// The payments API on this machine, for its integration tests and its benchmark: a local TLS-only PostgreSQL (its
// superuser plays RDS's master user), moto for Secrets Manager (the master secret, the migration and application roles'
// secrets, the token key), the database migrated by the payments-migrate function's code (roles first, as the master;
// migrations as the migration role), and an API handler built the way Lambda builds it, logging in as the application
// role.
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { startEmulator, type Emulator } from './emulator.ts';
import { startPostgres, type LocalPostgres } from './postgres.ts';
import { buildHandler } from '../functions/payments-api/handler.ts';
import { buildMigrator } from '../functions/payments-migrate/handler.ts';
import type { ApiLogger } from '../functions/payments-api/app.ts';

/** The two roles the migration function creates; their passwords are random per fixture. */
export const ROLES = { migration: 'payments_migrator', application: 'payments_app' } as const;

export interface LocalPaymentsApi {
  db: LocalPostgres;
  emulator: Emulator;
  /** The API function's environment (DB_SECRET_ARN: the application role's secret). */
  env: NodeJS.ProcessEnv;
  /** The migration function's environment. */
  migrateEnv: NodeJS.ProcessEnv;
  /** The application and migration roles' logins, as their secrets hold them. */
  logins: { application: { username: string; password: string }; migration: { username: string; password: string } };
  /** Runs the migration function's code once more (roles, then migrations). */
  migrate(): ReturnType<ReturnType<typeof buildMigrator>['run']>;
  /** A client logged in as the given role (over verified TLS). */
  connectAs(login: { username: string; password: string }): Promise<pg.Client>;
  logs: string[];
  logger: ApiLogger;
  admin(): Promise<pg.Client>;
  /** Every row of every table, as PostgreSQL renders it to JSON, by table. */
  rows(): Promise<Record<string, string[]>>;
  handler(poolSize?: number): ReturnType<typeof buildHandler>;
  stop(): Promise<void>;
}

export async function startLocalPaymentsApi(settings?: Record<string, string>): Promise<LocalPaymentsApi> {
  const [db, emulator] = await Promise.all([startPostgres(settings ? { settings } : {}), startEmulator()]);
  const dir = mkdtempSync(join(tmpdir(), 'enclave-api-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, db.ca);
  const sm = new SecretsManagerClient(emulator.clientConfig);
  const secret = async (Name: string, value: object) =>
    (await sm.send(new CreateSecretCommand({ Name, SecretString: JSON.stringify(value) }))).ARN!;
  const logins = {
    application: { username: ROLES.application, password: randomBytes(24).toString('base64url') },
    migration: { username: ROLES.migration, password: randomBytes(24).toString('base64url') },
  };
  const masterSecret = await secret('rds!db-local', { username: db.user, password: db.password });
  const migratorSecret = await secret('payments-db-migrator-local', logins.migration);
  const appSecret = await secret('payments-db-app-local', logins.application);
  const tokenSecret = await secret('payments-token-key-local', { version: 1, key: randomBytes(32).toString('base64') });
  const connectAs = async (login: { username: string; password: string }) => {
    const client = new pg.Client({
      host: db.host,
      port: db.port,
      database: db.database,
      user: login.username,
      password: login.password,
      ssl: { rejectUnauthorized: true, ca: db.ca },
    });
    await client.connect();
    return client;
  };
  const admin = () => connectAs({ username: db.user, password: db.password });
  const common = { DB_HOST: db.host, DB_PORT: String(db.port), DB_NAME: db.database, DB_CA_PATH: caPath };
  const migrateEnv: NodeJS.ProcessEnv = {
    ...common,
    DB_MASTER_SECRET_ARN: masterSecret,
    DB_MIGRATOR_SECRET_ARN: migratorSecret,
    DB_APP_SECRET_ARN: appSecret,
  };
  const migrate = () =>
    buildMigrator({ env: migrateEnv, secrets: emulator.clientConfig, logger: { info: () => undefined } }).run();
  await migrate();
  const env: NodeJS.ProcessEnv = { ...common, DB_SECRET_ARN: appSecret, TOKEN_KEY_SECRET_ARN: tokenSecret };
  const logs: string[] = [];
  const logger: ApiLogger = {
    info: (message, fields) => void logs.push(JSON.stringify({ level: 'INFO', message, ...fields })),
    error: (message, fields) => void logs.push(JSON.stringify({ level: 'ERROR', message, ...fields })),
  };
  const handlers: ReturnType<typeof buildHandler>[] = [];
  const rows = async () => {
    const client = await admin();
    try {
      const tables = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
        (r) => r.tablename as string,
      );
      const out: Record<string, string[]> = {};
      for (const t of tables)
        out[t] = (await client.query(`SELECT row_to_json(x)::text AS j FROM ${t} x`)).rows.map((r) => r.j as string);
      return out;
    } finally {
      await client.end();
    }
  };
  return {
    db,
    emulator,
    env,
    migrateEnv,
    logins,
    migrate,
    connectAs,
    logs,
    logger,
    admin,
    rows,
    handler(poolSize = 1) {
      const h = buildHandler({ env, secrets: emulator.clientConfig, logger, poolSize });
      handlers.push(h);
      return h;
    },
    async stop() {
      await Promise.all(handlers.map((h) => h.close().catch(() => undefined)));
      await Promise.all([db.stop(), emulator.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
