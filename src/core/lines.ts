// Splitting a byte stream into lines for scanners (the validator), in bounded memory. A line longer than
// `maxBytes` is handed over in segments cut where no digit run (as findPans reads them) crosses the cut and no
// UTF-8 sequence is split, so a scan of each segment sees every card number whole. Only a window that is one
// unbroken digit run — far longer than any card number — is cut arbitrarily.

export interface LineSegment {
  bytes: Buffer;
  /** 1-based line number. */
  line: number;
  /** False for every segment of an over-long line except its last. */
  last: boolean;
  /** True when the line ended at end of input without a newline. */
  unterminated: boolean;
}

function isDigitByte(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

function isSeparatorByte(c: number | undefined): boolean {
  return c === 32 || c === 45;
}

/** True when a digit run (as findPans reads them: digits, single space or hyphen between digits) spans p-1|p. */
function runSpans(buf: Buffer, p: number): boolean {
  const before = buf[p - 1];
  const after = buf[p];
  if (isDigitByte(before)) return isDigitByte(after) || (isSeparatorByte(after) && isDigitByte(buf[p + 1]));
  if (isSeparatorByte(before)) return isDigitByte(buf[p - 2]) && isDigitByte(after);
  return false;
}

/** The largest cut ≤ limit that no digit run spans and that splits no UTF-8 sequence. */
function safeCut(buf: Buffer, limit: number): number {
  for (let p = Math.min(limit, buf.length); p > 1; p--) {
    if ((buf[p] === undefined || (buf[p]! & 0xc0) !== 0x80) && !runSpans(buf, p)) return p;
  }
  return Math.min(limit, buf.length); // the window is one digit run: longer than any card number, cut anywhere
}

export async function* readLines(source: AsyncIterable<Uint8Array>, maxBytes = 1024 * 1024): AsyncGenerator<LineSegment> {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  for await (const input of source) {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      yield { bytes: buf.subarray(start, nl), line: line++, last: true, unterminated: false };
      start = nl + 1;
    }
    buf = buf.subarray(start);
    // Two bytes of lookahead beyond the cut are needed to tell whether a digit run crosses it.
    while (buf.length > maxBytes + 2) {
      const cut = safeCut(buf, maxBytes);
      yield { bytes: buf.subarray(0, cut), line, last: false, unterminated: false };
      buf = buf.subarray(cut);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length > 0) yield { bytes: carry, line, last: true, unterminated: true };
}
