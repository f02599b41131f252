import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findPans, readLines, type LineSegment } from '../../../src/core/index.ts';
import { spelling } from './card-numbers.ts';

async function collect(chunks: Buffer[], maxBytes: number): Promise<LineSegment[]> {
  const out: LineSegment[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const segment of readLines(source(), maxBytes))
    out.push({ ...segment, bytes: Buffer.from(segment.bytes) });
  return out;
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** The line again, from its segments without their repeated bytes. */
const rejoin = (segments: LineSegment[]) => Buffer.concat(segments.map((s) => s.bytes.subarray(s.overlap))).toString();

test('lines are numbered across chunks; an unterminated last line is marked', async () => {
  const segments = await collect([Buffer.from('ab\nc'), Buffer.from('d\ne')], 100);
  assert.deepEqual(
    segments.map((s) => [s.bytes.toString(), s.line, s.last, s.unterminated, s.overlap]),
    [
      ['ab', 1, true, false, 0],
      ['cd', 2, true, false, 0],
      ['e', 3, true, true, 0],
    ],
  );
});

test('property: an over-long line of records is cut before punctuation, so every card number is found whole, once', async () => {
  const part = fc.oneof(
    fc.constantFrom('"x"', ' ', ',', 'é', '12', '{"a":"b"}', '"2026-11-23T10:00:00.123+05:30"', 'abc', '[', ']'),
    spelling().map((s) => `"${s.text}"`),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(part, { minLength: 100, maxLength: 400 }),
      fc.integer({ min: 16, max: 997 }),
      async (parts, chunkSize) => {
        const text = parts.join('');
        const segments = await collect(chunked(Buffer.from(text + '\n'), chunkSize), 2048);
        assert.equal(rejoin(segments), text, 'nothing lost');
        assert.ok(
          segments.every((s) => !s.bytes.toString().includes('\uFFFD')),
          'no UTF-8 sequence split',
        );
        assert.ok(segments.every((s) => s.line === 1));
        const expected = findPans(text).map((f) => f.masked);
        const found = segments.flatMap((s) => findPans(s.bytes.toString()).map((f) => f.masked));
        assert.deepEqual(found, expected);
      },
    ),
    { numRuns: 200 },
  );
});

test('property: a window with no punctuation is cut anywhere, and the repeated bytes still show every number whole', async () => {
  const part = fc.oneof(
    fc.constantFrom('x', 'é', 'abcdefghij', '12'),
    spelling().map((s) => `q${s.text}q`),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(part, { minLength: 50, maxLength: 300 }),
      fc.integer({ min: 1, max: 97 }),
      async (parts, chunkSize) => {
        const text = parts.join('');
        const segments = await collect(chunked(Buffer.from(text), chunkSize), 1024);
        assert.equal(rejoin(segments), text, 'nothing lost');
        assert.ok(
          segments.every((s) => !s.bytes.toString().includes('\uFFFD')),
          'no UTF-8 sequence split',
        );
        const found = new Set(segments.flatMap((s) => findPans(s.bytes.toString()).map((f) => f.masked)));
        for (const f of findPans(text)) assert.ok(found.has(f.masked), f.masked);
      },
    ),
    { numRuns: 200 },
  );
});
