// The transaction record schema, for JSON Lines and CSV input, and the processed record written downstream.
//   input:  transaction_id, merchant_id, pan, expiry (MM/YY), amount_minor (integer), currency (ISO 4217), timestamp
//   output: transaction_id, merchant_id, token, pan_masked, brand, expiry, amount_minor, currency, timestamp, line
// Validation collects every reason a record fails, so a quarantined record tells the whole story at once.
import { isCurrency } from './currency.ts';
import { containsPan } from './detect.ts';
import { brandOf, luhnValid, maskPan, normalizePan, type Brand } from './pan.ts';
import { RECORD_REASONS, type RecordReason } from './reasons.ts';
import { isToken } from './token.ts';

export const INPUT_FIELDS = [
  'transaction_id',
  'merchant_id',
  'pan',
  'expiry',
  'amount_minor',
  'currency',
  'timestamp',
] as const;
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

// Expiry and timestamp are parsed from bytes, so the byte-level fast path (fast-record.ts) and the general path
// share one implementation; strings are first copied into a small ASCII scratch array.
const asciiScratch = new Uint8Array(64);

/** `s` as bytes in the shared scratch array, or null when it is longer than `max` or not ASCII. */
function ascii(s: string, max: number): Uint8Array | null {
  if (s.length > max) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return null;
    asciiScratch[i] = c;
  }
  return asciiScratch;
}

/** The two decimal digits at b[i], b[i+1] as a number, or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const x = b[i]! - 48;
  const y = b[i + 1]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** MM/YY in b[start, end): the first instant (ms) after the card's last valid month, or NaN. */
export function expiryEndAt(b: Uint8Array, start: number, end: number): number {
  if (end - start !== 5 || b[start + 2] !== 47) return Number.NaN;
  const month = twoDigits(b, start);
  const year = twoDigits(b, start + 3);
  if (month < 1 || month > 12 || year < 0) return Number.NaN;
  return Date.UTC(2000 + year, month, 1); // month is 1-based, so this is the next month's first day
}

function expiryEnd(expiry: unknown): number {
  if (typeof expiry !== 'string') return Number.NaN;
  const b = ascii(expiry, 5);
  return b === null ? Number.NaN : expiryEndAt(b, 0, expiry.length);
}

/**
 * An ISO 8601 timestamp in b[start, end) of exactly the form YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM), as
 * milliseconds since the epoch; NaN when the form differs or a field is out of range. Date.parse is not used:
 * V8 accepts 2026-02-30 (as 2 March) and 2026-02-29 in a common year.
 */
