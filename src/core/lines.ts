// Splitting a byte stream into lines for scanners (the validator), in bounded memory. A line longer than
// `maxBytes` is handed over in segments cut just after a byte that cannot belong to a card number (not a digit,
// space or hyphen), so a scan of each segment sees every digit run whole; all cuts fall on ASCII bytes, so no
// UTF-8 sequence is split either.

export interface LineSegment {
  bytes: Buffer;
  /** 1-based line number. */
  line: number;
  /** False for every segment of an over-long line except its last. */
  last: boolean;
  /** True when the line ended at end of input without a newline. */
  unterminated: boolean;
}

function safeCut(buf: Buffer, limit: number): number {
  for (let i = Math.min(limit, buf.length) - 1; i > 0; i--) {
    const c = buf[i]!;
    const runByte = (c >= 48 && c <= 57) || c === 32 || c === 45 || c >= 0x80;
    if (!runByte) return i + 1;
  }
  return Math.min(limit, buf.length); // a megabyte of digits is not a card number; cut anywhere
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
    while (buf.length > maxBytes) {
      const cut = safeCut(buf, maxBytes);
      yield { bytes: buf.subarray(0, cut), line, last: false, unterminated: false };
      buf = buf.subarray(cut);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length > 0) yield { bytes: carry, line, last: true, unterminated: true };
}
