// Primary account numbers: normalisation, Luhn, brand by IIN range, masking.
// Hot-path functions work on char codes rather than regular expressions: they run once per record.

export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay';

export const PAN_MIN_LENGTH = 13;
export const PAN_MAX_LENGTH = 19;

/**
 * Strips the separators people type (spaces, hyphens) and returns the digits, or null when anything else is
 * present or the length is outside 13–19.
 */
export function normalizePan(input: string): string | null {
  let digits = '';
  let clean = true;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 32 || c === 45) {
      clean = false;
      continue;
    }
    return null;
  }
  if (clean) digits = input;
  else {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c >= 48 && c <= 57) digits += input[i];
    }
  }
  if (digits.length < PAN_MIN_LENGTH || digits.length > PAN_MAX_LENGTH) return null;
  return digits;
}

/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function prefix(digits: string, n: number): number {
  let v = 0;
  for (let i = 0; i < n && i < digits.length; i++) v = v * 10 + (digits.charCodeAt(i) - 48);
  return v;
}

/**
 * Brand by issuer identification number range and length. Ranges from the networks' published IIN tables:
 * Visa 4; Mastercard 51–55 and 2221–2720; Amex 34, 37; Discover 6011, 644–649, 65, 622126–622925;
 * JCB 3528–3589; Diners 300–305, 36, 38–39; UnionPay 62 (outside Discover's co-branded range), 81.
 */
export function brandOf(digits: string): Brand | null {
  return brandByIin(prefix(digits, 6), digits.length);
}

/** {@link brandOf} from the first six digits as a number (`iin6`) and the PAN's length (≥ 6). */
export function brandByIin(iin6: number, len: number): Brand | null {
  const d1 = Math.floor(iin6 / 100_000);
  const p2 = Math.floor(iin6 / 10_000);
  const p3 = Math.floor(iin6 / 1_000);
  const p4 = Math.floor(iin6 / 100);
  if (d1 === 4) return len === 13 || len === 16 || len === 19 ? 'visa' : null;
  if (p2 >= 51 && p2 <= 55) return len === 16 ? 'mastercard' : null;
  if (p4 >= 2221 && p4 <= 2720) return len === 16 ? 'mastercard' : null;
  if (p2 === 34 || p2 === 37) return len === 15 ? 'amex' : null;
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19 ? 'jcb' : null;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return len >= 14 && len <= 19 ? 'diners' : null;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (iin6 >= 622126 && iin6 <= 622925)) {
    return len >= 16 && len <= 19 ? 'discover' : null;
  }
  if (p2 === 62 || p2 === 81) return len >= 16 && len <= 19 ? 'unionpay' : null;
  return null;
}

/** First six and last four digits kept, the rest replaced by `*` (PCI DSS 3.4.1). Needs at least 11 digits. */
export function maskPan(digits: string): string {
  const len = digits.length;
  if (len < 11) return '*'.repeat(len);
  return digits.slice(0, 6) + STARS[len - 10] + digits.slice(len - 4);
}

const STARS: string[] = Array.from({ length: 20 }, (_, n) => '*'.repeat(n));
