// POST /payments throughput and latency against the local TLS-only PostgreSQL, for 1 and 16 concurrent clients.
// Each client is one warm handler instance with its own single-connection pool: that is what N concurrent Lambda
// executions are (one request at a time per instance, one connection each). The handler is driven in-process with
// API Gateway proxy events, because API Gateway and the Lambda invoke path cannot be reproduced locally: an HTTP
// wrapper would measure a server we do not deploy. Secrets come from moto once per instance (cold start).
//   npm run bench:api            (BENCH_SECONDS=5 per concurrency by default)
import { TEST_PANS } from '../src/local/synthetic.ts';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { ProxyEvent } from '../src/functions/payments-api/app.ts';
import * as handlerModule from '../src/functions/payments-api/handler.ts';
import { startLocalPaymentsApi } from '../src/local/payments-api.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function event(i: number): ProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/payments',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      merchant_id: `merchant-${i % 50}`,
      amount_minor: 100 + (i % 10_000),
      currency: 'EUR',
      card: { pan: TEST_PANS[i % TEST_PANS.length], expiry: '12/39' },
      reference: `order-${i}`,
    }),
    isBase64Encoded: false,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fixture = await startLocalPaymentsApi();
// The function logs one JSON line per request; the bench pays for building it but does not print it.
let logBytes = 0;
const quiet = {
  info: (message: string, fields: Record<string, unknown>) =>
    void (logBytes += JSON.stringify({ level: 'INFO', message, ...fields }).length),
  error: (message: string, fields: Record<string, unknown>) =>
    void (logBytes += JSON.stringify({ level: 'ERROR', message, ...fields }).length),
};
const results: Record<string, number> = {};
try {
  for (const clients of [1, 16]) {
    const handlers = Array.from({ length: clients }, () => {
      const { buildHandler } = handlerModule;
      return buildHandler({ env: fixture.env, secrets: fixture.emulator.clientConfig, logger: quiet, poolSize: 1 });
    });
    // Warm-up: cold start (secrets, TLS connection, prepared statements) is not what is measured.
    await Promise.all(
      handlers.map(async (h, c) => {
        for (let i = 0; i < 50; i++)
          if ((await h(event(c * 1000 + i))).statusCode !== 201) throw new Error('warm-up failed');
      }),
    );
    const latencies: number[] = [];
    let errors = 0;
    let seq = 0;
    const end = performance.now() + SECONDS * 1000;
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(
      handlers.map(async (h) => {
        while (performance.now() < end) {
          const t = performance.now();
          const r = await h(event(seq++));
          latencies.push(performance.now() - t);
          if (r.statusCode !== 201) errors++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    const rps = latencies.length / elapsed;
    const round = (n: number) => Math.round(n * 100) / 100;
    results[`rps_c${clients}`] = Math.round(rps);
    results[`p50_ms_c${clients}`] = round(percentile(latencies, 50));
    results[`p99_ms_c${clients}`] = round(percentile(latencies, 99));
    console.log(
      `${clients} client(s): ${latencies.length} requests in ${elapsed.toFixed(1)} s = ${Math.round(rps)} req/s, ` +
        `p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, max ${round(latencies.at(-1)!)} ms, non-201: ${errors}, bench process CPU ${round((cpu.user + cpu.system) / 1000 / latencies.length)} ms/request`,
    );
    if (errors > 0) process.exitCode = 1;
    await Promise.all(handlers.map((h) => h.close()));
  }
} finally {
  await fixture.stop();
}
console.log(
  `(load average during the run: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs; ${logBytes} bytes of log lines built)`,
);
for (const [name, value] of Object.entries(results)) console.log(`${name}=${value}`);
