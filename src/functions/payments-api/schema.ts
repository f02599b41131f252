// The request schema of POST /payments. zod checks the shape; the card-data core decides whether the card number
// is a card number (Luhn, brand), so the API and the file pipeline agree on what a valid PAN is.
import { z } from 'zod';
import { isCurrency } from '../../core/currency.ts';
import { containsPan } from '../../core/detect.ts';
import { brandOf, luhnValid, normalizePan, type Brand } from '../../core/pan.ts';
import type { FieldProblem } from './errors.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const EXPIRY = /^(0[1-9]|1[0-2])\/\d{2}$/;

export const CreatePaymentSchema = z.strictObject({
  merchant_id: z.string().regex(ID),
  amount_minor: z.number().int().min(1).max(99_999_999_999),
  currency: z.string().refine(isCurrency),
  card: z.strictObject({
    pan: z.string().min(13).max(23),
    expiry: z.string().regex(EXPIRY),
  }),
  reference: z.string().min(1).max(128).optional(),
});

export interface ValidPayment {
  merchantId: string;
  amountMinor: number;
  currency: string;
  /** Normalised digits; lives only until tokenized. */
  pan: string;
  brand: Brand;
  expiry: string;
  reference: string | null;
}

/**
 * Text PostgreSQL can store as given: no NUL (a text value cannot hold U+0000, and the insert would fail as a 500)
 * and no lone surrogate (it would be stored as U+FFFD, not as sent).
 */
function storableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type Parsed = { ok: true; payment: ValidPayment } | { ok: false; problems: FieldProblem[] };

/** First instant after the card's last valid month. */
function expiryEnd(expiry: string): number {
  return Date.UTC(2000 + Number(expiry.slice(3, 5)), Number(expiry.slice(0, 2)), 1);
}

export function parseCreatePayment(body: unknown, now: Date): Parsed {
  const result = CreatePaymentSchema.safeParse(body);
  if (!result.success) {
    // Paths and issue codes only: zod's messages are not needed and a custom one could quote input.
    const problems = result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      reason: issue.code,
    }));
    return { ok: false, problems };
  }
  const r = result.data;
  const problems: FieldProblem[] = [];
  const pan = normalizePan(r.card.pan);
  let brand: Brand | null = null;
  if (pan === null) problems.push({ field: 'card.pan', reason: 'PAN_FORMAT' });
  else if (!luhnValid(pan)) problems.push({ field: 'card.pan', reason: 'PAN_LUHN' });
  else if ((brand = brandOf(pan)) === null) problems.push({ field: 'card.pan', reason: 'PAN_BRAND_UNKNOWN' });
  if (expiryEnd(r.card.expiry) <= now.getTime()) problems.push({ field: 'card.expiry', reason: 'CARD_EXPIRED' });
  // A card number typed into a free-text field, however it is spelt (card-numbers.md), would otherwise be stored
  // and returned in clear.
  if (containsPan(r.merchant_id)) problems.push({ field: 'merchant_id', reason: 'PAN_IN_OTHER_FIELD' });
  if (r.reference !== undefined) {
    if (!storableText(r.reference)) problems.push({ field: 'reference', reason: 'INVALID_CHARACTER' });
    else if (containsPan(r.reference)) problems.push({ field: 'reference', reason: 'PAN_IN_OTHER_FIELD' });
  }
  if (problems.length > 0 || pan === null || brand === null) return { ok: false, problems };
  return {
    ok: true,
    payment: {
      merchantId: r.merchant_id,
      amountMinor: r.amount_minor,
      currency: r.currency,
      pan,
      brand,
      expiry: r.card.expiry,
      reference: r.reference ?? null,
    },
  };
}
