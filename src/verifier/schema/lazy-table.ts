// Large schema tables (the AWS provider schemas: 7 MB of JSON for 2,000 types; the CloudFormation resource
// specification) stored so that a run parses only the entries it reads. A verification of a stack reads a few dozen
// types; parsing all of them was most of the validate stage (130 ms of 150 for a Terraform stack).
//
// Format, as text (gzipped on disk): a first line `enclave-lazy-table 1`, a second line with a JSON header
// `{"meta": {…}, "tables": {"<table>": {"<key>": [start, end], …}}}`, then the body: each entry's JSON, at the byte
// offsets its header entry gives, relative to the start of the body.
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
  return typeof data === 'string' ? data.startsWith(`${MAGIC}\n`) : data.subarray(0, MAGIC.length + 1).toString('latin1') === `${MAGIC}\n`;
}

/** Decodes the format; each entry is parsed when first read, then kept. */
export function decodeLazyTables<M>(data: Buffer): LazyTables<M> {
  if (!isLazyTables(data)) throw new Error('not an enclave lazy table file');
  const headerStart = MAGIC.length + 1;
  const headerEnd = data.indexOf(0x0a, headerStart);
  const header = JSON.parse(data.toString('utf8', headerStart, headerEnd)) as { meta: M; tables: Record<string, Record<string, [number, number]>> };
  const body = data.subarray(headerEnd + 1);
  const tables: Record<string, Record<string, unknown>> = {};
  for (const [name, positions] of Object.entries(header.tables)) {
    const table: Record<string, unknown> = {};
    for (const key of Object.keys(positions)) {
      Object.defineProperty(table, key, {
        enumerable: true,
        configurable: true,
        get() {
          const [start, end] = positions[key]!;
          const value = JSON.parse(body.toString('utf8', start, end)) as unknown;
          Object.defineProperty(table, key, { value, enumerable: true, configurable: false, writable: false });
          return value;
        },
      });
    }
    tables[name] = table;
  }
  return { meta: header.meta, tables };
}

/** Reads a gzipped lazy-table file. */
export function readLazyTables<M>(gzipped: Buffer): LazyTables<M> {
  return decodeLazyTables<M>(gunzipSync(gzipped));
}
