// Synthetic transaction files: public test card numbers only, with a chosen share of records made invalid in
// varied ways (each with the reason code the pipeline should give it). Deterministic for a given seed.
import type { RecordReason } from '../core/index.ts';

export const TEST_PANS = [
  '4111111111111111',
  '4242424242424242',
  '5555555555554444',
  '2223003122003222',
  '378282246310005',
  '6011111111111117',
  '3530111333300000',
  '36227206271667',
  '6200000000000005',
  '4000056655665556',
  '5105105105105100',
  '371449635398431',
];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'SGD'];

/** A small fast PRNG (mulberry32) so files are reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticRecord {
  transaction_id: string;
  merchant_id: string;
  pan: string;
  expiry: string;
  amount_minor: number | string;
  currency: string;
  timestamp: string;
}

const INVALID_KINDS: { reason: RecordReason; spoil: (r: SyntheticRecord) => Record<string, unknown> }[] = [
  { reason: 'PAN_LUHN', spoil: (r) => ({ ...r, pan: r.pan.slice(0, -1) + String((Number(r.pan.at(-1)) + 1) % 10) }) },
  { reason: 'PAN_FORMAT', spoil: (r) => ({ ...r, pan: r.pan.slice(0, 8) }) },
  { reason: 'CARD_EXPIRED', spoil: (r) => ({ ...r, expiry: '01/20' }) },
  { reason: 'EXPIRY_INVALID', spoil: (r) => ({ ...r, expiry: '13/29' }) },
  { reason: 'AMOUNT_INVALID', spoil: (r) => ({ ...r, amount_minor: -500 }) },
  { reason: 'CURRENCY_INVALID', spoil: (r) => ({ ...r, currency: 'XYZ' }) },
  { reason: 'TIMESTAMP_INVALID', spoil: (r) => ({ ...r, timestamp: 'yesterday' }) },
  { reason: 'MISSING_FIELD', spoil: ({ merchant_id: _m, ...rest }) => rest },
  { reason: 'UNKNOWN_FIELD', spoil: (r) => ({ ...r, note: 'extra column' }) },
  { reason: 'PAN_IN_OTHER_FIELD', spoil: (r) => ({ ...r, merchant_id: '4111111111111111' }) },
];

export interface SyntheticBatch {
  /** JSON Lines text. */
  text: string;
  records: number;
  invalid: number;
  expectedReasons: Partial<Record<RecordReason, number>>;
}

function record(i: number, rand: () => number, prefix: string): SyntheticRecord {
  const day = 1 + Math.floor(rand() * 28);
  return {
    transaction_id: `${prefix}-${i.toString(36).padStart(6, '0')}`,
    merchant_id: `m-${(1 + Math.floor(rand() * 40)).toString().padStart(3, '0')}`,
    pan: TEST_PANS[Math.floor(rand() * TEST_PANS.length)]!,
    expiry: `${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}/${28 + Math.floor(rand() * 5)}`,
    amount_minor: 100 + Math.floor(rand() * 500_000),
    currency: CURRENCIES[Math.floor(rand() * CURRENCIES.length)]!,
    timestamp: `2026-11-${String(day).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:17:05Z`,
  };
}

/** `count` JSON Lines records, `invalidShare` of them spoiled in rotating ways. */
export function syntheticBatch(
  count: number,
  options: { seed?: number; invalidShare?: number; prefix?: string } = {},
): SyntheticBatch {
  const rand = random(options.seed ?? 1);
  const every = options.invalidShare === 0 ? 0 : Math.round(1 / (options.invalidShare ?? 0.1));
  const lines: string[] = [];
  const expectedReasons: Partial<Record<RecordReason, number>> = {};
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const r = record(i, rand, options.prefix ?? 'tx');
    if (every > 0 && i % every === every - 1) {
      const kind = INVALID_KINDS[invalid % INVALID_KINDS.length]!;
      lines.push(JSON.stringify(kind.spoil(r)));
      expectedReasons[kind.reason] = (expectedReasons[kind.reason] ?? 0) + 1;
      invalid++;
    } else lines.push(JSON.stringify(r));
  }
  return { text: lines.join('\n') + '\n', records: count, invalid, expectedReasons };
}

/** The same records as CSV (header first). */
export function toCsv(records: Record<string, unknown>[]): string {
  const columns = ['transaction_id', 'merchant_id', 'pan', 'expiry', 'amount_minor', 'currency', 'timestamp'];
  return [columns.join(','), ...records.map((r) => columns.map((c) => String(r[c] ?? '')).join(','))].join('\n') + '\n';
}
