// The card-number detector: what counts as a card number in any text that leaves the system. The definition, its
// reasons and its measured false-positive cost are written in card-numbers.md beside this file; this file is that
// definition and nothing more. Findings carry positions and masks only, never the digits.
import { PAN_MAX_LENGTH, PAN_MIN_LENGTH, brandOf, maskPan, type Brand } from './pan.ts';

export interface PanFinding {
  /** Offset of the first digit and one past the last digit, in UTF-16 code units of the scanned text. */
  start: number;
  end: number;
  /** First six and last four digits (ASCII), whatever script the digits were written in. */
  masked: string;
  brand: Brand | null;
}

/** Most visible separator characters that may stand between two digits of one card number. */
export const MAX_SEPARATOR_RUN = 4;

// Character classes: 0–9 is a decimal digit's value.
const OTHER = -1;
/** Counts towards MAX_SEPARATOR_RUN: whitespace, dashes, `. _ : / \ | + -` and their compatibility forms. */
const SEPARATOR = -2;
/** Does not count: format and control characters, combining marks, default-ignorable code points. */
const INVISIBLE = -3;
const UNKNOWN = -128;

const ASCII_CLASS = new Int8Array(128).fill(OTHER);
for (let d = 0; d < 10; d++) ASCII_CLASS[48 + d] = d;
for (let c = 0; c < 32; c++) ASCII_CLASS[c] = INVISIBLE;
ASCII_CLASS[127] = INVISIBLE;
for (const c of ' \t\n\v\f\r._:/\\|+-') ASCII_CLASS[c.charCodeAt(0)] = SEPARATOR;

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const WHITE_SPACE = /^\p{White_Space}$/u;
const INVISIBLE_CHAR = /^[\p{Cf}\p{Cc}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]$/u;
const DASH = /^\p{Pd}$/u;
/** Symbols that read as a dash, a dot or a slash between digits without being one in Unicode's categories. */
const LOOKALIKE_SEPARATORS = new Set([0x2212, 0x00b7, 0x2027, 0x30fb, 0xff65, 0x2044, 0x2215]);

const bmpClass = new Int8Array(0x10000).fill(UNKNOWN);
const astralClass = new Map<number, number>();

