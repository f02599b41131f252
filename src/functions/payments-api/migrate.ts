// Versioned schema migrations: db/migrations/NNNN_name.sql, applied in order, each in its own transaction, under an
// advisory lock so two runners cannot interleave. The checksum of every applied file is kept; an applied migration
// whose file has since changed stops the run (fix forward with a new file, never edit history).
//
//   npx tsx src/functions/payments-api/migrate.ts      (DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD, DB_CA_PATH)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = new URL('../../../db/migrations/', import.meta.url).pathname;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const LOCK_ID = 0x656e636c; // "encl"

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/**
 * The source of migrations.generated.ts, which carries the same files into the Lambda bundle (the function applies
 * them on a `{"action":"migrate"}` invocation: in a VPC without internet nothing else can reach the database).
 * Regenerate with `npx tsx src/functions/payments-api/migrate.ts --generate`; a test fails when it is stale.
 */
export function renderMigrationsModule(migrations = loadMigrations()): string {
  return (
    '// Generated from db/migrations by `npx tsx src/functions/payments-api/migrate.ts --generate`. Do not edit.\n' +
    "import type { Migration } from './migrate.ts';\n\n" +
    `export const MIGRATIONS: Migration[] = ${JSON.stringify(migrations, null, 2)};\n`
  );
}

export const GENERATED_MODULE = new URL('./migrations.generated.ts', import.meta.url).pathname;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 0001, 0002… without gaps: found ${m.version} at ${i + 1}`);
  });
  return migrations;
}

/** Applies every pending migration. Returns the versions applied by this run. */
export async function migrate(client: pg.ClientBase, migrations = loadMigrations()): Promise<number[]> {
  const applied: number[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of migrations) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum)
          throw new Error(`migration ${m.version} (${m.name}) was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]);
  }
  return applied;
}

async function main(): Promise<void> {
  if (process.argv.includes('--generate')) {
    writeFileSync(GENERATED_MODULE, renderMigrationsModule());
    console.log(`wrote ${GENERATED_MODULE}`);
    return;
  }
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const client = new pg.Client({
    host: env('DB_HOST'),
    port: Number(process.env.DB_PORT ?? 5432),
    database: env('DB_NAME'),
    user: env('DB_USER'),
    password: env('DB_PASSWORD'),
    ssl: { rejectUnauthorized: true, ca: readFileSync(env('DB_CA_PATH'), 'utf8') },
  });
  await client.connect();
  try {
    const applied = await migrate(client);
    console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`migrate: ${error.message}`);
    process.exit(1);
  });
}
