// The detector's false-positive cost, measured: realistic identifiers of every kind that leaves the system, drawn
// from a seeded generator, and how many of each the detector would call a card number. Prints one line per kind
// (the figures quoted in src/core/card-numbers.md, "False-positive cost") and holds each rate to what the definition
// promises: zero for the exempt shapes, no worse than Luhn's one in ten for anything else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPan } from '../../../src/core/index.ts';
import { random } from '../../../src/local/synthetic.ts';

const SAMPLES = 20_000;
const rand = random(14);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chars = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digits = (n: number) => chars('0123456789', n);
const pad = (v: number, n = 2) => String(v).padStart(n, '0');

function uuid(): string {
  const h = chars(HEX, 32).split('');
  h[12] = '4';
  h[16] = pick(['8', '9', 'a', 'b']);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-south-1',
  'sa-east-1',
  'ca-central-1',
  'me-central-1',
  'af-south-1',
  'us-gov-west-1',
  'cn-north-1',
];
const account = () => digits(12);
const name = () => chars('abcdefghijklmnopqrstuvwxyz-', 4 + Math.floor(rand() * 12)).replace(/^-+/, 'x');
const moment = () => {
  const t = Date.UTC(2020, 0, 1) + Math.floor(rand() * 10 * 365 * 86_400_000);
  return new Date(t);
};
const iso = (d: Date) => d.toISOString().slice(0, 19);
const offset = () => `${pick(['+', '-'])}${pad(Math.floor(rand() * 14))}:${pick(['00', '30', '45'])}`;

/** Realistic identifiers by kind: what outputs, keys, ledger and audit items, and log lines carry. */
const KINDS: [string, () => string][] = [
  ['UUID v4 (Lambda/API Gateway request ids, moto version ids)', uuid],
  ['S3 version id (32 chars of [A-Za-z0-9._])', () => chars(BASE64.slice(0, 62) + '._', 32)],
  ['S3 version id (base64 with + and /, as in AWS examples)', () => chars(BASE64, 64)],
  ['ETag (MD5 hex, quoted)', () => `"${chars(HEX, 32)}"`],
  ['multipart ETag (hex-parts)', () => `"${chars(HEX, 32)}-${1 + Math.floor(rand() * 10_000)}"`],
  ['S3 x-amz-request-id (16 upper hex)', () => chars('0123456789ABCDEF', 16)],
  ['S3 x-amz-id-2 (base64, 76 chars)', () => chars(BASE64, 76)],
  ['X-Ray trace id', () => `Root=1-${chars(HEX, 8)}-${chars(HEX, 24)};Parent=${chars(HEX, 16)};Sampled=1`],
  ['Lambda function ARN', () => `arn:aws:lambda:${pick(REGIONS)}:${account()}:function:${name()}`],
  ['KMS key ARN', () => `arn:aws:kms:${pick(REGIONS)}:${account()}:key/${uuid()}`],
  [
    'IAM role / STS assumed-role ARN',
    () =>
      pick([`arn:aws:iam::${account()}:role/${name()}`, `arn:aws:sts::${account()}:assumed-role/${name()}/${name()}`]),
  ],
  ['S3 principalId (AWS:AROA…:session)', () => `AWS:AROA${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}:${name()}`],
  ['ISO 8601 UTC, milliseconds', () => moment().toISOString()],
  ['ISO 8601 with offset and microseconds', () => `${iso(moment())}.${digits(6)}${offset()}`],
  ['ISO 8601 with offset and nanoseconds', () => `${iso(moment())}.${digits(9)}${offset()}`],
  ['epoch seconds', () => String(Math.floor(moment().getTime() / 1000))],
  ['epoch milliseconds (13 digits)', () => String(moment().getTime())],
  ['date and time with a space ("2026-11-23 10:00:00.123")', () => `${iso(moment()).replace('T', ' ')}.${digits(3)}`],
  [
    'object key: dated folders, numeric file name',
    () => `in/${iso(moment()).slice(0, 10).replace(/-/g, '/')}/${digits(6)}.jsonl`,
  ],
  ['object key: partner, date, sequence', () => `incoming/${iso(moment()).slice(0, 10)}/${name()}-${digits(4)}.jsonl`],
  ['numeric id of 13–19 digits', () => digits(13 + Math.floor(rand() * 7))],
];

/** What the definition promises for each kind: exempt shapes never, anything else no worse than chance. */
const MAX_RATE: Record<string, number> = {
  'UUID v4 (Lambda/API Gateway request ids, moto version ids)': 0,
  'Lambda function ARN': 0,
  'KMS key ARN': 0,
  'IAM role / STS assumed-role ARN': 0,
  'S3 principalId (AWS:AROA…:session)': 0,
  'ISO 8601 UTC, milliseconds': 0,
  'ISO 8601 with offset and microseconds': 0,
  'ISO 8601 with offset and nanoseconds': 0,
  'epoch seconds': 0,
};

test('false-positive cost of the card-number definition on realistic identifiers (figures printed)', (t) => {
  const lines: string[] = [];
  const over: string[] = [];
  for (const [kind, make] of KINDS) {
    let flagged = 0;
    let example = '';
    for (let i = 0; i < SAMPLES; i++) {
      const id = make();
      if (containsPan(id)) {
        flagged++;
        example ||= id.replace(/[0-9]/g, '#');
      }
    }
    const rate = flagged / SAMPLES;
    lines.push(
      `${kind.padEnd(62)} ${String(flagged).padStart(6)} / ${SAMPLES}  ${(rate * 100).toFixed(3).padStart(7)} %${example ? '  e.g. ' + example : ''}`,
    );
    const max = MAX_RATE[kind] ?? 0.12; // Luhn passes 1 in 10 digit strings: a span that is a candidate costs ~10 %
    if (rate > max) over.push(`${kind}: ${flagged} of ${SAMPLES} flagged (at most ${max * 100} % expected)`);
  }
  t.diagnostic('\n' + lines.join('\n'));
  console.log(lines.join('\n'));
  assert.deepEqual(over, []);
});
