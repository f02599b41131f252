// The stack's metric filters must count lines that really exist: each pattern in monitoring.tf is matched against
// the lines a real PostgreSQL (with the parameter group's log_connections and a TLS-only pg_hba) and the real
// function (through the Powertools logger it runs with in Lambda) write when the event happens.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import pg from 'pg';
import { buildHandler } from '../../../src/functions/payments-api/handler.ts';
import { makeCertificates } from '../../../src/local/postgres.ts';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { get, payment, post, startFixture, type Fixture } from '../../integration/payments-api/fixture.ts';

const STACK = new URL('../../../infra/terraform/stacks/payment-api/', import.meta.url).pathname;

/**
 * The two CloudWatch Logs filter-pattern forms the stack uses: quoted terms that must all occur (unstructured
 * logs), and `{ $.field = "value" }` on JSON events. Anything else throws, so a new pattern cannot pass unchecked.
 */
export function matches(pattern: string, line: string): boolean {
  const json = /^\{\s*\$\.([A-Za-z0-9_]+)\s*=\s*"([^"*]*)"\s*\}$/.exec(pattern.trim());
  if (json) {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return false;
    }
    return event[json[1]!] === json[2];
  }
  const terms = [...pattern.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  if (terms.length === 0 || pattern.replace(/"[^"]+"/g, '').trim() !== '')
    throw new Error(`unsupported filter pattern: ${pattern}`);
  return terms.every((t) => line.includes(t));
}

interface Filter {
  name: string;
  pattern: string;
  logGroup: string;
}

async function stackFilters(): Promise<Map<string, Filter>> {
  const stack = await loadTerraform(STACK, { vars: { external_id: 'test-external-id-0123456789' } });
  const filters = new Map<string, Filter>();
  for (const r of stack.resources) {
    if (r.type !== 'aws_cloudwatch_log_metric_filter') continue;
    const a = r.attributes as Record<string, unknown>;
    if (typeof a.pattern !== 'string' || typeof a.name !== 'string') continue;
    const key = /^mf-(.+)-payment-api-/.exec(a.name)?.[1] ?? a.name;
    filters.set(key, { name: a.name, pattern: a.pattern, logGroup: String(a.log_group_name) });
  }
  return filters;
}

/** What the function prints: Powertools writes INFO to stdout and ERROR to stderr, one JSON event per line. */
function captureOutput(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l.trim() !== ''),
      );
      return true;
    }) as typeof stream.write;
  }
  return {
    lines,
    restore: () => streams.forEach((s, i) => void (s.write = originals[i]!)),
  };
}

describe('payment-api metric filters match the lines the events really write', () => {
  let f: Fixture;
  let filters: Map<string, Filter>;
  const functionLines: string[] = [];
  let dbLog = '';

  before(async () => {
    [f, filters] = await Promise.all([startFixture(), stackFilters()]);
    // Database side: a plaintext attempt (refused by hostssl-only pg_hba, as rds.force_ssl does) and a bad password.
    const base = { host: f.db.host, port: f.db.port, database: f.db.database, user: f.db.user };
    const plain = new pg.Client({ ...base, password: f.db.password, ssl: false });
    await plain.connect().catch(() => undefined);
    await plain.end().catch(() => undefined);
    const wrong = new pg.Client({
      ...base,
      password: 'not-the-password',
      ssl: { rejectUnauthorized: true, ca: f.db.ca },
    });
    await wrong.connect().catch(() => undefined);
    await wrong.end().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    dbLog = f.db.logs();

    // Function side, through the Powertools logger the function uses in Lambda.
    const capture = captureOutput();
    const dir = mkdtempSync(join(tmpdir(), 'enclave-alarm-'));
    try {
      const logger = new Logger({ serviceName: 'payments-api' });
      const api = buildHandler({ env: f.env, secrets: f.emulator.clientConfig, logger });
      assert.equal((await api(post(payment(), randomUUID()))).statusCode, 201);
      // A certificate from another CA: the client refuses it.
      const other = makeCertificates(dir, 'other-ca');
      writeFileSync(join(dir, 'other-ca.pem'), other.caPem);
      const spoofed = buildHandler({
        env: { ...f.env, DB_CA_PATH: join(dir, 'other-ca.pem') },
        secrets: f.emulator.clientConfig,
        logger,
      });
      assert.equal((await spoofed(get('/health'))).statusCode, 503);
      // A bug-class failure: the table is gone.
      const admin = await f.admin();
      await admin.query('ALTER TABLE payments RENAME TO payments_moved');
      assert.equal((await api(get(`/payments/${randomUUID()}`))).statusCode, 500);
      await admin.query('ALTER TABLE payments_moved RENAME TO payments');
      await admin.end();
      // The database down.
      await f.db.stopServer();
      assert.equal((await api(get('/health'))).statusCode, 503);
      await f.db.start();
      await Promise.all([api.close(), spoofed.close()]);
    } finally {
      capture.restore();
      rmSync(dir, { recursive: true, force: true });
    }
    functionLines.push(...capture.lines);
  });
  after(async () => {
    await f?.stop();
  });

  const expectations: [string, 'db' | 'function', RegExp][] = [
    ['failed-authentication', 'db', /password authentication failed for user/],
    ['db-encryption-violation', 'db', /no pg_hba\.conf entry for host .*no encryption/],
    ['client-encryption-violation', 'function', /database TLS verification failed/],
    ['rds-connection-failure', 'function', /database unavailable/],
    ['application-error', 'function', /unexpected error/],
  ];

  test('the stack defines exactly the filters checked here', () => {
    assert.deepEqual([...filters.keys()].sort(), expectations.map((e) => e[0]).sort());
  });

  for (const [key, source, event] of expectations) {
    test(`${key}: the pattern counts the real line and nothing from a healthy request`, () => {
      const filter = filters.get(key);
      assert.ok(filter, `no metric filter ${key}`);
      const lines = source === 'db' ? dbLog.split('\n') : functionLines;
      const hits = lines.filter((l) => matches(filter.pattern, l));
      assert.ok(hits.length >= 1, `${key}: pattern ${filter.pattern} matched none of ${lines.length} ${source} lines`);
      for (const h of hits) assert.match(h, event, `${key} matched an unrelated line: ${h}`);
      assert.match(filter.logGroup, source === 'db' ? /\/aws\/rds\/instance\/.*\/postgresql$/ : /^\/aws\/lambda\//);
    });
  }

  test('the matcher is not vacuous', () => {
    assert.equal(matches('{ $.message = "database unavailable" }', '{"message":"request","status":201}'), false);
    assert.equal(
      matches('"no pg_hba.conf entry" "no encryption"', 'FATAL:  no pg_hba.conf entry for host "1.2.3.4"'),
      false,
    );
    assert.throws(() => matches('[ip, user]', 'x'), /unsupported/);
  });
});
