// Property (issue 14): whatever card-number spelling stands wherever an input can put text — any field, key or value
// of a JSON Lines record, any CSV cell or header, a malformed or cut-off line, the object key, the uploader's
// principal id, the object's metadata, the other strings of the S3 event, a direct invocation's version id, the key
// in a validator event — it appears in none of: the processed bucket (keys, bodies, metadata), the ledger and audit
// tables, the log lines, the return values, the errors. The whole pipeline runs on the emulator, processor and
// validator; leaks are looked for with the tests' own scanner (../independent-pan-scan.ts), not the detector.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { INVISIBLE_SEPARATORS, VISIBLE_SEPARATORS, spelling, type Spelling } from '../../unit/core/card-numbers.ts';
import { sightings, spellingMatcher } from '../independent-pan-scan.ts';
import { gatherExits } from './exits.ts';
import { context, s3Event, world, type World } from './harness.ts';

/** Runs of the property; each runs the processor and the validator (about 0.5 s on the emulator). */
const RUNS = 48;

let emulator: Emulator;
let w: World;
before(async () => {
  emulator = await startEmulator();
  w = await world(emulator);
});
after(async () => {
  await emulator?.stop();
});

const FIELDS = ['transaction_id', 'merchant_id', 'pan', 'expiry', 'amount_minor', 'currency', 'timestamp'] as const;
const CONTENT_POSITIONS = [
  ...FIELDS,
  'unknown key',
  'unknown value',
  'CSV header',
  'malformed line',
  'cut-off last line',
] as const;
type ContentPosition = (typeof CONTENT_POSITIONS)[number];

/** Object keys and S3 metadata cannot hold every character: keys no control characters, metadata only ASCII. */
const KEY_SEPARATORS = VISIBLE_SEPARATORS.filter((c) => c !== '\t');
const ASCII_SEPARATORS = ['.', '_', ':', '/', '\\', '|', '+', '-', ' '];

const runInput = fc.record({
  format: fc.constantFrom('jsonl', 'csv', 'detect'),
  content: fc.array(fc.tuple(fc.constantFrom(...CONTENT_POSITIONS), spelling()), { minLength: 1, maxLength: 4 }),
  key: fc.option(fc.tuple(fc.constantFrom('file name', 'folder'), spelling({ visible: KEY_SEPARATORS })), { freq: 3 }),
  principal: fc.option(spelling(), { freq: 3 }),
  metadata: fc.option(spelling({ visible: ASCII_SEPARATORS, invisible: [], scripts: ['latn'] }), { freq: 3 }),
  eventField: fc.option(
    fc.tuple(
      fc.constantFrom('eTag', 'sequencer', 'configurationId', 'sourceIPAddress', 'x-amz-request-id'),
      spelling(),
    ),
    { freq: 4 },
  ),
  versionId: fc.option(spelling(), { freq: 4 }),
  validatorKey: fc.option(spelling({ visible: KEY_SEPARATORS }), { freq: 4 }),
});
type RunInput = typeof runInput extends fc.Arbitrary<infer T> ? T : never;

const valid = (id: string): Record<string, string | number> => ({
  transaction_id: id,
  merchant_id: 'm-001',
  pan: '5555555555554444',
  expiry: '12/29',
  amount_minor: 1250,
  currency: 'EUR',
  timestamp: '2026-11-20T10:00:00Z',
});

/** The file: one valid record, then one line per content placement. */
function fileFor(input: RunInput, run: number): string {
  const csv = input.format === 'csv' || (input.format === 'detect' && run % 2 === 0);
  const lines: string[] = [];
  const header: string[] = [...FIELDS];
  let cutOff: string | null = null;
  const row = (r: Record<string, string | number>) =>
    csv ? FIELDS.map((f) => String(r[f])).join(',') : JSON.stringify(r);
  lines.push(row(valid(`r${run}-0`)));
  input.content.forEach(([position, s]: [ContentPosition, Spelling], i) => {
    const r = valid(`r${run}-${i + 1}`);
    if ((FIELDS as readonly string[]).includes(position)) {
      r[position] = s.text;
      lines.push(row(r));
    } else if (position === 'unknown key')
      lines.push(csv ? row(r) + ',' + s.text : JSON.stringify({ ...r, [s.text]: 'x' }));
    else if (position === 'unknown value')
      lines.push(csv ? row(r) + ',note ' + s.text : JSON.stringify({ ...r, note: `card ${s.text}` }));
    else if (position === 'CSV header') {
      if (csv)
        header[i % header.length] += `_${s.text}`; // each placement spoils its own column name
      else lines.push(JSON.stringify({ ...valid(`r${run}-h${i}`), [`merchant_${s.text}`]: 1 }));
    } else if (position === 'malformed line') lines.push(`{"transaction_id":"r${run}-${i + 1}","card":${s.text}`);
    else {
      if (cutOff !== null) lines.push(cutOff); // only the last line can be cut off; an earlier one is just broken
      cutOff = (csv ? row(r) : JSON.stringify(r)).replace('m-001', `m-${s.text}`).slice(0, -2);
    }
  });
  return (csv ? header.join(',') + '\n' : '') + lines.join('\n') + '\n' + (cutOff ?? '');
}

