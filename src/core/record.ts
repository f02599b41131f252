// The transaction record schema, for JSON Lines and CSV input, and the processed record written downstream.
//   input:  transaction_id, merchant_id, pan, expiry (MM/YY), amount_minor (integer), currency (ISO 4217), timestamp
//   output: transaction_id, merchant_id, token, pan_masked, brand, expiry, amount_minor, currency, timestamp, line
// Validation collects every reason a record fails, so a quarantined record tells the whole story at once.
import { isCurrency } from './currency.ts';
import { containsPan } from './detect.ts';
import { brandOf, luhnValid, maskPan, normalizePan, type Brand } from './pan.ts';
import type { RecordReason } from './reasons.ts';
import { isToken } from './token.ts';

export const INPUT_FIELDS = ['transaction_id', 'merchant_id', 'pan', 'expiry', 'amount_minor', 'currency', 'timestamp'] as const;
export type InputField = (typeof INPUT_FIELDS)[number];
const INPUT_FIELD_SET: ReadonlySet<string> = new Set(INPUT_FIELDS);

export const OUTPUT_FIELDS = [
  'transaction_id',
  'merchant_id',
  'token',
  'pan_masked',
  'brand',
  'expiry',
  'amount_minor',
  'currency',
  'timestamp',
  'line',
] as const;

export const MAX_AMOUNT_MINOR = 99_999_999_999;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const BRANDS: ReadonlySet<string> = new Set(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'unionpay']);

export interface ValidRecord {
  transactionId: string;
  merchantId: string;
  /** Normalised digits. Lives only as long as the record is being tokenized; never written anywhere. */
  pan: string;
  brand: Brand;
  expiry: string;
  amountMinor: number;
  currency: string;
  timestamp: string;
}

export type Validation =
  | { ok: true; record: ValidRecord }
  | { ok: false; reasons: RecordReason[]; transactionId?: string; panMasked?: string };

function isId(v: unknown): v is string {
  return typeof v === 'string' && ID_PATTERN.test(v);
}

/** Parses MM/YY; returns the first instant (ms) after the card's last valid month, or NaN. */
function expiryEnd(expiry: unknown): number {
  if (typeof expiry !== 'string' || expiry.length !== 5 || expiry.charCodeAt(2) !== 47) return Number.NaN;
  const m1 = expiry.charCodeAt(0) - 48;
  const m2 = expiry.charCodeAt(1) - 48;
  const y1 = expiry.charCodeAt(3) - 48;
  const y2 = expiry.charCodeAt(4) - 48;
  if (m1 < 0 || m1 > 1 || m2 < 0 || m2 > 9 || y1 < 0 || y1 > 9 || y2 < 0 || y2 > 9) return Number.NaN;
  const month = m1 * 10 + m2;
  if (month < 1 || month > 12) return Number.NaN;
  return Date.UTC(2000 + y1 * 10 + y2, month, 1); // month is 1-based, so this is the next month's first day
}

function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/**
 * Milliseconds since the epoch for a timestamp that matched TIMESTAMP_PATTERN, or NaN when a field is out of
 * range. Date.parse is not used: V8 accepts 2026-02-30 (as 2 March) and 2026-02-29 in a common year.
 */
