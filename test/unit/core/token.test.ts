import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { ShortMessageHmac, isToken, tokenKeyFromBytes, tokenVersion, tokenize } from '../../../src/core/index.ts';
import { cardNumber } from './card-numbers.ts';

const luhnPan = cardNumber;
const keyBytes = fc.uint8Array({ minLength: 32, maxLength: 32 });

test('property: the precomputed-state HMAC equals node:crypto HMAC-SHA-256', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      fc.string({ maxLength: 55 }).map((s) => Buffer.from(s, 'utf8').toString('latin1').slice(0, 55)),
      (key, message) => {
        const out = new Int32Array(8);
        new ShortMessageHmac(key).digestWords(message, out);
        const ours = Buffer.alloc(32);
        out.forEach((w, i) => {
          ours.writeInt32BE(w, i * 4);
        });
        assert.equal(ours.toString('hex'), createHmac('sha256', key).update(message, 'latin1').digest('hex'));
      },
    ),
    { numRuns: 300 },
  );
});

test('property: tokens are stable per key version and differ across versions and keys', () => {
  fc.assert(
    fc.property(luhnPan, keyBytes, keyBytes, (pan, a, b) => {
      const v1 = tokenKeyFromBytes(1, a);
      assert.equal(tokenize(pan, v1), tokenize(pan, tokenKeyFromBytes(1, a)));
      const v2 = tokenKeyFromBytes(2, b);
      assert.notEqual(tokenize(pan, v1), tokenize(pan, v2));
      assert.equal(tokenVersion(tokenize(pan, v2)), 2);
      // Same bytes under a new version number still yield a different token (the version is part of it).
      assert.notEqual(tokenize(pan, v1), tokenize(pan, tokenKeyFromBytes(3, a)));
    }),
  );
});

test('property: a token never contains the PAN middle digits: its only digits are the key version', () => {
  fc.assert(
    fc.property(luhnPan, keyBytes, fc.integer({ min: 1, max: 9999 }), (pan, key, version) => {
      const token = tokenize(pan, tokenKeyFromBytes(version, key));
      assert.ok(isToken(token), token);
      assert.equal(token.replace(/[^0-9]/g, ''), String(version));
      if (String(version).length < pan.length - 10) assert.ok(!token.includes(pan.slice(6, -4)));
      assert.match(token.slice(token.indexOf('_', 4) + 1), /^[A-Za-f]{32}$/);
    }),
  );
});

test('different PANs give different tokens under one key', () => {
  const key = tokenKeyFromBytes(1, randomBytes(32));
  assert.notEqual(tokenize('4111111111111111', key), tokenize('4242424242424242', key));
});

test('weak keys and bad versions are refused', () => {
  assert.throws(() => tokenKeyFromBytes(1, randomBytes(16)), { name: 'TokenError' });
  assert.throws(() => tokenKeyFromBytes(0, randomBytes(32)), { name: 'TokenError' });
});

test('property: a token is the first 160 bits of HMAC-SHA-256, five bits per letter, after tok_v<version>_', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';
  fc.assert(
    fc.property(luhnPan, keyBytes, fc.integer({ min: 1, max: 9999 }), (pan, bytes, version) => {
      const digest = createHmac('sha256', bytes).update(pan, 'latin1').digest();
      const bits = [...digest.subarray(0, 20)].map((b) => b.toString(2).padStart(8, '0')).join('');
      const letters = bits
        .match(/.{5}/g)!
        .map((group) => alphabet[parseInt(group, 2)])
        .join('');
      assert.equal(tokenize(pan, tokenKeyFromBytes(version, bytes)), `tok_v${version}_${letters}`);
    }),
  );
});
