// Duplicate transaction ids within one file, in bounded memory.
// Ids are reduced to 64-bit fingerprints (two independent 32-bit hashes) kept in an open-addressing table in one
// typed array. The table is allocated once at a fixed capacity (default 2^23 slots = 64 MiB, enough for 6.2 M
// ids before it doubles) so memory does not grow with the file; pages the OS has not touched cost nothing.
// A false "duplicate" needs two distinct ids with equal 64-bit fingerprints: about n²/2^65, 4e-7 for 4 M ids.

const EMPTY = 0;

export class DuplicateDetector {
  /** Slot i holds its two fingerprint halves at [2i] and [2i+1]: one cache line per probe. */
  private table: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacityLog2 = 23) {
    const size = 1 << capacityLog2;
    this.table = new Uint32Array(size * 2);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Records `id`; returns true when it had been recorded before. */
  seen(id: string): boolean {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    return this.record(a, b, id.length);
  }

  /**
   * {@link seen} for an ASCII id held as bytes[start, end): the same fingerprint as the string, so ids read by the
   * byte-level fast path and by the general path meet in one table.
   */
  seenAt(bytes: Uint8Array, start: number, end: number): boolean {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    return this.record(a, b, end - start);
  }

  private record(a: number, b: number, length: number): boolean {
    a = fmix(a ^ length);
    b = fmix(b);
    if (a === EMPTY) a = 1; // zero marks an empty slot
    return this.insert(a >>> 0, b >>> 0);
  }

  private insert(a: number, b: number): boolean {
    let slot = (b ^ (a >>> 7)) & this.mask;
    const table = this.table;
    for (;;) {
      const h = table[2 * slot]!;
      if (h === EMPTY) break;
      if (h === a && table[2 * slot + 1] === b) return true;
      slot = (slot + 1) & this.mask;
    }
    table[2 * slot] = a;
    table[2 * slot + 1] = b;
    this.count++;
    if (this.count * 4 > (this.mask + 1) * 3) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    this.table = new Uint32Array(size * 2);
    this.mask = size - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.insert(old[i]!, old[i + 1]!);
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
