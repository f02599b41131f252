// Card-like numbers for property tests. Only the public test PANs and numbers that no card network issues: a leading
// 9 (ISO/IEC 7812 major industry identifier 9, national assignment) followed by random digits and a Luhn check
// digit. Random numbers under a real network's prefix could be somebody's card, so none are made.
import fc from 'fast-check';
import { luhnValid } from '../../../src/core/index.ts';
import { TEST_PANS } from '../../../src/local/synthetic.ts';

/** Appends the Luhn check digit to `body`. */
export function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/** A Luhn-valid 13–19 digit number: a public test PAN, or a 9-prefixed number no card network issues. */
export const cardNumber = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...TEST_PANS) },
  { weight: 3, arbitrary: fc.stringMatching(/^[0-9]{11,17}$/).map((rest) => withCheckDigit('9' + rest)) },
);
