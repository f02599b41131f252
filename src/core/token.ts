// Deterministic tokens: HMAC-SHA-256 of the normalised PAN under a secret data key, with the key version inside
// the token (`tok_v3_…`) so keys can rotate and every token says which key made it. The same PAN gives the same
// token under one key version, so tokens can be joined on without ever holding the PAN.
// The digest is written with letters only, so a token can never contain a run of the PAN's digits.
import { TokenError } from './errors.ts';
import { ShortMessageHmac } from './hmac-sha256.ts';

export interface TokenKey {
  readonly version: number;
  /** The key, pre-hashed once into HMAC states and reused for every record (see hmac-sha256.ts). */
  readonly hmac: ShortMessageHmac;
}

const TOKEN_BYTES = 20; // 160 bits of the HMAC: collisions need ~2^80 PANs
const LETTER_PAIRS = (TOKEN_BYTES * 8) / 10;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef'; // 32 letters, 5 bits each, no digits

/** Wraps raw key bytes (≥ 32) in a KeyObject. Callers should zero their copy of the bytes afterwards. */
export function tokenKeyFromBytes(version: number, bytes: Uint8Array): TokenKey {
  if (!Number.isInteger(version) || version < 1 || version > 9999)
    throw new TokenError('token key version must be 1–9999');
  if (bytes.length < 32) throw new TokenError('token key must be at least 256 bits');
  return { version, hmac: new ShortMessageHmac(bytes) };
}

const prefixes = new Map<number, string>();

const digest = new Int32Array(8);
const ALPHABET_CODES = Buffer.from(ALPHABET, 'latin1');
const letters = Buffer.alloc(32);

/**
 * The first 160 bits of the digest (five big-endian words) as 32 letters, 5 bits each, written into
 * target[at, at + 32): sixteen 10-bit groups, each two letters.
 */
export function writeTokenLetters(words: Int32Array, target: Uint8Array, at: number): void {
  for (let k = 0; k < LETTER_PAIRS; k++) {
    const bit = k * 10;
    const i = bit >>> 5;
    const offset = bit & 31;
    const group =
      offset <= 22
        ? (words[i]! >>> (22 - offset)) & 1023
        : ((words[i]! << (offset - 22)) | (words[i + 1]! >>> (54 - offset))) & 1023;
    target[at + 2 * k] = ALPHABET_CODES[group >>> 5]!;
    target[at + 2 * k + 1] = ALPHABET_CODES[group & 31]!;
  }
}

/** `tok_v<version>_`, the part of every token before its letters. */
export function tokenPrefix(version: number): string {
  let prefix = prefixes.get(version);
  if (prefix === undefined) {
    prefix = `tok_v${version}_`;
    prefixes.set(version, prefix);
  }
  return prefix;
}

/** Token for a normalised PAN (digits only). */
export function tokenize(pan: string, key: TokenKey): string {
  key.hmac.digestWords(pan, digest);
  writeTokenLetters(digest, letters, 0);
  return tokenPrefix(key.version) + letters.toString('latin1', 0, 32);
}

const TOKEN_PATTERN = /^tok_v([1-9][0-9]{0,3})_[A-Za-f]{32}$/;

/** The key version a token was made with, or null when the string is not a token. */
export function tokenVersion(token: string): number | null {
  const m = TOKEN_PATTERN.exec(token);
  return m ? Number(m[1]) : null;
}

export function isToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
