// Hash and crypto functions of strings (their file* forms are in filesystem.ts). bcrypt and uuid are random, so
// unknown during plan (conversions.ts); uuidv5 and rsadecrypt are deterministic and computed.
import { createHash, createPrivateKey } from 'node:crypto';
import { EvalError } from '../values.ts';
import { arity, str, stringFn, type FunctionTable } from './support.ts';

const hash = (algorithm: string, encoding: 'hex' | 'base64') =>
  stringFn(algorithm, (s) => createHash(algorithm).update(s, 'utf8').digest(encoding));

const UUID_NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

function uuidv5(namespace: string, name: string): string {
  const id = UUID_NAMESPACES[namespace] ?? namespace;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new EvalError(
      `uuidv5(): the namespace ${JSON.stringify(namespace)} is neither dns, url, oid, x500 nor a UUID`,
    );
  }
  const bytes = createHash('sha1')
    .update(Buffer.from(id.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const bigintOf = (base64url: string) => BigInt(`0x${Buffer.from(base64url, 'base64url').toString('hex') || '0'}`);

/** RSA PKCS #1 v1.5 decryption (what rsadecrypt does), computed directly: Node refuses that padding for decryption. */
function rsaDecrypt(ciphertext: string, pem: string): string {
  let jwk: { n?: string; d?: string };
  try {
    jwk = createPrivateKey(pem).export({ format: 'jwk' }) as { n?: string; d?: string };
  } catch (error) {
    throw new EvalError(`rsadecrypt(): invalid private key: ${(error as Error).message}`);
  }
  if (!jwk.n || !jwk.d) throw new EvalError('rsadecrypt(): the key is not an RSA private key');
  const n = bigintOf(jwk.n);
  const size = Buffer.from(jwk.n, 'base64url').length;
  const cipher = Buffer.from(ciphertext, 'base64');
  if (cipher.length !== size) throw new EvalError('rsadecrypt(): failed to decrypt: decryption error');
  const message = Buffer.from(
    modPow(BigInt(`0x${cipher.toString('hex')}`), bigintOf(jwk.d), n)
      .toString(16)
      .padStart(size * 2, '0'),
    'hex',
  );
  const separator = message.indexOf(0, 2);
  if (message[0] !== 0 || message[1] !== 2 || separator < 10)
    throw new EvalError('rsadecrypt(): failed to decrypt: decryption error');
  return message.subarray(separator + 1).toString('utf8');
}

export const CRYPTO_FUNCTIONS: FunctionTable = [
  ['md5', hash('md5', 'hex')],
  ['sha1', hash('sha1', 'hex')],
  ['sha256', hash('sha256', 'hex')],
  ['sha512', hash('sha512', 'hex')],
  ['base64sha256', hash('sha256', 'base64')],
  ['base64sha512', hash('sha512', 'base64')],
  [
    'uuidv5',
    {
      call: (args) => (
        arity('uuidv5', args, 2), uuidv5(str(args[0]!, 'uuidv5() namespace'), str(args[1]!, 'uuidv5() name'))
      ),
    },
  ],
  [
    'rsadecrypt',
    {
      call: (args) => (
        arity('rsadecrypt', args, 2),
        rsaDecrypt(str(args[0]!, 'rsadecrypt() ciphertext'), str(args[1]!, 'rsadecrypt() key'))
      ),
    },
  ],
];
