// The payments API on this machine, for its integration tests and its benchmark: a local TLS-only PostgreSQL, moto
// for Secrets Manager (the RDS-managed master secret and the token key), migrations applied, and a handler built the
// way Lambda builds it.
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { startEmulator, type Emulator } from './emulator.ts';
import { startPostgres, type LocalPostgres } from './postgres.ts';
import { buildHandler } from '../functions/payments-api/handler.ts';
import { migrate } from '../functions/payments-api/migrate.ts';
import type { ApiLogger } from '../functions/payments-api/app.ts';

export interface LocalPaymentsApi {
  db: LocalPostgres;
  emulator: Emulator;
  env: NodeJS.ProcessEnv;
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
  const dbSecret = await sm.send(
    new CreateSecretCommand({
      Name: 'rds!db-local',
      SecretString: JSON.stringify({ username: db.user, password: db.password }),
    }),
  );
  const tokenSecret = await sm.send(
    new CreateSecretCommand({
      Name: 'payments-token-key-local',
      SecretString: JSON.stringify({ version: 1, key: randomBytes(32).toString('base64') }),
    }),
  );
  const admin = async () => {
    const client = new pg.Client({
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.user,
      password: db.password,
      ssl: { rejectUnauthorized: true, ca: db.ca },
    });
    await client.connect();
    return client;
  };
  const c = await admin();
  await migrate(c);
  await c.end();
  const env: NodeJS.ProcessEnv = {
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_NAME: db.database,
    DB_SECRET_ARN: dbSecret.ARN!,
    TOKEN_KEY_SECRET_ARN: tokenSecret.ARN!,
    DB_CA_PATH: caPath,
  };
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
