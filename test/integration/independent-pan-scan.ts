// The leak tests' own scanner, written apart from src/core/detect.ts and sharing nothing with it, so a mistake in the
// detector cannot hide itself. It asks a narrower and stricter question than the detector: does *this* card number
// (one the test planted) appear in this text — its digits in order, in any script ICU can format numbers in, with
// anything but letters and digits (up to 16 characters) between them? Digit values come from ICU's numbering
// systems (Intl), not from Unicode character properties. Text that looks like JSON is also decoded and every key
// and value searched, since an escape (`\t`) only becomes a separator once decoded.

/** Every character ICU formats a digit with, mapped to the digit's value. */
function digitCharacters(): Map<number, string[]> {
  const byValue = new Map<number, string[]>();
  for (let d = 0; d < 10; d++) byValue.set(d, [String(d)]);
  for (const system of Intl.supportedValuesOf('numberingSystem')) {
    const format = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false });
    for (let d = 0; d < 10; d++) {
      const c = format.format(d);
      if ([...c].length === 1 && !byValue.get(d)!.includes(c)) byValue.get(d)!.push(c);
    }
  }
  return byValue;
}

const DIGITS = digitCharacters();
const escape = (c: string) => c.replace(/[\\\]^-]/g, '\\$&');
const CLASS = Array.from({ length: 10 }, (_, d) => `[${DIGITS.get(d)!.map(escape).join('')}]`);
const GAP = '[^\\p{L}\\p{N}]{0,16}';

const matchers = new Map<string, RegExp>();

/** A matcher for one card number (ASCII digits) in any of those spellings. */
export function spellingMatcher(pan: string): RegExp {
  if (!/^[0-9]{13,19}$/.test(pan)) throw new Error('a card number is 13–19 ASCII digits');
  let m = matchers.get(pan);
  if (m === undefined) matchers.set(pan, (m = new RegExp([...pan].map((d) => CLASS[Number(d)]).join(GAP), 'u')));
  return m;
}

/** Strings inside a value, keys included, at any depth; strings that parse as JSON objects or arrays are opened too. */
function* strings(value: unknown, depth = 0): Generator<string> {
  if (depth > 20) return;
  if (typeof value === 'string') {
    yield value;
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(t);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) yield* strings(parsed, depth + 1);
    }
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') yield String(value);
  else if (value instanceof Uint8Array) yield Buffer.from(value).toString('utf8');
  else if (value instanceof Error) {
    yield* strings(value.message, depth + 1);
    yield* strings(value.stack, depth + 1);
    yield* strings(value.cause, depth + 1);
  } else if (Array.isArray(value)) for (const v of value) yield* strings(v, depth + 1);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v, depth + 1);
    }
}

export interface Sighting {
  pan: string;
  where: string;
  excerpt: string;
}

/** Where any of `pans` appears in `value` (text, an object, a list of lines…), labelled `where`. */
export function sightings(pans: readonly string[], where: string, value: unknown): Sighting[] {
  const matchers = pans.map((pan) => [pan, spellingMatcher(pan)] as const);
  const out: Sighting[] = [];
  for (const s of strings(value)) {
    // JSON lines come in many: each line is opened on its own.
    const pieces = s.includes('\n') ? [s, ...s.split('\n').flatMap((line) => [...strings(line)])] : [s];
    for (const piece of pieces)
      for (const [pan, m] of matchers) {
        const hit = m.exec(piece);
        if (hit)
          out.push({
            pan: pan.slice(0, 6) + '…' + pan.slice(-4),
            where,
            excerpt: JSON.stringify(piece.slice(Math.max(0, hit.index - 40), hit.index + hit[0].length + 40)).replace(
              /\p{N}/gu,
              '#',
            ),
          });
      }
  }
  return out;
}
