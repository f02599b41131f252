// The streaming pipeline: bytes → lines → records (JSON Lines or CSV) → validate → tokenize → mask → sinks.
// Memory is bounded by the chunk size, the maximum line length and the duplicate table, never by the file:
// an over-long line is skipped to its end, not collected.
import { isUtf8 } from 'node:buffer';
import { isFormulaCell, parseCsvRow } from './csv.ts';
import { DuplicateDetector } from './dedupe.ts';
import { findPans } from './detect.ts';
import { JobRejectedError } from './errors.ts';
import { FastRecordPath } from './fast-record.ts';
import { ByteOutput } from './output.ts';
import {
  DETECTED_MASKS_MAX,
  INPUT_FIELDS,
  processedLine,
  quarantineLine,
  validateRecord,
  type QuarantineEntry,
} from './record.ts';
import type { RecordReason } from './reasons.ts';
import { tokenize, type TokenKey } from './token.ts';

export type InputFormat = 'jsonl' | 'csv';

/** Where output bytes go. A returned promise is awaited before more input is read (backpressure). */
export interface RecordSink {
  write(chunk: Buffer): void | Promise<void>;
}

export interface PipelineOptions {
  /** 'detect': by the first non-blank byte of the object (see formatForFirstByte). */
  format: InputFormat | 'detect';
  tokenKey: TokenKey;
  /** Longest accepted line in bytes; longer lines are quarantined as LINE_TOO_LONG. Default 64 KiB. */
  maxLineBytes?: number;
  /** Output is handed to the sinks in chunks of up to this many bytes. Default 256 KiB. */
  flushBytes?: number;
  duplicates?: DuplicateDetector;
  /**
   * Whether plain JSON Lines records may take the byte-level fast path (fast-record.ts). Default true; the
   * general path alone gives byte-identical output, and the tests compare the two.
   */
  fastPath?: boolean;
}

export interface PipelineSummary {
  /** Lines seen, blank lines and the CSV header included. */
  lines: number;
  /** Records: non-blank lines after the header. accepted + rejected = records. */
  records: number;
  accepted: number;
  rejected: number;
  /** Per reason, how many rejected records carry it (a record may carry several). */
  rejectedByReason: Partial<Record<RecordReason, number>>;
  bytes: number;
}

const NEWLINE = 10;
const CR = 13;

/** The input format an object key names by its extension, or 'detect' when it names none. */
export function formatForKey(key: string): InputFormat | 'detect' {
  const lower = key.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return 'detect';
}

/** The format of an object without a known extension, from its first non-blank byte: `{` is JSON Lines. */
export function formatForFirstByte(byte: number): InputFormat {
  return byte === 0x7b ? 'jsonl' : 'csv';
}

function isBlankByte(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === NEWLINE;
}

/** Synchronous core of the pipeline; `runPipeline` drives it from an async byte source. */
export class RecordProcessor {
  readonly summary: PipelineSummary = {
    lines: 0,
    records: 0,
    accepted: 0,
    rejected: 0,
    rejectedByReason: {},
    bytes: 0,
  };
  private readonly maxLineBytes: number;
  private readonly duplicates: DuplicateDetector;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skippingLongLine = false;
  private header: string[] | null = null;
  private readonly processed: ByteOutput;
  private readonly quarantined: ByteOutput;
  private fast: FastRecordPath | null = null;
  /** Null until the first non-blank line decides it (format 'detect'). */
  private format: InputFormat | null = null;
  private firstChunk = true;
  /** The bytes kept from the last chunk end with CR: the next chunk tells whether it was CRLF or a line end alone. */
  private carryEndsWithCr = false;
  /** The next CR at or after the last search start in `crChunk`, or -1 when it has none there. */
  private crAt = -1;
  private crChunk: Buffer | null = null;

  constructor(private readonly options: PipelineOptions) {
    this.maxLineBytes = options.maxLineBytes ?? 64 * 1024;
    this.duplicates = options.duplicates ?? new DuplicateDetector();
    this.processed = new ByteOutput(options.flushBytes ?? 256 * 1024);
    this.quarantined = new ByteOutput(options.flushBytes ?? 256 * 1024);
    if (options.format !== 'detect') this.setFormat(options.format);
  }

  private setFormat(format: InputFormat): void {
    this.format = format;
    this.fast =
      format === 'jsonl' && this.options.fastPath !== false
        ? new FastRecordPath(this.options.tokenKey, this.duplicates)
        : null;
  }

