// The fast path for the common JSON Lines record, on raw bytes: a flat object holding exactly the schema's keys,
// every value valid. It either accepts the record — writing the processed line straight into the output chunk —
// or declines, and the line takes the general path (JSON.parse, validateRecord, processedLine), which stays the
// reference for every decision. A property test feeds random files through both and requires byte-identical
// output, summaries and duplicate handling.
// Nothing per record becomes a JavaScript string here, so there is nothing for the garbage collector to chase;
// and the card number is never a string at all: its digits go into a 19-byte scratch array that is wiped as soon
// as the record is done, accepted or not.
import { isCurrencyAt } from './currency.ts';
import type { DuplicateDetector } from './dedupe.ts';
import type { ByteOutput } from './output.ts';
import { PAN_MAX_LENGTH, PAN_MIN_LENGTH, brandByIin, type Brand } from './pan.ts';
import { INPUT_FIELDS, MAX_AMOUNT_MINOR, expiryEndAt, timestampAt } from './record.ts';
import { tokenPrefix, writeTokenLetters, type TokenKey } from './token.ts';

const FIELD_COUNT = INPUT_FIELDS.length;
const KEY_BYTES = INPUT_FIELDS.map((k) => Buffer.from(k, 'latin1'));
const [TRANSACTION_ID, MERCHANT_ID, PAN, EXPIRY, AMOUNT, CURRENCY, TIMESTAMP] = INPUT_FIELDS.map((_, i) => i) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
if (INPUT_FIELDS[AMOUNT] !== 'amount_minor' || INPUT_FIELDS[TIMESTAMP] !== 'timestamp')
  throw new Error('fast-record: schema order changed');

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i]!)) i++;
  return i;
}

/** Whether key k's name, followed by its closing quote, starts at b[at]. */
function keyIs(b: Uint8Array, at: number, end: number, k: number): boolean {
  const name = KEY_BYTES[k]!;
  const n = name.length;
  if (at + n >= end || b[at + n] !== 34) return false;
  for (let i = 0; i < n; i++) if (b[at + i] !== name[i]) return false;
  return true;
}

/** Which schema key starts at b[at] (just after its opening quote), or -1. The expected one is tried first. */
function keyAt(b: Uint8Array, at: number, end: number, expected: number): number {
  if (expected < FIELD_COUNT && keyIs(b, at, end, expected)) return expected;
  for (let k = 0; k < FIELD_COUNT; k++) if (keyIs(b, at, end, k)) return k;
  return -1;
}

/**
 * Parses b[start, end) as one flat JSON object with exactly the schema's keys, each once, in any order and with
 * any JSON whitespace. Each value's span goes into spans[2k], spans[2k + 1]: for a string the bytes between its
 * quotes, for a number its digits. Returns a bitmask of the fields whose value is a number, or -1 to decline.
 * Only plain values are taken: strings of printable ASCII without escapes (so a span's bytes are exactly the
 * string JSON.parse returns) and non-negative integers of up to 15 digits without a leading zero.
 */
export function parseFlatSpans(b: Uint8Array, start: number, end: number, spans: Int32Array): number {
  let i = skipSpace(b, start, end);
  if (b[i] !== 123 || i >= end) return -1;
  i = skipSpace(b, i + 1, end);
  let have = 0;
  let numbers = 0;
  for (let seen = 0; ; seen++) {
    if (i >= end || b[i] !== 34) return -1;
    const k = keyAt(b, i + 1, end, seen);
    if (k < 0 || (have & (1 << k)) !== 0) return -1;
    have |= 1 << k;
    i = skipSpace(b, i + KEY_BYTES[k]!.length + 2, end);
    if (i >= end || b[i] !== 58) return -1;
    i = skipSpace(b, i + 1, end);
    if (i >= end) return -1;
    const c = b[i]!;
    if (c === 34) {
      const from = ++i;
      for (;;) {
        if (i >= end) return -1;
        const d = b[i]!;
        if (d === 34) break;
        if (d < 32 || d > 126 || d === 92) return -1;
        i++;
      }
      spans[2 * k] = from;
      spans[2 * k + 1] = i;
      i++;
    } else if (c >= 48 && c <= 57) {
      const from = i;
      while (i < end && b[i]! >= 48 && b[i]! <= 57) i++;
      const next = i < end ? b[i] : -1;
      if (i - from > 15 || (c === 48 && i - from > 1) || next === 46 || next === 101 || next === 69) return -1;
      spans[2 * k] = from;
      spans[2 * k + 1] = i;
      numbers |= 1 << k;
    } else return -1;
    i = skipSpace(b, i, end);
    if (i >= end) return -1;
    if (b[i] === 44) {
      i = skipSpace(b, i + 1, end);
      continue;
    }
    if (b[i] !== 125 || skipSpace(b, i + 1, end) !== end || seen + 1 !== FIELD_COUNT) return -1;
    return numbers;
  }
}

