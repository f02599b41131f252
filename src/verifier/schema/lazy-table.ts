// Large schema tables (the AWS provider schemas: 7 MB of JSON for 2,000 types; the CloudFormation resource
// specification) stored so that a run parses only the entries it reads. A verification of a stack reads a few dozen
// types; parsing all of them was most of the validate stage (130 ms of 150 for a Terraform stack).
//
// Format, as text (gzipped on disk): a first line `enclave-lazy-table 1`, a second line with a JSON header
// `{"meta": {…}, "tables": {"<table>": {"<key>": [start, end], …}}}`, then the body: each entry's JSON, at the byte
// offsets its header entry gives, relative to the start of the body.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const MAGIC = 'enclave-lazy-table 1';

export interface LazyTables<M> {
  meta: M;
  /** Each table as a record whose entries are parsed on first read (enumerable: Object.keys lists every key). */
  tables: Record<string, Record<string, unknown>>;
}

/** Encodes tables of JSON values into the format (deterministic: keys in the order given). */
export function encodeLazyTables(meta: unknown, tables: Record<string, Record<string, unknown>>): string {
  const index: Record<string, Record<string, [number, number]>> = {};
  const parts: string[] = [];
  let offset = 0;
  for (const [name, entries] of Object.entries(tables)) {
    const positions: Record<string, [number, number]> = {};
    for (const [key, value] of Object.entries(entries)) {
      const json = JSON.stringify(value);
      const bytes = Buffer.byteLength(json);
      positions[key] = [offset, offset + bytes];
      parts.push(json);
      offset += bytes;
    }
    index[name] = positions;
  }
  return `${MAGIC}\n${JSON.stringify({ meta, tables: index })}\n${parts.join('')}`;
}

/** Whether a (decompressed) file is in this format. */
export function isLazyTables(data: Buffer | string): boolean {
  return typeof data === 'string'
    ? data.startsWith(`${MAGIC}\n`)
    : data.subarray(0, MAGIC.length + 1).toString('latin1') === `${MAGIC}\n`;
}

/** Decodes the format; each entry is parsed when first read, then kept. */
export function decodeLazyTables<M>(data: Buffer): LazyTables<M> {
  if (!isLazyTables(data)) throw new Error('not an enclave lazy table file');
  const headerEnd = data.indexOf(0x0a, MAGIC.length + 1);
  const body = data.subarray(headerEnd + 1);
  return fromHeader<M>(data, headerEnd, (start, end) => body.subarray(start, end));
}

/**
 * Opens a lazy-table file that is not gzipped (the bundled CLI's) and reads its header only; each entry is read from
 * the file when first asked for. A run asks for a few dozen entries of the provider schema's 7 MB: reading the whole
 * file was 3.4 ms of every run, the header (100 KB) and the entries a tenth of a millisecond.
 */
export function openLazyTables<M>(path: string | URL): LazyTables<M> {
  const fd = openSync(path, 'r');
  let head = Buffer.alloc(0);
  let headerEnd = -1;
  try {
    for (let chunk = 128 * 1024; headerEnd < 0; chunk *= 2) {
      const buffer = Buffer.allocUnsafe(chunk);
      const read = readSync(fd, buffer, 0, chunk, head.length);
      if (read === 0) break;
      const from = Math.max(head.length, MAGIC.length + 1);
      head = Buffer.concat([head, buffer.subarray(0, read)]);
      headerEnd = head.indexOf(0x0a, from);
      if (head.length >= MAGIC.length + 1 && !isLazyTables(head)) break;
    }
  } finally {
    closeSync(fd);
  }
  if (isGzip(head)) return readLazyTables<M>(readFileSync(path));
  if (!isLazyTables(head) || headerEnd < 0) throw new Error('not an enclave lazy table file');
  const bodyStart = headerEnd + 1;
  return fromHeader<M>(head, headerEnd, (start, end) => {
    if (bodyStart + end <= head.length) return head.subarray(bodyStart + start, bodyStart + end);
    const entry = Buffer.allocUnsafe(end - start);
    const file = openSync(path, 'r');
    try {
      const read = readSync(file, entry, 0, entry.length, bodyStart + start);
      if (read !== entry.length) throw new Error(`${String(path)}: an entry ends past the end of the file`);
    } finally {
      closeSync(file);
    }
    return entry;
  });
}

type BodyReader = (start: number, end: number) => Buffer;

function fromHeader<M>(head: Buffer, headerEnd: number, body: BodyReader): LazyTables<M> {
  const header = JSON.parse(head.toString('utf8', MAGIC.length + 1, headerEnd)) as {
    meta: M;
    tables: Record<string, Record<string, [number, number]>>;
  };
  const tables: Record<string, Record<string, unknown>> = {};
  for (const [name, positions] of Object.entries(header.tables)) tables[name] = lazyRecord(positions, body);
  return { meta: header.meta, tables };
}

/**
 * A record whose entries are read from `body` and parsed on first read, then kept. A proxy over the positions, not a getter
 * per key: defining 2,000 getters cost more than the few dozen entries a run reads.
 */
function lazyRecord(positions: Record<string, [number, number]>, body: BodyReader): Record<string, unknown> {
  const parsed = new Map<string, unknown>();
  const has = (key: string | symbol): key is string => typeof key === 'string' && Object.hasOwn(positions, key);
  const read = (key: string): unknown => {
    if (parsed.has(key)) return parsed.get(key);
    const [start, end] = positions[key]!;
    const value = JSON.parse(body(start, end).toString('utf8')) as unknown;
    parsed.set(key, value);
    return value;
  };
  return new Proxy({} as Record<string, unknown>, {
    get: (_, key) => (has(key) ? read(key) : undefined),
    has: (_, key) => has(key),
    ownKeys: () => Object.keys(positions),
    getOwnPropertyDescriptor: (_, key) =>
      has(key) ? { value: read(key), enumerable: true, configurable: true, writable: false } : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/**
 * Reads a lazy-table file, gzipped (as the sources keep it) or not (as the bundled CLI carries it: decompressing
 * the provider schema's 7 MB took longer than reading them).
 */
export function readLazyTables<M>(data: Buffer): LazyTables<M> {
  return decodeLazyTables<M>(isGzip(data) ? gunzipSync(data) : data);
}

export function isGzip(data: Buffer): boolean {
  return data[0] === 0x1f && data[1] === 0x8b;
}