export function parseTimestamp(t: string): number {
  const year = digitsAt(t, 0, 4);
  const month = digitsAt(t, 5, 2);
  const day = digitsAt(t, 8, 2);
  const hour = digitsAt(t, 11, 2);
  const minute = digitsAt(t, 14, 2);
  const second = digitsAt(t, 17, 2);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return Number.NaN;
  let i = 19;
  let ms = 0;
  if (t.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57; i++) {
      ms += (t.charCodeAt(i) - 48) * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  let offset = 0;
  if (t.charCodeAt(i) !== 90) {
    const oh = digitsAt(t, i + 1, 2);
    const om = digitsAt(t, i + 4, 2);
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (t.charCodeAt(i) === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

function amountOf(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 1 && v <= MAX_AMOUNT_MINOR ? v : Number.NaN;
  if (typeof v === 'string' && v.length > 0 && v.length <= 11) {
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      n = n * 10 + d;
    }
    return n >= 1 ? n : Number.NaN;
  }
  return Number.NaN;
}

function add(reasons: RecordReason[] | undefined, reason: RecordReason): RecordReason[] {
  if (reasons === undefined) return [reason];
  reasons.push(reason);
  return reasons;
}

/**
 * Validates one parsed record. `fields` is the parsed object (JSON) or the header-keyed row (CSV); amounts may be
 * numbers (JSON) or digit strings (CSV). Unknown and missing fields are reasons, not exceptions.
 * `exactSchemaKeys` is for callers that already know the record has exactly the schema's keys, all defined (the
 * flat-record fast path, the CSV reader after its header check).
 */
export function validateRecord(fields: Record<string, unknown>, exactSchemaKeys = false): Validation {
  // Each reason is pushed at most once: every check below runs once per record. A valid record (the common
  // case) allocates no reasons array at all.
  let reasons: RecordReason[] | undefined;
  if (!exactSchemaKeys) {
    let present = 0;
    let unknown = false;
    for (const k in fields) {
      if (INPUT_FIELD_SET.has(k)) present++;
      else unknown = true;
    }
    if (unknown) reasons = add(reasons, 'UNKNOWN_FIELD');
    if (present < INPUT_FIELDS.length) reasons = add(reasons, 'MISSING_FIELD');
  }

  const { transaction_id: tid, merchant_id: mid, pan: rawPan, expiry, amount_minor: amount, currency, timestamp } = fields;
  if (tid !== undefined && !isId(tid)) reasons = add(reasons, 'TRANSACTION_ID_INVALID');
  if (mid !== undefined && !isId(mid)) reasons = add(reasons, 'MERCHANT_ID_INVALID');
  if ((typeof tid === 'string' && containsPan(tid)) || (typeof mid === 'string' && containsPan(mid))) reasons = add(reasons, 'PAN_IN_OTHER_FIELD');

  let pan: string | null = null;
  let brand: Brand | null = null;
  if (rawPan !== undefined) {
    pan = typeof rawPan === 'string' ? normalizePan(rawPan) : null;
    if (pan === null) reasons = add(reasons, 'PAN_FORMAT');
    else if (!luhnValid(pan)) reasons = add(reasons, 'PAN_LUHN');
    else if ((brand = brandOf(pan)) === null) reasons = add(reasons, 'PAN_BRAND_UNKNOWN');
  }
  const end = expiryEnd(expiry);
  if (expiry !== undefined && Number.isNaN(end)) reasons = add(reasons, 'EXPIRY_INVALID');
  const amountMinor = amountOf(amount);
  if (amount !== undefined && Number.isNaN(amountMinor)) reasons = add(reasons, 'AMOUNT_INVALID');
  if (currency !== undefined && (typeof currency !== 'string' || !isCurrency(currency))) reasons = add(reasons, 'CURRENCY_INVALID');
  let at = Number.NaN;
  if (timestamp !== undefined) {
    if (typeof timestamp === 'string' && TIMESTAMP_PATTERN.test(timestamp)) at = parseTimestamp(timestamp);
    if (Number.isNaN(at)) reasons = add(reasons, 'TIMESTAMP_INVALID');
  }
  if (!Number.isNaN(end) && !Number.isNaN(at) && at >= end) reasons = add(reasons, 'CARD_EXPIRED');

  if (reasons !== undefined) {
    const rejected: Validation = { ok: false, reasons };
    if (isId(tid) && !containsPan(tid)) rejected.transactionId = tid;
    if (pan !== null) rejected.panMasked = maskPan(pan);
    return rejected;
  }
  return {
    ok: true,
    record: {
      transactionId: tid as string,
      merchantId: mid as string,
      pan: pan as string,
      brand: brand as Brand,
      expiry: expiry as string,
      amountMinor,
      currency: currency as string,
      timestamp: timestamp as string,
    },
  };
}

/**
 * The processed JSON line for a valid record. Every field was validated against a pattern that excludes quotes,
 * backslashes and control characters, so the line is assembled directly instead of through JSON.stringify.
 */
export function processedLine(r: ValidRecord, token: string, line: number): string {
  return (
    '{"transaction_id":"' + r.transactionId +
    '","merchant_id":"' + r.merchantId +
    '","token":"' + token +
    '","pan_masked":"' + maskPan(r.pan) +
    '","brand":"' + r.brand +
    '","expiry":"' + r.expiry +
    '","amount_minor":' + r.amountMinor +
    ',"currency":"' + r.currency +
    '","timestamp":"' + r.timestamp +
    '","line":' + line + '}\n'
  );
}

export interface QuarantineEntry {
  line: number;
  reasons: string[];
  transaction_id?: string;
  pan_masked?: string;
  /** Masks of card numbers found anywhere in a line that could not be parsed. */
  detected_pan_masks?: string[];
}

export function quarantineLine(entry: QuarantineEntry): string {
  return JSON.stringify(entry) + '\n';
}

const MASK_PATTERN = /^\d{6}\*{3,9}\d{4}$/;

/** Checks one processed record against the output schema. Returns null when it conforms, else what is wrong. */
export function outputSchemaProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== OUTPUT_FIELDS.length) return 'wrong field count';
  for (const k of OUTPUT_FIELDS) if (!(k in o)) return `missing ${k}`;
  if (!isId(o.transaction_id)) return 'transaction_id';
  if (!isId(o.merchant_id)) return 'merchant_id';
  if (typeof o.token !== 'string' || !isToken(o.token)) return 'token';
  if (typeof o.pan_masked !== 'string' || !MASK_PATTERN.test(o.pan_masked)) return 'pan_masked';
  if (typeof o.brand !== 'string' || !BRANDS.has(o.brand)) return 'brand';
  if (Number.isNaN(expiryEnd(o.expiry))) return 'expiry';
  if (Number.isNaN(amountOf(o.amount_minor)) || typeof o.amount_minor !== 'number') return 'amount_minor';
  if (typeof o.currency !== 'string' || !isCurrency(o.currency)) return 'currency';
  if (typeof o.timestamp !== 'string' || !TIMESTAMP_PATTERN.test(o.timestamp) || Number.isNaN(parseTimestamp(o.timestamp))) return 'timestamp';
  if (typeof o.line !== 'number' || !Number.isSafeInteger(o.line) || o.line < 1) return 'line';
  return null;
}