  /**
   * Where the line starting at chunk[start] ends: at LF, or at a CR not followed by LF (CR-only line endings, as
   * classic Mac OS and some exporters write them). CRLF ends at its LF; line() drops the CR. -1 when the chunk
   * holds no line end, or ends with a CR whose meaning the next chunk decides.
   */
  private nextBreak(chunk: Buffer, start: number): number {
    const lf = chunk.indexOf(NEWLINE, start);
    if (this.crChunk !== chunk || (this.crAt >= 0 && this.crAt < start)) {
      this.crChunk = chunk;
      this.crAt = chunk.indexOf(CR, start);
    }
    const cr = this.crAt;
    if (cr < 0 || (lf >= 0 && lf < cr)) return lf;
    if (cr + 1 === chunk.length) return -1;
    return chunk[cr + 1] === NEWLINE ? cr + 1 : cr;
  }

  /** Feeds one chunk of the object. */
  push(input: Uint8Array): void {
    let chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.summary.bytes += chunk.length;
    if (this.firstChunk && chunk.length > 0) {
      this.firstChunk = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (chunk.length === 0) return;
    if (this.carryEndsWithCr) {
      this.carryEndsWithCr = false;
      if (chunk[0] !== NEWLINE) this.endPendingLine(false); // that CR ended the line on its own
    }
    // Most input has no CR at all: then a line ends only at LF, and one search per line finds it.
    const lfOnly = chunk.indexOf(CR) < 0;
    let start = 0;
    for (;;) {
      const nl = lfOnly ? chunk.indexOf(NEWLINE, start) : this.nextBreak(chunk, start);
      if (nl < 0) {
        this.keep(chunk.subarray(start));
        this.carryEndsWithCr = !lfOnly && chunk[chunk.length - 1] === CR;
        return;
      }
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.reject(++this.summary.lines, ['LINE_TOO_LONG']);
      } else if (this.carryBytes > 0) {
        const piece = chunk.subarray(start, nl);
        if (this.carryBytes + piece.length > this.maxLineBytes + 1) {
          this.carry = [];
          this.carryBytes = 0;
          this.reject(++this.summary.lines, ['LINE_TOO_LONG']);
        } else {
          this.carry.push(piece);
          const line = Buffer.concat(this.carry);
          this.carry = [];
          this.carryBytes = 0;
          this.line(line, 0, line.length, false);
        }
      } else {
        this.line(chunk, start, nl, false);
      }
      start = nl + 1;
    }
  }

  /** Ends the input: handles an unterminated last line and checks the file had records at all. */
  finish(): void {
    this.endPendingLine(!this.carryEndsWithCr);
    this.carryEndsWithCr = false;
    if (this.summary.records === 0) throw new JobRejectedError('EMPTY_FILE', 'the object holds no records');
  }

