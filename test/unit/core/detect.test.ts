// The card-number definition (src/core/card-numbers.md), example by example and as properties: every digit script,
// every separator, anywhere in a string; the identifiers it deliberately leaves alone; and redaction that leaves
// nothing the detector would still find.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  MAX_SEPARATOR_RUN,
  containsPan,
  luhnValid,
  digitValueAt,
  findPans,
  maskPan,
  redactDeep,
  redactError,
  redactPans,
} from '../../../src/core/index.ts';
import {
  DIGIT_SCRIPTS,
  INVISIBLE_SEPARATORS,
  VISIBLE_SEPARATORS,
  cardNumber,
  spelling,
  withCheckDigit,
} from './card-numbers.ts';

const masks = (text: string) => findPans(text).map((f) => f.masked);
const VISA = '4111111111111111';
const VISA_MASK = '411111******1111';

test('digits of every script are read at their value (checked against ICU number formatting, not Unicode tables)', () => {
  assert.ok(DIGIT_SCRIPTS.length >= 60, `only ${DIGIT_SCRIPTS.length} scripts`);
  for (const { name, digits } of DIGIT_SCRIPTS) {
    for (const [value, d] of digits.entries()) assert.equal(digitValueAt(d, 0), value, `${name} ${value}`);
    const text = [...VISA].map((d) => digits[Number(d)]).join('');
    assert.deepEqual(masks(`ref:${text};`), [VISA_MASK], name);
  }
});

test("the issue's spellings are card numbers: . _ : / \\ | + -, double spaces, tabs, NBSP, zero-width, full-width, Arabic-Indic", () => {
  const spellings = [
    '4111.1111.1111.1111',
    '4111_1111_1111_1111',
    '4111:1111:1111:1111',
    '4111--1111--1111--1111',
    '4111/1111/1111/1111',
    '4111\\1111\\1111\\1111',
    '4111|1111|1111|1111',
    '4111+1111+1111+1111',
    '4111  1111  1111  1111',
    '4111\t1111\t1111\t1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '4\u200b1\u200b1\u200b1\u200b1111\u200b1111\u200b1111',
    '４１１１１１１１１１１１１１１１',
    '٤١١١١١١١١١١١١١١١',
    '۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱',
    '4111 - 1111 - 1111 - 1111',
    '4111\u20131111\u20131111\u20131111',
  ];
  for (const s of spellings) assert.deepEqual(masks(s), [VISA_MASK], JSON.stringify(s));
  // Every length 13–19 and the public test numbers of every brand, dotted every four digits.
  for (const pan of [
    '4222222222222',
    '378282246310005',
    '36227206271667',
    '6011111111111117',
    '3530111333300000',
    '6200000000000005',
    withCheckDigit('900000000000000000'),
    withCheckDigit('9000000000000000'),
  ])
    assert.deepEqual(masks(pan.replace(/(\d{4})(?=\d)/g, '$1.')), [maskPan(pan)], pan.length + ' digits');
});

test('anywhere in a string: inside identifiers, keys, headers, free text', () => {
  for (const s of [
    `tx${VISA}`,
    `${VISA}ab`,
    `order-${VISA}`,
    `in/4111_1111_1111_1111.jsonl`,
    `in/4111/1111/1111/1111/x.csv`,
    `X-Ref: 4111 1111 1111 1111`,
    `AWS:AROAEXAMPLE:4111.1111.1111.1111`,
    `card 4111111111111111 exp 12/29`,
    `4111111111111111 12/29`,
    `paid 2026/11/23 4111111111111111`,
    `{"k${VISA}":1}`,
  ])
    assert.deepEqual(masks(s), [VISA_MASK], s);
});

