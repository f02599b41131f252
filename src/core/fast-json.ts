// A fast path for the common input line: a flat JSON object holding exactly the schema's keys, with plain
// strings (no escapes) and small non-negative integers. Anything else — escapes, other keys, duplicates, floats,
// nesting, unusual whitespace — returns undefined and the caller uses JSON.parse, which stays the reference:
// a unit property test checks that whenever this returns a value, JSON.parse returns the same.
import { INPUT_FIELDS } from './record.ts';

export interface InputFields {
  transaction_id: unknown;
  merchant_id: unknown;
  pan: unknown;
  expiry: unknown;
  amount_minor: unknown;
  currency: unknown;
  timestamp: unknown;
}

function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else return i;
  }
}

function isKey(s: string, at: number, k: number): boolean {
  const name = INPUT_FIELDS[k]!;
  return s.charCodeAt(at + name.length) === 34 && s.startsWith(name, at);
}

/**
 * Which schema key starts at `s[at]` (just after its opening quote), by index into INPUT_FIELDS, or -1. Files
 * almost always list keys in schema order, so the expected one is tried first.
 */
function keyAt(s: string, at: number, expected: number): number {
  if (expected < INPUT_FIELDS.length && isKey(s, at, expected)) return expected;
  for (let k = 0; k < INPUT_FIELDS.length; k++) {
    const name = INPUT_FIELDS[k]!;
    if (s.charCodeAt(at + name.length) === 34 && s.startsWith(name, at)) return k;
  }
  return -1;
}

// Escapes and raw control characters are left to JSON.parse; checking the whole line once lets string values
// be cut with indexOf instead of a character loop.
const NEEDS_FULL_PARSER = /[\\\x00-\x1f]/;

export function parseFlatRecord(s: string): InputFields | undefined {
  if (NEEDS_FULL_PARSER.test(s)) return undefined;
  // One local per field rather than an array: this runs once per record and allocates only the result.
  let v0: unknown, v1: unknown, v2: unknown, v3: unknown, v4: unknown, v5: unknown, v6: unknown;
  let have = 0; // bit k set once field k was read
  let i = skipSpace(s, 0);
  if (s.charCodeAt(i) !== 123) return undefined;
  i = skipSpace(s, i + 1);
  let seen = 0;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return undefined;
    const k = keyAt(s, i + 1, seen);
    if (k < 0 || (have & (1 << k)) !== 0) return undefined;
    have |= 1 << k;
    i = skipSpace(s, i + INPUT_FIELDS[k]!.length + 2);
    if (s.charCodeAt(i) !== 58) return undefined;
    i = skipSpace(s, i + 1);
    const c = s.charCodeAt(i);
    let value: unknown;
    if (c === 34) {
      const start = i + 1;
      const j = s.indexOf('"', start);
      if (j < 0) return undefined;
      value = s.slice(start, j);
      i = j + 1;
    } else if (c >= 48 && c <= 57) {
      let n = 0;
      let j = i;
      for (;;) {
        const d = s.charCodeAt(j);
        if (d < 48 || d > 57) break;
        n = n * 10 + (d - 48);
        j++;
      }
      const next = s.charCodeAt(j);
      if (j - i > 15 || (c === 48 && j - i > 1) || next === 46 || next === 101 || next === 69) return undefined;
      value = n;
      i = j;
    } else return undefined;
    switch (k) {
      case 0: v0 = value; break;
      case 1: v1 = value; break;
      case 2: v2 = value; break;
      case 3: v3 = value; break;
      case 4: v4 = value; break;
      case 5: v5 = value; break;
      default: v6 = value;
    }
    seen++;
    i = skipSpace(s, i);
    const sep = s.charCodeAt(i);
    if (sep === 44) {
      i = skipSpace(s, i + 1);
      continue;
    }
    if (sep !== 125) return undefined;
    if (skipSpace(s, i + 1) !== s.length) return undefined;
    break;
  }
  if (seen !== INPUT_FIELDS.length) return undefined;
  return { transaction_id: v0, merchant_id: v1, pan: v2, expiry: v3, amount_minor: v4, currency: v5, timestamp: v6 };
}