/** The number of digits in an identifier of [A-Za-z0-9][A-Za-z0-9._:-]{0,63} at b[start, end), or -1. */
function idDigits(b: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 64) return -1;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) digits++;
    else if (
      !((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (i > start && (c === 46 || c === 95 || c === 58 || c === 45)))
    )
      return -1;
  }
  return digits;
}

/**
 * A constant piece of the output line, kept as big-endian 32-bit words plus the last 0–3 bytes: V8 copies typed
 * arrays byte by byte at several nanoseconds a byte, and the ~150 constant bytes of each line were a third of
 * the fast path's time.
 */
interface Piece {
  readonly words: Int32Array;
  readonly tail: Uint8Array;
}

function piece(text: string): Piece {
  const bytes = Buffer.from(text, 'latin1');
  const whole = bytes.length - (bytes.length % 4);
  const words = new Int32Array(whole / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readInt32BE(4 * i);
  return { words, tail: new Uint8Array(bytes.subarray(whole)) };
}

function put(view: DataView, target: Uint8Array, at: number, p: Piece): number {
  const words = p.words;
  for (let i = 0; i < words.length; i++, at += 4) view.setInt32(at, words[i]!);
  const tail = p.tail;
  for (let i = 0; i < tail.length; i++) target[at++] = tail[i]!;
  return at;
}

/** Copies src[from, to) to target[at…], four bytes at a time through the two views. */
function copy(
  view: DataView,
  target: Uint8Array,
  at: number,
  source: DataView,
  src: Uint8Array,
  from: number,
  to: number,
): number {
  for (; from + 4 <= to; from += 4, at += 4) view.setInt32(at, source.getInt32(from));
  for (; from < to; from++) target[at++] = src[from]!;
  return at;
}

function decimal(target: Uint8Array, at: number, n: number): number {
  let width = 1;
  for (let p = 10; p <= n; p *= 10) width++;
  for (let i = at + width - 1; i >= at; i--) {
    target[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + width;
}

// The output line, as processedLine() writes it, in the pieces between its variable parts.
const OPEN = piece('{"transaction_id":"');
const MERCHANT = piece('","merchant_id":"');
const MASK = piece('","pan_masked":"');
const AMOUNT_KEY = piece('","amount_minor":');
const CURRENCY_KEY = piece(',"currency":"');
const TIMESTAMP_KEY = piece('","timestamp":"');
const LINE_KEY = piece('","line":');
const BRANDS: readonly Brand[] = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners', 'unionpay'];
/** The brand with the pieces around it, one per brand. */
const BRAND_AND_EXPIRY_KEY = new Map<Brand, Piece>(
  BRANDS.map((brand) => [brand, piece(`","brand":"${brand}","expiry":"`)]),
);
/** Longer than any line this path writes: two 64-byte ids, a 35-byte timestamp, a 42-byte token, constants. */
const LINE_MAX = 512;

export class FastRecordPath {
  private readonly spans = new Int32Array(2 * FIELD_COUNT);
  /** The PAN's digits (ASCII) while one record is handled; wiped before accept() returns. */
  private readonly digits = new Uint8Array(PAN_MAX_LENGTH);
  private readonly digest = new Int32Array(8);
  /** `","token":"tok_v<version>_`. */
  private readonly tokenKey: Piece;
  /** A view of the last input chunk seen, for copying four bytes at a time. */
  private source: Uint8Array | null = null;
  private sourceView: DataView | null = null;

  constructor(
    private readonly key: TokenKey,
    private readonly duplicates: DuplicateDetector,
  ) {
    this.tokenKey = piece(`","token":"${tokenPrefix(key.version)}`);
  }

  /**
   * Takes the record in b[start, end) (one line, without its line break) when it is a plain, valid, first-seen
   * record: writes its processed line to `out` and returns true. Otherwise returns false having changed nothing
   * (a repeated transaction id is looked up, not added), and the caller takes the general path.
   */
  accept(b: Uint8Array, start: number, end: number, line: number, out: ByteOutput): boolean {
    const accepted = this.tryAccept(b, start, end, line, out);
    this.digits.fill(0);
    return accepted;
  }

  private tryAccept(b: Uint8Array, start: number, end: number, line: number, out: ByteOutput): boolean {
    const s = this.spans;
    if (parseFlatSpans(b, start, end, s) !== 1 << AMOUNT) return false; // the amount is a number, the rest strings
    // Identifiers with 13 or more digits might hold a card number: the general path runs the PAN detector on them.
    const tidDigits = idDigits(b, s[2 * TRANSACTION_ID]!, s[2 * TRANSACTION_ID + 1]!);
    const midDigits = idDigits(b, s[2 * MERCHANT_ID]!, s[2 * MERCHANT_ID + 1]!);
    if (tidDigits < 0 || tidDigits >= PAN_MIN_LENGTH || midDigits < 0 || midDigits >= PAN_MIN_LENGTH) return false;

    // The PAN: digits with optional spaces or hyphens (as normalizePan), 13–19 digits, Luhn, a known brand.
    const digits = this.digits;
    let n = 0;
    for (let i = s[2 * PAN]!, to = s[2 * PAN + 1]!; i < to; i++) {
      const c = b[i]!;
      if (c >= 48 && c <= 57) {
        if (n === PAN_MAX_LENGTH) return false;
        digits[n++] = c;
      } else if (c !== 32 && c !== 45) return false;
    }
    if (n < PAN_MIN_LENGTH) return false;
    let sum = 0;
    let iin6 = 0;
    for (let i = 0; i < n; i++) {
      let d = digits[n - 1 - i]! - 48;
      if ((i & 1) === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      if (i < 6) iin6 = iin6 * 10 + (digits[i]! - 48);
    }
    if (sum % 10 !== 0) return false;
    const brand = brandByIin(iin6, n);
    if (brand === null) return false;

    const expiryEnd = expiryEndAt(b, s[2 * EXPIRY]!, s[2 * EXPIRY + 1]!);
    let amount = 0;
    for (let i = s[2 * AMOUNT]!, to = s[2 * AMOUNT + 1]!; i < to; i++) amount = amount * 10 + (b[i]! - 48);
    const at = timestampAt(b, s[2 * TIMESTAMP]!, s[2 * TIMESTAMP + 1]!);
    if (
      Number.isNaN(expiryEnd) ||
      amount < 1 ||
      amount > MAX_AMOUNT_MINOR ||
      !isCurrencyAt(b, s[2 * CURRENCY]!, s[2 * CURRENCY + 1]!) ||
      Number.isNaN(at) ||
      at >= expiryEnd
    )
      return false;
    // A time of day with 13 or more digits (fraction and offset) might hold a card number: the detector decides.
    // It needs at least 27 characters (`YYYY-MM-DDT` and `HH:MM:SS.fffffff`); the common forms are shorter.
    if (s[2 * TIMESTAMP + 1]! - s[2 * TIMESTAMP]! >= 27) {
      let timeDigits = 0;
      for (let i = s[2 * TIMESTAMP]! + 11, to = s[2 * TIMESTAMP + 1]!; i < to; i++)
        if (b[i]! >= 48 && b[i]! <= 57) timeDigits++;
      if (timeDigits >= PAN_MIN_LENGTH) return false;
    }
    if (this.duplicates.seenAt(b, s[2 * TRANSACTION_ID]!, s[2 * TRANSACTION_ID + 1]!)) return false;

    this.key.hmac.digestBytes(digits, n, this.digest);
    if (b !== this.source) {
      this.source = b;
      this.sourceView = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const sv = this.sourceView!;
    out.reserve(LINE_MAX);
    const t = out.buf;
    const v = out.view;
    let p = put(v, t, out.pos, OPEN);
    p = copy(v, t, p, sv, b, s[2 * TRANSACTION_ID]!, s[2 * TRANSACTION_ID + 1]!);
    p = put(v, t, p, MERCHANT);
    p = copy(v, t, p, sv, b, s[2 * MERCHANT_ID]!, s[2 * MERCHANT_ID + 1]!);
    p = put(v, t, p, this.tokenKey);
    writeTokenLetters(this.digest, t, p);
    p += 32;
    p = put(v, t, p, MASK);
    for (let i = 0; i < 6; i++) t[p++] = digits[i]!;
    for (let i = 10; i < n; i++) t[p++] = 42; // '*'
    for (let i = n - 4; i < n; i++) t[p++] = digits[i]!;
    p = put(v, t, p, BRAND_AND_EXPIRY_KEY.get(brand)!);
    p = copy(v, t, p, sv, b, s[2 * EXPIRY]!, s[2 * EXPIRY + 1]!);
    p = put(v, t, p, AMOUNT_KEY);
    p = copy(v, t, p, sv, b, s[2 * AMOUNT]!, s[2 * AMOUNT + 1]!);
    p = put(v, t, p, CURRENCY_KEY);
    p = copy(v, t, p, sv, b, s[2 * CURRENCY]!, s[2 * CURRENCY + 1]!);
    p = put(v, t, p, TIMESTAMP_KEY);
    p = copy(v, t, p, sv, b, s[2 * TIMESTAMP]!, s[2 * TIMESTAMP + 1]!);
    p = put(v, t, p, LINE_KEY);
    p = decimal(t, p, line);
    t[p++] = 125; // }
    t[p++] = 10;
    out.pos = p;
    out.endLine();
    return true;
  }
}