test(`separator runs: up to ${MAX_SEPARATOR_RUN} visible characters join digits, invisible ones never count, five do not join`, () => {
  assert.deepEqual(masks('4111 -- 1111 -- 1111 -- 1111'), [VISA_MASK]);
  assert.deepEqual(masks(`4111${'\u200b'.repeat(40)}1111${'\u2060\ufeff'.repeat(9)}1111 \u200d\u200d-\u200c 1111`), [
    VISA_MASK,
  ]);
  assert.deepEqual(masks('4111  --  1111  --  1111  --  1111'), []);
  // The separators spelt out in the tests' own list are all separators, and a comma or a letter is not.
  for (const sep of [...VISIBLE_SEPARATORS, ...INVISIBLE_SEPARATORS])
    assert.deepEqual(masks(['4111', '1111', '1111', '1111'].join(sep)), [VISA_MASK], JSON.stringify(sep));
  for (const sep of [',', ';', 'x', '*', '"', '#'])
    assert.deepEqual(masks(['4111', '1111', '1111', '1111'].join(sep)), [], sep);
});

test('only whole groups form a card number: a number glued to more digits is not split, one beside another is found', () => {
  assert.deepEqual(masks(`1${VISA}`), []); // 17 digits with no separator: one number, and it fails Luhn
  assert.deepEqual(masks('ref 411111111111 and 41111111111111110000 end'), []);
  assert.deepEqual(masks(`12 ${VISA}`), [VISA_MASK]);
  assert.deepEqual(masks(`${VISA} 5555555555554444`), [VISA_MASK, '555555******4444']);
});

test("exemptions: digits inside UUIDs, an ARN's region and account, the time of a date-time", () => {
  for (let i = 0; i < 20_000; i++) {
    const id = crypto.randomUUID();
    // About one random UUID in 2.7 million has no hex letter; the exemption rightly does not cover it (next lines), and
    // one in ten of those passes Luhn, so such draws are left to the explicit case below rather than failing at random.
    if (!/[a-f]/.test(id)) continue;
    assert.deepEqual(findPans(`version ${id} ok`), [], id.replace(/[0-9]/g, '#'));
  }
  assert.deepEqual(masks('id c3d4e5f6-4111-1111-1111-1111abcdef01 end'), []);
  // A UUID shape with no hex letter is not a UUID anyone generated: its digits count.
  assert.deepEqual(masks('41111111-1111-1111-1111-111111111111'), [VISA_MASK]);
  assert.deepEqual(masks('id c3d4e5f6-0000-4000-8000-00000000abcd card 4111 1111 1111 1111'), [VISA_MASK]);
  assert.equal(findPans('deadbeef4111111111111111').length, 1);

  // 2:125000000003 joins into a Luhn-valid 13-digit span; inside an ARN it is a region and an account.
  assert.deepEqual(masks('2:125000000003'), ['212500***0003']);
  assert.deepEqual(masks('arn:aws:lambda:us-east-2:125000000003:function:processor'), []);
  assert.deepEqual(masks('arn:aws:kms:eu-west-2:125000000003:key/1234abcd-12ab-34cd-56ef-1234567890ab'), []);
  assert.deepEqual(masks('not-an-arn:eu-west-2:125000000003:x'), ['212500***0003']);
  assert.deepEqual(masks(`arn:aws:s3:::bucket/in/${VISA}.csv`), [VISA_MASK]);

  for (const t of [
    '2026-11-23T10:00:00.123+05:30',
    '2026-11-23T10:00:00.123456789+05:30',
    '2026-11-23 10:00:00.123',
    '2026-11-23 10:00:00.123456-08:00',
    '1999-01-01t23:59:60.999999999Z',
  ])
    for (let f = 0; f < 1000; f++) {
      const varied = t.replace(
        /\.\d+/,
        (m) =>
          '.' +
          String(f * 7919)
            .padStart(m.length - 1, '0')
            .slice(-(m.length - 1)),
      );
      assert.deepEqual(masks(varied), [], varied);
    }
  // A year no date-time exemption covers (card numbers start 3–6 or 9): a number spelt like a date-time is found.
  assert.deepEqual(masks('4111-11-11 11:11:11.11'), [VISA_MASK]);
  // An offset no time zone uses is not a time zone.
  assert.ok(findPans('2026-11-22T22:23:00.31220032+22').length === 1);
});

