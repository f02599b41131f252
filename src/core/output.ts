// Output bytes, written in place into chunks of about `size` bytes. A chunk handed over is never touched again,
// so a sink may keep it. Chunks are zero-filled when allocated: nothing but what was written is ever handed on,
// even through the chunk's underlying ArrayBuffer.

/** Room kept beyond `size` so that a whole line fits once a chunk is nearly full. */
const LINE_ROOM = 1024;

export class ByteOutput {
  /** The chunk being filled and the next free position in it. Public for the byte-level writers' inner loops. */
  buf: Buffer;
  /** A view of `buf`, for writing four bytes at a time. */
  view: DataView;
  pos = 0;
  private ready: Buffer[] = [];

  constructor(private readonly size: number) {
    this.buf = Buffer.alloc(size + LINE_ROOM);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Makes room for at least `n` more bytes (n ≤ LINE_ROOM) in the current chunk. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.emit();
  }

  /** Ends a line: hands the chunk over once it has reached `size`. */
  endLine(): void {
    if (this.pos >= this.size) this.emit();
  }

  /** Appends a whole line given as a string (UTF-8). */
  line(text: string): void {
    const most = text.length * 3; // UTF-8 bytes per UTF-16 code unit, at most
    if (most <= LINE_ROOM) {
      this.reserve(most);
      this.pos += this.buf.write(text, this.pos, 'utf8');
    } else {
      const bytes = Buffer.from(text, 'utf8');
      if (this.pos + bytes.length > this.buf.length) {
        this.emit();
        if (bytes.length > this.buf.length) {
          this.ready.push(bytes); // a line longer than a chunk travels alone
          return;
        }
      }
      this.pos += bytes.copy(this.buf, this.pos);
    }
    this.endLine();
  }

  /** Takes the chunks that are full (all of it when `force`). */
  take(force: boolean): Buffer[] {
    if (force) this.emit();
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private emit(): void {
    if (this.pos === 0) return;
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.alloc(this.size + LINE_ROOM);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = 0;
  }
}
