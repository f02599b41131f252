import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { brandOf, luhnValid, maskPan, normalizePan } from '../../../src/core/index.ts';
import { cardNumber, withCheckDigit } from './card-numbers.ts';

const PUBLIC_TEST_PANS: [string, string][] = [
  ['4111111111111111', 'visa'],
  ['4242424242424242', 'visa'],
  ['5555555555554444', 'mastercard'],
  ['2223003122003222', 'mastercard'],
  ['378282246310005', 'amex'],
  ['6011111111111117', 'discover'],
  ['3530111333300000', 'jcb'],
  ['36227206271667', 'diners'],
  ['6200000000000005', 'unionpay'],
];

const luhnPan = cardNumber;

test('public test card numbers pass Luhn and get their brand', () => {
  for (const [pan, brand] of PUBLIC_TEST_PANS) {
    assert.equal(luhnValid(pan), true, pan.slice(0, 6));
    assert.equal(brandOf(pan), brand, pan.slice(0, 6));
  }
});

test('Mastercard 2-series range is 2221–2720 and nothing outside it', () => {
  assert.equal(brandOf(withCheckDigit('222100000000000')), 'mastercard');
  assert.equal(brandOf(withCheckDigit('272099999999999')), 'mastercard');
  assert.equal(brandOf(withCheckDigit('222099999999999')), null);
  assert.equal(brandOf(withCheckDigit('272100000000000')), null);
});

test('brand lengths are enforced (a 15-digit Visa is not Visa)', () => {
  assert.equal(brandOf(withCheckDigit('41111111111111')), null);
  assert.equal(brandOf(withCheckDigit('4111111111111111111'.slice(0, 18))), 'visa');
});

test('normalisation accepts spaces and hyphens, rejects other characters and bad lengths', () => {
  assert.equal(normalizePan('4111 1111-1111 1111'), '4111111111111111');
  assert.equal(normalizePan('4111.1111.1111.1111'), null);
  assert.equal(normalizePan('411111111111'), null);
  assert.equal(normalizePan('41111111111111111111'), null);
});

test('a single changed digit always breaks Luhn', () => {
  fc.assert(
    fc.property(luhnPan, fc.nat(), fc.integer({ min: 1, max: 9 }), (pan, at, delta) => {
      const i = at % pan.length;
      const changed = pan.slice(0, i) + String((Number(pan[i]) + delta) % 10) + pan.slice(i + 1);
      return !luhnValid(changed);
    }),
  );
});

test('property: a mask keeps first six and last four and reveals nothing of the middle digits', () => {
  fc.assert(
    fc.property(luhnPan, fc.stringMatching(/^[0-9]{9}$/), (pan, otherMiddle) => {
      const mask = maskPan(pan);
      const middle = pan.slice(6, -4);
      assert.equal(mask.length, pan.length);
      assert.equal(mask.slice(0, 6), pan.slice(0, 6));
      assert.equal(mask.slice(-4), pan.slice(-4));
      assert.equal(mask.slice(6, -4), '*'.repeat(middle.length));
      // The mask is a function of first six, last four and length only: any other middle gives the same mask.
      // (A plain "mask does not contain the middle digits" check is wrong: 4790004790004 has middle 479, which
      // its own first six show.)
      const other = pan.slice(0, 6) + otherMiddle.slice(0, middle.length) + pan.slice(-4);
      assert.equal(maskPan(other), mask);
    }),
  );
});