function classifyCodePoint(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (DECIMAL_DIGIT.test(ch)) {
    // Unicode assigns decimal digits only in contiguous runs of whole blocks 0–9 (a stability policy), so a digit's
    // value is its distance from the start of its run, modulo 10.
    let first = cp;
    while (first > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first--;
    return (cp - first) % 10;
  }
  if (WHITE_SPACE.test(ch)) return SEPARATOR;
  if (INVISIBLE_CHAR.test(ch)) return INVISIBLE;
  if (DASH.test(ch) || LOOKALIKE_SEPARATORS.has(cp)) return SEPARATOR;
  const compatible = ch.normalize('NFKC');
  if (compatible.length === 1 && compatible.charCodeAt(0) < 128 && ASCII_CLASS[compatible.charCodeAt(0)] === SEPARATOR)
    return SEPARATOR;
  return OTHER;
}

/** Width in code units of the character last classified by classAt. */
let width = 1;

/** The class of the character at text[i] (a code point: a surrogate pair is one character, width 2). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  width = 1;
  if (c < 128) return ASCII_CLASS[c]!;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      width = 2;
      const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
      let cls = astralClass.get(cp);
      if (cls === undefined) {
        cls = classifyCodePoint(cp);
        if (astralClass.size >= 4096) astralClass.clear(); // hostile text may hold every astral character
        astralClass.set(cp, cls);
      }
      return cls;
    }
  }
  if (c >= 0xd800 && c <= 0xdfff) return OTHER; // a lone surrogate
  let cls = bmpClass[c]!;
  if (cls === UNKNOWN) bmpClass[c] = cls = classifyCodePoint(c);
  return cls;
}

/** The value of a decimal digit (any script) at text[i], or -1. */
export function digitValueAt(text: string, i: number): number {
  const cls = classAt(text, i);
  return cls >= 0 ? cls : -1;
}

// One run at a time: the digits' values, and per group (digits with no separator between them) its text span and
// its slice of `digits`. Reused across calls (the scan is synchronous).
const digits: number[] = [];
const groupStart: number[] = [];
const groupEnd: number[] = [];
const groupFrom: number[] = [];
const candidateFirst: number[] = [];
const candidateLast: number[] = [];

function luhn(from: number, to: number): boolean {
  let sum = 0;
  let double = false;
  for (let k = to - 1; k >= from; k--) {
    let d = digits[k]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function digitString(from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(48 + digits[k]!);
  return s;
}

/**
 * Every card number in `text` (see card-numbers.md), left to right, without overlaps: of candidates that overlap,
 * the one starting first is kept, and of those starting together the shortest.
 */
export function findPans(text: string, limit = Number.POSITIVE_INFINITY): PanFinding[] {
  const findings: PanFinding[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && findings.length < limit) {
    if (classAt(text, i) < 0) {
      i += width;
      continue;
    }
    // A run: groups of digits separated by short runs of separators.
    digits.length = 0;
    groupStart.length = groupEnd.length = groupFrom.length = 0;
    let lastEnd = i;
    for (;;) {
      groupStart.push(i);
      groupFrom.push(digits.length);
      let cls: number;
      while (i < n && (cls = classAt(text, i)) >= 0) {
        digits.push(cls);
        i += width;
      }
      groupEnd.push(i);
      lastEnd = i;
      let visible = 0;
      let j = i;
      let next = OTHER;
      while (j < n) {
        next = classAt(text, j);
        if (next === SEPARATOR) {
          if (++visible > MAX_SEPARATOR_RUN) break;
        } else if (next !== INVISIBLE) break;
        j += width;
      }
      if (
        j < n &&
        next >= 0 &&
        visible <= MAX_SEPARATOR_RUN &&
        !(j === i + 1 && text.charCodeAt(i) === 32 && isDateTimeSpace(text, i))
      ) {
        i = j;
        continue;
      }
      break;
    }
    i = lastEnd;
    if (digits.length >= PAN_MIN_LENGTH) evaluateRun(text, findings, limit);
  }
  return findings;
}

/** Adds the run's card numbers: every span of whole groups holding 13–19 digits that passes Luhn and is not exempt. */
function evaluateRun(text: string, findings: PanFinding[], limit: number): void {
  const groups = groupStart.length;
  candidateFirst.length = candidateLast.length = 0;
  for (let last = 0; last < groups; last++) {
    const to = last + 1 < groups ? groupFrom[last + 1]! : digits.length;
    for (let first = last; first >= 0; first--) {
      const from = groupFrom[first]!;
      const count = to - from;
      if (count > PAN_MAX_LENGTH) break;
      if (count < PAN_MIN_LENGTH || !luhn(from, to)) continue;
      if (exempt(text, groupStart[first]!, groupEnd[last]!)) continue;
      candidateFirst.push(first);
      candidateLast.push(last);
    }
  }
  if (candidateFirst.length === 0) return;
  const order = candidateFirst
    .map((_, k) => k)
    .sort((a, b) => candidateFirst[a]! - candidateFirst[b]! || candidateLast[a]! - candidateLast[b]!);
  let after = -1;
  for (const k of order) {
    const first = candidateFirst[k]!;
    const last = candidateLast[k]!;
    if (first <= after) continue;
    after = last;
    const to = last + 1 < groups ? groupFrom[last + 1]! : digits.length;
    const pan = digitString(groupFrom[first]!, to);
    findings.push({ start: groupStart[first]!, end: groupEnd[last]!, masked: maskPan(pan), brand: brandOf(pan) });
    if (findings.length >= limit) return;
  }
}

// ---- Identifiers that are not card numbers (card-numbers.md, "Exemptions"). Checked only for a Luhn-valid span.

function exempt(text: string, start: number, end: number): boolean {
  return insideUuid(text, start, end) || isArnAccountJoin(text, start, end) || insideTimeOfDay(text, start, end);
}

function isHexOrHyphen(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 45;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_LETTER = /[a-f]/i;

/**
 * Wholly inside a UUID-shaped token (8-4-4-4-12 hex, nothing hex-like either side) that holds at least one hex
 * letter: random UUIDs form Luhn-valid digit spans about once in 450, and every one of them holds letters.
 */
function insideUuid(text: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && isHexOrHyphen(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && isHexOrHyphen(text.charCodeAt(to))) to++;
  if (to - from !== 36) return false;
  const token = text.slice(from, to);
  return UUID.test(token) && HEX_LETTER.test(token);
}

const REGION_AND_ACCOUNT = /^[0-9]{1,2}:[0-9]{12}$/;
const ARN_UP_TO_REGION_NUMBER = /(?:^|[^A-Za-z0-9-])arn:aws[a-z-]*:[a-z0-9-]+:[a-z]{2}(?:-[a-z]+)+-$/;

/**
 * Exactly the region's number and the account id of an ARN (`arn:aws:lambda:us-east-1:123456789012:…`): the colon
 * joins them into 13 digits, which would make every ARN of one account in ten regions a card number.
 */
function isArnAccountJoin(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 58 || !REGION_AND_ACCOUNT.test(text.slice(start, end))) return false;
  return ARN_UP_TO_REGION_NUMBER.test(text.slice(Math.max(0, start - 80), start));
}

/** A calendar date with a year from 1900 to 2199: no card network issues numbers starting 19, 20 or 21. */
const DATE = /^(?:19|20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$/;
const TIME_OF_DAY =
  /([01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:[.,][0-9]{1,9})?)?(?:[Zz]|[+-](?:0[0-9]|1[0-4])(?::?(?:00|15|30|45))?)?/y;

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A date ends just before text[at] (and no digit stands before it). */
function dateEndsAt(text: string, at: number): boolean {
  return at >= 10 && !isAsciiDigit(text.charCodeAt(at - 11)) && DATE.test(text.slice(at - 10, at));
}

/** Where the time of day starting at text[at] ends, or -1 (it must not run on into another digit). */
function timeOfDayEnd(text: string, at: number): number {
  TIME_OF_DAY.lastIndex = at;
  if (TIME_OF_DAY.exec(text) === null) return -1;
  return isAsciiDigit(text.charCodeAt(TIME_OF_DAY.lastIndex)) ? -1 : TIME_OF_DAY.lastIndex;
}

/**
 * The single space between the date and the time of a date-time (`2026-11-23 10:00:00.123`) ends a run instead of
 * joining the two: joined, one such date-time in four would hold a Luhn-valid span.
 */
function isDateTimeSpace(text: string, space: number): boolean {
  return (
    text.charCodeAt(space - 3) === 45 &&
    text.charCodeAt(space + 3) === 58 &&
    dateEndsAt(text, space) &&
    timeOfDayEnd(text, space + 1) >= 0
  );
}

/**
 * Wholly inside the time of day of a date-time (`2026-11-23T10:00:00.123456+05:30`, or with a space): hours,
 * minutes, seconds, up to nine fraction digits and the offset make up to 19 digits joined by `:`, `.` and `+`.
 */
function insideTimeOfDay(text: string, start: number, end: number): boolean {
  let t = start - 1;
  for (; t >= 0 && start - t <= 24; t--) {
    const c = text.charCodeAt(t);
    if (c === 84 || c === 116 || c === 32) break;
    if (!(isAsciiDigit(c) || c === 58 || c === 46 || c === 44 || c === 43 || c === 45)) return false;
  }
  if (t < 0 || start - t > 24 || !dateEndsAt(text, t)) return false;
  const timeEnd = timeOfDayEnd(text, t + 1);
  return timeEnd >= end;
}

// ---- Entry points.

/** True when `text` holds at least one card number. */
export function containsPan(text: string): boolean {
  // Fast reject: a card number needs 13 digits, and every digit outside ASCII is at U+0660 or above.
  let possible = 0;
  for (let i = 0; i < text.length && possible < PAN_MIN_LENGTH; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c >= 0x660) possible++;
  }
  if (possible < PAN_MIN_LENGTH) return false;
  return findPans(text, 1).length > 0;
}
