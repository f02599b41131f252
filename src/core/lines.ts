// Splitting a byte stream into lines for scanners (the validator, leak scans), in bounded memory. A line longer than
// `maxBytes` is handed over in segments. A segment ends just before an ASCII punctuation character that can neither
// be part of a card number nor of the identifiers the detector exempts (quotes, commas, brackets…), so a scan of
// each segment sees every card number whole and with its context. A window with no such character is cut at a UTF-8
// character boundary and the next segment repeats the window's last OVERLAP_BYTES, so a number crossing that cut is
// still seen whole in one of the two (findings in the repeated bytes may then be seen twice).

export interface LineSegment {
  bytes: Buffer;
  /** 1-based line number. */
  line: number;
  /** False for every segment of an over-long line except its last. */
  last: boolean;
  /** True when the line ended at end of input without a newline. */
  unterminated: boolean;
  /** How many leading bytes repeat the end of the previous segment of the same line. */
  overlap: number;
}

/** Longer than any card number as the detector reads it, with room for separators and invisible characters. */
export const OVERLAP_BYTES = 4096;

const CUT_BEFORE = new Uint8Array(256);
for (const c of `"',;{}[]()<>=!?#$%&*@^~\``) CUT_BEFORE[c.charCodeAt(0)] = 1;

function isContinuationByte(c: number | undefined): boolean {
  return c !== undefined && (c & 0xc0) === 0x80;
}

/** The largest p ≤ limit (and above limit / 2) before which the window may be cut cleanly, or -1. */
function cleanCut(buf: Buffer, limit: number): number {
  for (let p = limit; p > limit / 2; p--) if (CUT_BEFORE[buf[p]!] === 1) return p;
  return -1;
}

/** p, or up to three bytes before it, where no UTF-8 sequence is split (invalid input: p itself). */
function characterBoundary(buf: Buffer, p: number): number {
  for (let q = p; q > p - 4 && q > 0; q--) if (!isContinuationByte(buf[q])) return q;
  return p;
}

export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  maxBytes = 1024 * 1024,
): AsyncGenerator<LineSegment> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOverlap = 0;
  let line = 1;
  const overlapBytes = Math.min(OVERLAP_BYTES, Math.floor(maxBytes / 4));
  for await (const input of source) {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      yield {
        bytes: buf.subarray(start, nl),
        line: line++,
        last: true,
        unterminated: false,
        overlap: start === 0 ? carryOverlap : 0,
      };
      carryOverlap = 0;
      start = nl + 1;
    }
    buf = buf.subarray(start);
    while (buf.length > maxBytes) {
      const clean = cleanCut(buf, maxBytes);
      const cut = clean >= 0 ? clean : characterBoundary(buf, maxBytes);
      yield { bytes: buf.subarray(0, cut), line, last: false, unterminated: false, overlap: carryOverlap };
      const next = clean >= 0 ? cut : characterBoundary(buf, cut - overlapBytes);
      carryOverlap = cut - next;
      buf = buf.subarray(next);
    }
    carry = Buffer.from(buf);
  }
  if (carry.length > 0) yield { bytes: carry, line, last: true, unterminated: true, overlap: carryOverlap };
}