  /** Ends the line kept from earlier chunks (an over-long one is rejected). */
  private endPendingLine(unterminated: boolean): void {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.reject(++this.summary.lines, ['LINE_TOO_LONG']);
    } else if (this.carryBytes > 0) {
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.carryBytes = 0;
      this.line(line, 0, line.length, unterminated);
    }
  }

  /** Takes the output chunks that are full (all of it when `force`). */
  drain(force: boolean): { processed: Buffer[]; quarantined: Buffer[] } {
    return { processed: this.processed.take(force), quarantined: this.quarantined.take(force) };
  }

  private keep(rest: Buffer): void {
    if (rest.length === 0 || this.skippingLongLine) return;
    if (this.carryBytes + rest.length > this.maxLineBytes + 1) {
      this.carry = [];
      this.carryBytes = 0;
      this.skippingLongLine = true;
      return;
    }
    // Copy: the source may reuse its chunk buffers.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;
  }

  private line(buf: Buffer, start: number, end: number, unterminated: boolean): void {
    const lineNo = ++this.summary.lines;
    if (end > start && buf[end - 1] === CR) end--;
    if (this.format === null) {
      let first = start;
      while (first < end && isBlankByte(buf[first]!)) first++;
      if (first === end) return; // blank lines before the first record decide nothing
      this.setFormat(formatForFirstByte(buf[first]!));
    }
    if (end - start > this.maxLineBytes) return this.reject(lineNo, ['LINE_TOO_LONG']);
    if (this.fast?.accept(buf, start, end, lineNo, this.processed)) {
      this.summary.records++;
      this.summary.accepted++;
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (text.includes('\uFFFD') && !isUtf8(buf.subarray(start, end))) return this.reject(lineNo, ['INVALID_UTF8']);
    if (text.charCodeAt(0) !== 123 && text.trim().length === 0) return; // '{': the common case is never blank
    if (this.format === 'csv') this.csvLine(lineNo, text, unterminated);
    else this.jsonLine(lineNo, text, unterminated);
  }

  private jsonLine(lineNo: number, text: string, unterminated: boolean): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.reject(lineNo, [unterminated ? 'TRUNCATED_RECORD' : 'MALFORMED_RECORD'], text);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return this.reject(lineNo, ['MALFORMED_RECORD'], text);
    }
    this.record(lineNo, parsed as Record<string, unknown>);
  }

  private csvLine(lineNo: number, text: string, unterminated: boolean): void {
    const cells = parseCsvRow(text);
    if (this.header === null) {
      const names = cells?.map((c) => c.trim()) ?? [];
      const set = new Set(names);
      if (set.size !== names.length || names.length !== INPUT_FIELDS.length || !INPUT_FIELDS.every((f) => set.has(f))) {
        throw new JobRejectedError('CSV_HEADER_INVALID', 'the CSV header does not name exactly the schema columns');
      }
      this.header = names;
      return;
    }
    if (cells === null) return this.reject(lineNo, [unterminated ? 'TRUNCATED_RECORD' : 'CSV_MALFORMED'], text);
    if (cells.length !== this.header.length) {
      return this.reject(
        lineNo,
        [unterminated && cells.length < this.header.length ? 'TRUNCATED_RECORD' : 'COLUMN_COUNT'],
        text,
      );
    }
    const fields: Record<string, unknown> = {};
    let formula = false;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (isFormulaCell(cell)) formula = true;
      fields[this.header[i]!] = cell;
    }
    if (formula) return this.reject(lineNo, ['CSV_FORMULA_INJECTION'], text);
    this.record(lineNo, fields, true); // the header check guarantees exactly the schema's columns
  }

  private record(lineNo: number, fields: Record<string, unknown>, exactSchemaKeys = false): void {
    const result = validateRecord(fields, exactSchemaKeys);
    if (!result.ok) {
      const entry: QuarantineEntry = { line: lineNo, reasons: result.reasons };
      if (result.transactionId !== undefined) entry.transaction_id = result.transactionId;
      if (result.panMasked !== undefined) entry.pan_masked = result.panMasked;
      return this.quarantine(entry);
    }
    const r = result.record;
    if (this.duplicates.seen(r.transactionId)) {
      return this.quarantine({ line: lineNo, reasons: ['DUPLICATE_TRANSACTION_ID'], transaction_id: r.transactionId });
    }
    this.processed.line(processedLine(r, tokenize(r.pan, this.options.tokenKey), lineNo));
    this.summary.records++;
    this.summary.accepted++;
  }

  /** Quarantines an unparsed line: only its number, the reasons and masks of any card numbers in it are kept. */
  private reject(lineNo: number, reasons: RecordReason[], text?: string): void {
    const entry: QuarantineEntry = { line: lineNo, reasons };
    if (text !== undefined) {
      const found = findPans(text, DETECTED_MASKS_MAX);
      if (found.length > 0) entry.detected_pan_masks = found.map((f) => f.masked);
    }
    this.quarantine(entry);
  }

  private quarantine(entry: QuarantineEntry): void {
    this.summary.records++;
    this.summary.rejected++;
    for (const reason of entry.reasons) {
      const r = reason as RecordReason;
      this.summary.rejectedByReason[r] = (this.summary.rejectedByReason[r] ?? 0) + 1;
    }
    this.quarantined.line(quarantineLine(entry));
  }
}

/** Runs the whole pipeline over an async byte source, handing output to the sinks in batches. */
export async function runPipeline(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: PipelineOptions,
  sinks: { processed: RecordSink; quarantine: RecordSink },
): Promise<PipelineSummary> {
  const processor = new RecordProcessor(options);
  const flush = async (force: boolean) => {
    const { processed, quarantined } = processor.drain(force);
    for (const chunk of processed) await sinks.processed.write(chunk);
    for (const chunk of quarantined) await sinks.quarantine.write(chunk);
  };
  for await (const chunk of source) {
    processor.push(chunk);
    await flush(false);
  }
  processor.finish();
  await flush(true);
  return processor.summary;
}
