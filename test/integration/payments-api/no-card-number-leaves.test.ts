// Property (issue 14): whatever card-number spelling stands wherever a client can put text — any body field, an
// unknown field's name or value, the Idempotency-Key, other headers, the request id, the path — it appears in none
// of: the responses, the log lines (the functions' own Powertools logger), the database's tables, PostgreSQL's own
// log, or an error. Runs the API against the local TLS-only PostgreSQL; leaks are looked for with the tests' own
// scanner (../independent-pan-scan.ts), not the detector under test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createLogger } from '../../../src/aws/logger.ts';
import { buildHandler } from '../../../src/functions/payments-api/handler.ts';
import { spelling, type Spelling } from '../../unit/core/card-numbers.ts';
import { sightings } from '../independent-pan-scan.ts';
import { payment, post, startFixture, type Fixture } from './fixture.ts';

/** Runs of the property; each is one or two requests (a few milliseconds each). */
const RUNS = 250;

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(async () => {
  await f?.stop();
});

const POSITIONS = [
  'reference',
  'merchant_id',
  'card.pan',
  'card.expiry',
  'currency',
  'amount_minor (string)',
  'unknown field name',
  'unknown field value',
  'Idempotency-Key',
  'request id',
  'other header value',
  'other header name',
  'path',
  'Content-Type',
] as const;
type Position = (typeof POSITIONS)[number];
/** Header values travel as visible ASCII; a header name is a token (no separators a name cannot hold). */
const HEADER_SEPARATORS = ['.', '_', ':', '/', '\\', '|', '+', '-', ' '];

const input = fc.record({
  placements: fc.array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom(
          ...POSITIONS.filter(
            (p) => !['Idempotency-Key', 'other header value', 'other header name', 'Content-Type'].includes(p),
          ),
        ),
        spelling(),
      ),
      fc.tuple(
        fc.constantFrom('Idempotency-Key', 'other header value', 'Content-Type'),
        spelling({ visible: HEADER_SEPARATORS, invisible: [], scripts: ['latn'] }),
      ),
      fc.tuple(
        fc.constant('other header name'),
        spelling({ visible: ['.', '_', '-', '+', '|'], invisible: [], scripts: ['latn'] }),
      ),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  amount: fc.integer({ min: 1, max: 99_999 }),
});

function requestFor(placements: [Position, Spelling][], amount: number, run: number) {
  const body: Record<string, any> = payment({ amount_minor: amount, reference: `run-${run}` });
  let key = `run-${run}-${amount}`;
  const headers: Record<string, string> = {};
  let requestId = `req-${run}`;
  let path = '/payments';
  for (const [position, s] of placements) {
    if (position === 'reference') body.reference = `order ${s.text}`;
    else if (position === 'merchant_id') body.merchant_id = s.text;
    else if (position === 'card.pan') body.card = { ...body.card, pan: s.text };
    else if (position === 'card.expiry') body.card = { ...body.card, expiry: s.text };
    else if (position === 'currency') body.currency = s.text;
    else if (position === 'amount_minor (string)') body.amount_minor = s.text;
    else if (position === 'unknown field name') body[s.text] = 'x';
    else if (position === 'unknown field value') body.note = s.text;
    else if (position === 'Idempotency-Key') key = `k-${s.text}`;
    else if (position === 'request id') requestId = s.text;
    else if (position === 'other header value') headers['X-Reference'] = s.text;
    else if (position === 'other header name') headers[`X-${s.text}`] = 'x';
    else if (position === 'path') path = `/payments/${s.text}`;
    else headers['Content-Type'] = `application/json; charset=${s.text}`;
  }
  const event = post(body, key);
  event.headers = { ...event.headers, ...headers };
  event.requestContext = { requestId };
  if (path !== '/payments') Object.assign(event, { httpMethod: 'GET', path, body: null });
  return event;
}

test(`property: no card-number spelling leaves the payments API, from any position (${RUNS} runs on PostgreSQL)`, async () => {
  const lines: string[] = [];
  const api = buildHandler({
    env: f.env,
    secrets: f.emulator.clientConfig,
    logger: createLogger('payments-api', { lines }),
  });
  let run = 0;
  const statuses = new Map<number, number>();
  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(input, async ({ placements, amount }) => {
        run++;
        const pans = placements.map(([, s]) => s.pan);
        const logStart = lines.length;
        const dbLogStart = f.db.logs().length;
        const returned: unknown[] = [];
        try {
          const r = await api(requestFor(placements as [Position, Spelling][], amount, run));
          returned.push(r);
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
          assert.ok(r.statusCode < 500, `${r.statusCode}: ${r.body}`);
          if (r.statusCode === 201)
            returned.push(
              await api({
                httpMethod: 'GET',
                path: `/payments/${JSON.parse(r.body).id}`,
                headers: {},
                body: null,
                isBase64Encoded: false,
              }),
            );
        } catch (error) {
          returned.push(error);
        }
        const found = [
          ...sightings(pans, 'responses and errors', returned),
          ...sightings(pans, 'log lines', lines.slice(logStart)),
          ...sightings(pans, 'tables', await f.rows()),
          ...sightings(pans, 'PostgreSQL log', f.db.logs().slice(Math.max(0, dbLogStart - 200))),
        ];
        assert.deepEqual(found, [], JSON.stringify(placements.map(([p, s]) => [p, s.script])));
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  } finally {
    await api.close();
  }
  // The runs reached the store, not only the validation: some requests were accepted.
  assert.ok((statuses.get(201) ?? 0) > 5, JSON.stringify([...statuses]));
  console.log(
    `payments API leak property: ${run} runs in ${((performance.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
});
