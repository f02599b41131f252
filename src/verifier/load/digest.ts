// Digests of the files a verification reads, kept with their bytes: a function's zip is hashed for the evidence
// (SHA-256, hex) and by filebase64sha256 (SHA-256, base64), and by each of a verification's loads; a megabyte of zip
// is hashed once, whatever encodings are asked for.
import { createHash } from 'node:crypto';

const kept = new WeakMap<Buffer, Map<string, Buffer>>();

/** The digest of `bytes` with `algorithm` (a node:crypto hash name), computed once per Buffer and algorithm. */
export function digestOf(bytes: Buffer, algorithm: string): Buffer {
  let byAlgorithm = kept.get(bytes);
  if (!byAlgorithm) {
    byAlgorithm = new Map();
    kept.set(bytes, byAlgorithm);
  }
  let digest = byAlgorithm.get(algorithm);
  if (!digest) {
    digest = createHash(algorithm).update(bytes).digest();
    byAlgorithm.set(algorithm, digest);
  }
  return digest;
}