test('property: a card number spelt in any script, grouping and separators is found, alone or in any text around it', () => {
  const around = fc.stringMatching(/^([a-zA-Z,;!?()[\]{}"'=#*]{1,12})?$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(around, spelling()), { minLength: 1, maxLength: 4 }), around, (parts, tail) => {
      let text = '';
      const starts: number[] = [];
      for (const [before, s] of parts) {
        text += before === '' ? 'x' : before;
        starts.push(text.length);
        text += s.text;
      }
      text += tail;
      // One finding per number, starting at its first digit. Its end is the number's end, or earlier when a shorter
      // span of whole groups at the same start also passes Luhn (that span is reported: its digits are the number's).
      const found = findPans(text);
      assert.deepEqual(
        found.map((f) => f.start),
        starts,
        JSON.stringify(text),
      );
      found.forEach((f, k) => {
        const pan = parts[k]![1].pan;
        assert.equal(f.masked.slice(0, 6), pan.slice(0, 6));
        assert.ok(f.end <= starts[k]! + parts[k]![1].text.length);
      });
      assert.equal(containsPan(redactPans(text)), false);
    }),
    { numRuns: 2000 },
  );
});

test('property: a digit run that fails Luhn is never flagged', () => {
  const filler = fc.stringMatching(/^[a-zA-Z,;!?()"'=#]{1,10}$/);
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          filler,
          fc.stringMatching(/^[0-9]{13,19}$/).filter((d) => !luhnValid(d)),
        ),
        { minLength: 1, maxLength: 5 },
      ),
      (parts) => {
        assert.deepEqual(findPans(parts.map(([a, b]) => a + b).join('')), []);
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: redaction leaves no card number the detector can find, and keeps the text around', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          spelling().map((s) => s.text),
          fc.string({ maxLength: 8 }),
          fc.stringMatching(/^[0-9 ./:-]{0,25}$/),
        ),
        { maxLength: 6 },
      ),
      (parts) => {
        const text = parts.join('');
        const redacted = redactPans(text);
        assert.equal(containsPan(redacted), false, JSON.stringify(text));
        if (!containsPan(text)) assert.equal(redacted, text);
      },
    ),
    { numRuns: 2000 },
  );
});

test('redactDeep: strings, object keys, numbers and errors; values without card numbers come back as they were', () => {
  const clean = { a: 'x', b: [1, 2, { c: 'ok' }], d: new Uint8Array([1, 2]) };
  assert.equal(redactDeep(clean), clean);
  const dirty = redactDeep({
    [`k-${VISA}`]: `v 4111.1111.1111.1111`,
    n: 4111111111111111,
    list: ['a', { deep: '４１１１１１１１１１１１１１１１' }],
    error: new Error(`failed for in/${VISA}.csv`, { cause: new Error(`because 4111 1111 1111 1111`) }),
  });
  const text = JSON.stringify(dirty);
  assert.deepEqual(findPans(text), []);
  assert.ok(text.includes(`"k-${VISA_MASK}":"v ${VISA_MASK}"`), text);
  assert.equal((dirty as { n: unknown }).n, VISA_MASK);
});

test('redactError redacts message, stack and cause in place and keeps the class', () => {
  class Special extends Error {
    override name = 'Special';
  }
  const e = new Special(`no such key in/${VISA}.csv`, { cause: new Error(`at 4111-1111-1111-1111`) });
  assert.equal(redactError(e), e);
  assert.ok(e instanceof Special);
  assert.equal(e.message, `no such key in/${VISA_MASK}.csv`);
  assert.deepEqual(findPans(String(e.stack)), []);
  assert.deepEqual(findPans((e.cause as Error).message + (e.cause as Error).stack), []);
});

test('containsPan agrees with findPans on random card-number-rich text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(cardNumber, fc.stringMatching(/^[0-9 .:/_-]{0,30}$/), fc.string({ maxLength: 5 })), {
        maxLength: 8,
      }),
      (parts) => {
        const text = parts.join('');
        assert.equal(containsPan(text), findPans(text).length > 0);
      },
    ),
    { numRuns: 3000 },
  );
});
