// Card-like numbers for property tests. Only the public test PANs and numbers that no card network issues: a leading
// 9 (ISO/IEC 7812 major industry identifier 9, national assignment) followed by random digits and a Luhn check
// digit. Random numbers under a real network's prefix could be somebody's card, so none are made.
import fc from 'fast-check';
import { luhnValid } from '../../../src/core/index.ts';
import { TEST_PANS } from '../../../src/local/synthetic.ts';

/** Appends the Luhn check digit to `body`. */
export function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/** A Luhn-valid 13–19 digit number: a public test PAN, or a 9-prefixed number no card network issues. */
export const cardNumber = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...TEST_PANS) },
  { weight: 3, arbitrary: fc.stringMatching(/^[0-9]{11,17}$/).map((rest) => withCheckDigit('9' + rest)) },
);

/**
 * Every script with decimal digits that ICU can format numbers in (CLDR numbering systems), with its ten digits in
 * order of value. Taken from Intl, not from the detector, so tests can tell the detector's digit values are right.
 */
export const DIGIT_SCRIPTS: { name: string; digits: string[] }[] = Intl.supportedValuesOf('numberingSystem').flatMap(
  (name) => {
    const format = new Intl.NumberFormat(`en-u-nu-${name}`, { useGrouping: false });
    const digits = Array.from({ length: 10 }, (_, d) => format.format(d));
    return digits.every((d) => /^\p{Nd}$/u.test(d)) ? [{ name, digits }] : [];
  },
);

/** Separators a person or a system may put between a card number's digits (the definition's list, spelt out). */
export const VISIBLE_SEPARATORS = [
  '.',
  '_',
  ':',
  '/',
  '\\',
  '|',
  '+',
  '-',
  ' ',
  '\t',
  '\u00a0',
  '\u2007',
  '\u202f',
  '\u3000',
  '\u2009',
  '\u2013',
  '\u2014',
  '\u2010',
  '\u2212',
  '\u00b7',
  '\u2215',
  '\uff0e',
  '\uff3f',
  '\uff1a',
  '\uff0f',
  '\uff3c',
  '\uff5c',
  '\uff0b',
  '\uff0d',
  '\ufe52',
  '\ufe63',
];
export const INVISIBLE_SEPARATORS = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u180e',
  '\u034f',
  '\ufe0f',
];

export interface Spelling {
  /** The number, ASCII digits. */
  pan: string;
  /** How it is written. */
  text: string;
  script: string;
}

/** A gap between two digits: one to four visible separators with invisible ones mixed in, or invisible ones alone. */
export const separatorGap = (
  visible: readonly string[] = VISIBLE_SEPARATORS,
  invisible: readonly string[] = INVISIBLE_SEPARATORS,
) => {
  const mixed = fc
    .tuple(
      fc.array(fc.constantFrom(...visible), { minLength: 1, maxLength: 4 }),
      invisible.length > 0 ? fc.array(fc.constantFrom(...invisible), { maxLength: 2 }) : fc.constant([] as string[]),
    )
    .map(([v, inv]) => {
      const all = [...v];
      for (const c of inv) all.splice(Math.floor(all.length / 2), 0, c);
      return all.join('');
    });
  if (invisible.length === 0) return mixed;
  return fc.oneof(
    mixed,
    fc.array(fc.constantFrom(...invisible), { minLength: 1, maxLength: 5 }).map((a) => a.join('')),
  );
};

/**
 * A card number spelt as people and systems write it: in any digit script, whole or in groups (every four, 4-6-5
 * like Amex, or at random places), with any gap between groups. `visible` narrows the separators (object keys
 * cannot hold control characters).
 */
export function spelling(
  options: { visible?: readonly string[]; invisible?: readonly string[]; scripts?: readonly string[] } = {},
): fc.Arbitrary<Spelling> {
  const scripts = options.scripts ? DIGIT_SCRIPTS.filter((s) => options.scripts!.includes(s.name)) : DIGIT_SCRIPTS;
  return fc
    .record({
      pan: cardNumber,
      script: fc.oneof(
        { weight: 3, arbitrary: fc.constant(scripts.find((s) => s.name === 'latn') ?? scripts[0]!) },
        { weight: 2, arbitrary: fc.constantFrom(...scripts) },
      ),
      grouping: fc.constantFrom('whole', 'fours', 'amex', 'random'),
      cuts: fc.array(fc.boolean(), { minLength: 19, maxLength: 19 }),
      gaps: fc.array(separatorGap(options.visible, options.invisible), { minLength: 19, maxLength: 19 }),
    })
    .map(({ pan, script, grouping, cuts, gaps }) => {
      let text = '';
      for (let i = 0; i < pan.length; i++) {
        const cut =
          i > 0 &&
          (grouping === 'fours'
            ? i % 4 === 0
            : grouping === 'amex'
              ? i === 4 || i === 10
              : grouping === 'random'
                ? cuts[i]!
                : false);
        if (cut) text += gaps[i]!;
        text += script.digits[Number(pan[i])]!;
      }
      return { pan, text, script: script.name };
    });
}