function extension(input: RunInput): string {
  return input.format === 'detect' ? '' : `.${input.format}`;
}

/** Every card number a run planted, and where the oracle must be able to see it in what went in. */
function planted(input: RunInput): string[] {
  return [
    ...input.content.map(([, s]) => s.pan),
    ...[
      input.key?.[1],
      input.principal,
      input.metadata,
      input.eventField?.[1],
      input.versionId,
      input.validatorKey,
    ].flatMap((s) => (s ? [s.pan] : [])),
  ];
}

test('oracle sanity: the independent scanner sees every planted spelling, and not its mask', () => {
  fc.assert(
    fc.property(spelling(), fc.constantFrom('', ' ', '"', '{"a":"'), (s, around) => {
      const m = spellingMatcher(s.pan);
      assert.ok(m.test(around + s.text + around), JSON.stringify(s.text));
      assert.ok(sightings([s.pan], 'json', JSON.stringify({ [s.text]: s.text })).length >= 2); // as written, and decoded: key and value
      const masked = s.pan.slice(0, 6) + '*'.repeat(s.pan.length - 10) + s.pan.slice(-4);
      assert.equal(m.test(`"pan_masked":"${masked}","brand"`), false);
    }),
    { numRuns: 200 },
  );
  // Separators the test uses are all gaps the oracle bridges.
  for (const sep of [...VISIBLE_SEPARATORS, ...INVISIBLE_SEPARATORS])
    assert.ok(spellingMatcher('4111111111111111').test(['4111', '1111', '1111', '1111'].join(sep)));
});

test(`property: no card-number spelling leaves the pipeline, from any position (${RUNS} runs on the emulator)`, async () => {
  const seen = new Set<string>();
  let run = 0;
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(runInput, async (input) => {
      run++;
      const logStart = w.logLines.length;
      const pans = planted(input);
      const folder = input.key?.[0] === 'folder' ? `/${input.key[1].text}` : '';
      const name = input.key?.[0] === 'file name' ? input.key[1].text : 'file';
      const key = `prop/${run}${folder}/${name}${extension(input)}`;
      const body = fileFor(input, run);
      const put = await w.plane.clients.s3.send(
        new PutObjectCommand({
          Bucket: w.plane.rawBucket,
          Key: key,
          Body: body,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: w.plane.s3KeyArn,
          ...(input.metadata ? { Metadata: { reference: input.metadata.text } } : {}),
        }),
      );
      // The oracle sees what went in: the check below is not blind to these spellings.
      assert.ok(
        input.content.every(([, s]) => sightings([s.pan], 'input', body).length > 0),
        'oracle blind to the input',
      );

      const event = s3Event(w.plane.rawBucket, key, put.VersionId) as any;
      const record = event.Records[0];
      if (input.principal) record.userIdentity.principalId = `AWS:AROAEXAMPLE:${input.principal.text}`;
      if (input.eventField) {
        const [field, s] = input.eventField;
        if (field === 'sourceIPAddress') record.requestParameters.sourceIPAddress = s.text;
        else if (field === 'x-amz-request-id') record.responseElements['x-amz-request-id'] = s.text;
        else if (field === 'configurationId') record.s3.configurationId = s.text;
        else record.s3.object[field] = s.text;
      }
      const returned: unknown[] = [];
      const attempt = async (call: () => Promise<unknown>) => {
        try {
          returned.push(await call());
        } catch (error) {
          returned.push(error);
        }
      };
      await attempt(() => w.processor(event, context(`req-${run}`)));
      if (input.versionId)
        await attempt(() =>
          w.processor({ bucket: w.plane.rawBucket, key, versionId: input.versionId!.text }, context(`req-${run}-v`)),
        );
      const outputs = (
        (returned[0] as { jobs?: { outputs?: { key: string; version_id?: string }[] }[] }).jobs ?? []
      ).flatMap((j) => j.outputs ?? []);
      for (const o of outputs)
        await attempt(() =>
          w.validator(s3Event(w.plane.processedBucket, o.key, o.version_id), context(`req-${run}-val`)),
        );
      if (input.validatorKey)
        await attempt(() =>
          w.validator(
            s3Event(w.plane.processedBucket, `processed/${input.validatorKey!.text}.jsonl`, undefined),
            context(`req-${run}-vk`),
          ),
        );

      const exits = await gatherExits(w, seen);
      const found = [
        ...sightings(pans, 'processed bucket', exits.objects),
        ...sightings(pans, 'tables', exits.items),
        ...sightings(pans, 'logs', w.logLines.slice(logStart)),
        ...sightings(pans, 'return values and errors', returned),
      ];
      assert.deepEqual(found, [], `run ${run}: ${JSON.stringify(input.content.map(([p, s]) => [p, s.script]))}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  console.log(`pipeline leak property: ${run} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
