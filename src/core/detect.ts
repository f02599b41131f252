// Detection of card numbers in arbitrary text, for data-loss checks. A candidate is a maximal run of digits in
// which single spaces or hyphens may separate digits ("4111 1111-1111 1111"); it is reported when it holds
// 13–19 digits and passes Luhn. Runs longer than 19 digits are not split into windows: a long reference number
// would otherwise be flagged one time in ten. Findings carry positions and masks only, never the digits.
import { PAN_MAX_LENGTH, PAN_MIN_LENGTH, brandOf, luhnValid, maskPan, type Brand } from './pan.ts';

export interface PanFinding {
  /** Offset of the first digit and one past the last digit, in UTF-16 code units of the scanned text. */
  start: number;
  end: number;
  masked: string;
  brand: Brand | null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Every Luhn-valid PAN-like digit run in `text`. */
export function findPans(text: string, limit = Number.POSITIVE_INFINITY): PanFinding[] {
  const findings: PanFinding[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    let digits = '';
    let count = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) {
        if (count <= PAN_MAX_LENGTH) digits += text[i];
        count++;
        i++;
        end = i;
      } else if ((c === 32 || c === 45) && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
        i++;
      } else break;
    }
    if (count >= PAN_MIN_LENGTH && count <= PAN_MAX_LENGTH && luhnValid(digits) && !insideUuid(text, start, end)) {
      findings.push({ start, end, masked: maskPan(digits), brand: brandOf(digits) });
      if (findings.length >= limit) return findings;
    }
  }
  return findings;
}

function isHexOrHyphen(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 45;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A digit run that lies inside a UUID-shaped token ("…c3d4-5678-4123-9876-5432a09…") is part of an identifier, not a
 * card number: hyphen-separated UUID groups form a Luhn-valid 13–19 digit run about once in 450 random UUIDs, which
 * would make every leak scan over object version ids and request ids flaky. Checked only for Luhn-valid candidates.
 */
function insideUuid(text: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && isHexOrHyphen(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && isHexOrHyphen(text.charCodeAt(to))) to++;
  return to - from === 36 && UUID.test(text.slice(from, to));
}

/** True when `text` holds at least one Luhn-valid PAN-like run. */
export function containsPan(text: string): boolean {
  // Fast reject: no run of 13 digits is possible without at least 13 digit characters.
  let digitCount = 0;
  for (let i = 0; i < text.length && digitCount < PAN_MIN_LENGTH; i++) if (isDigit(text.charCodeAt(i))) digitCount++;
  if (digitCount < PAN_MIN_LENGTH) return false;
  return findPans(text, 1).length > 0;
}

/** `text` with every detected card number replaced by its mask (for object keys and other identifiers). */
export function redactPans(text: string): string {
  const found = findPans(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + f.masked;
    at = f.end;
  }
  return out + text.slice(at);
}