export function timestampAt(b: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 20 || len > 35) return Number.NaN;
  const century = twoDigits(b, start);
  const yy = twoDigits(b, start + 2);
  const month = twoDigits(b, start + 5);
  const day = twoDigits(b, start + 8);
  const hour = twoDigits(b, start + 11);
  const minute = twoDigits(b, start + 14);
  const second = twoDigits(b, start + 17);
  if (
    (century | yy | month | day | hour | minute | second) < 0 ||
    b[start + 4] !== 45 ||
    b[start + 7] !== 45 ||
    b[start + 10] !== 84 ||
    b[start + 13] !== 58 ||
    b[start + 16] !== 58
  )
    return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const year = century * 100 + yy;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return Number.NaN;
  let i = start + 19;
  let ms = 0;
  if (b[i] === 46) {
    const from = ++i;
    for (; i < end && b[i]! >= 48 && b[i]! <= 57; i++) if (i - from < 3) ms = ms * 10 + (b[i]! - 48);
    const n = i - from;
    if (n === 0 || n > 9) return Number.NaN;
    if (n < 3) ms *= n === 1 ? 100 : 10;
  }
  let offset = 0;
  if (i === end - 1 && b[i] === 90) {
    // Z
  } else if (i === end - 6 && (b[i] === 43 || b[i] === 45) && b[i + 3] === 58) {
    const oh = twoDigits(b, i + 1);
    const om = twoDigits(b, i + 4);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return Number.NaN;
    offset = (b[i] === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return Number.NaN;
  // Date.UTC reads years 0–99 as 1900–1999; one 400-year Gregorian cycle later the calendar is the same.
  if (year < 100) return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - GREGORIAN_CYCLE_MS - offset;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

/** {@link timestampAt} for a string. */
export function parseTimestamp(t: string): number {
  const b = ascii(t, 35);
  return b === null ? Number.NaN : timestampAt(b, 0, t.length);
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

  const {
    transaction_id: tid,
    merchant_id: mid,
    pan: rawPan,
    expiry,
    amount_minor: amount,
    currency,
    timestamp,
  } = fields;
  if (tid !== undefined && !isId(tid)) reasons = add(reasons, 'TRANSACTION_ID_INVALID');
  if (mid !== undefined && !isId(mid)) reasons = add(reasons, 'MERCHANT_ID_INVALID');
  // Every string that would be copied into the output is scanned (card-numbers.md): the identifiers, and the
  // timestamp, whose time of day can hold 19 digits.
  if (
    (typeof tid === 'string' && containsPan(tid)) ||
    (typeof mid === 'string' && containsPan(mid)) ||
    (typeof timestamp === 'string' && containsPan(timestamp))
  )
    reasons = add(reasons, 'PAN_IN_OTHER_FIELD');

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
  if (currency !== undefined && (typeof currency !== 'string' || !isCurrency(currency)))
    reasons = add(reasons, 'CURRENCY_INVALID');
  const at = typeof timestamp === 'string' ? parseTimestamp(timestamp) : Number.NaN;
  if (timestamp !== undefined && Number.isNaN(at)) reasons = add(reasons, 'TIMESTAMP_INVALID');
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
    '{"transaction_id":"' +
    r.transactionId +
    '","merchant_id":"' +
    r.merchantId +
    '","token":"' +
    token +
    '","pan_masked":"' +
    maskPan(r.pan) +
    '","brand":"' +
    r.brand +
    '","expiry":"' +
    r.expiry +
    '","amount_minor":' +
    r.amountMinor +
    ',"currency":"' +
    r.currency +
    '","timestamp":"' +
    r.timestamp +
    '","line":' +
    line +
    '}\n'
  );
}

/** At most this many masks of card numbers found in an unparsed line are kept. */
export const DETECTED_MASKS_MAX = 5;

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

const MASK_PATTERN = /^[0-9]{6}\*{3,9}[0-9]{4}$/;
const KNOWN_RECORD_REASONS: ReadonlySet<string> = new Set(Object.keys(RECORD_REASONS));
const QUARANTINE_FIELDS: ReadonlySet<string> = new Set([
  'line',
  'reasons',
  'transaction_id',
  'pan_masked',
  'detected_pan_masks',
]);

/**
 * Checks one quarantine line against its schema (QuarantineEntry). Returns null when it conforms, else what is wrong.
 */
export function quarantineSchemaProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!QUARANTINE_FIELDS.has(k)) return `unexpected ${k}`;
  if (typeof o.line !== 'number' || !Number.isSafeInteger(o.line) || o.line < 1) return 'line';
  if (
    !Array.isArray(o.reasons) ||
    o.reasons.length === 0 ||
    !o.reasons.every((r) => typeof r === 'string' && KNOWN_RECORD_REASONS.has(r))
  )
    return 'reasons';
  if (o.transaction_id !== undefined && !isId(o.transaction_id)) return 'transaction_id';
  if (o.pan_masked !== undefined && (typeof o.pan_masked !== 'string' || !MASK_PATTERN.test(o.pan_masked)))
    return 'pan_masked';
  if (
    o.detected_pan_masks !== undefined &&
    (!Array.isArray(o.detected_pan_masks) ||
      o.detected_pan_masks.length === 0 ||
      o.detected_pan_masks.length > DETECTED_MASKS_MAX ||
      !o.detected_pan_masks.every((m) => typeof m === 'string' && MASK_PATTERN.test(m)))
  )
    return 'detected_pan_masks';
  return null;
}

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
  if (typeof o.timestamp !== 'string' || Number.isNaN(parseTimestamp(o.timestamp))) return 'timestamp';
  if (typeof o.line !== 'number' || !Number.isSafeInteger(o.line) || o.line < 1) return 'line';
  return null;
}
