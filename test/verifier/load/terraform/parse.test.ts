import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getParser, parseHclSync } from '../../../../src/verifier/load/terraform/parse.ts';

// Long literal runs are parsed as markers (see parse.ts). With the threshold at 3 characters nearly every run of
// literal text becomes a marker; the syntax tree must be exactly the one parsed without any.
const WORDS = [
  'abc def',
  'x',
  '{',
  '}',
  '#',
  '//',
  '\\"',
  '\\\\',
  '$${x}',
  '%%{y}',
  '${a.b}',
  '%{ if c ~}t%{ else }e%{ endif }',
  '${ "in" }',
  ' ',
  '/*',
  '<<',
  '$',
  '%',
  'é😀',
];

test('literal-run markers never change the syntax tree (generated strings, heredocs, comments, interpolations)', async () => {
  await getParser();
  let seed = 11;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]) => items[rnd(items.length)]!;
  const str = () => `"${Array.from({ length: rnd(12) }, () => pick(WORDS)).join('')}"`;
  const heredoc = () =>
    `<<-EOT\n${Array.from({ length: rnd(4) + 1 }, () => ' '.repeat(rnd(6)) + Array.from({ length: rnd(8) }, () => pick(WORDS)).join('')).join('\n')}\n  EOT\n`;
  const value = (depth: number): string => {
    switch (rnd(6)) {
      case 0:
        return str();
      case 1:
        return `[${depth > 0 ? value(depth - 1) : '1'}, ${str()}]`;
      case 2:
        return `{ k = ${str()}, "q" = ${depth > 0 ? value(depth - 1) : '1'} }`;
      case 3:
        return `${str()} == ${str()} ? 1 : 2`;
      case 4:
        return `# c ${str()}\n  ${str()}`;
      default:
        return heredoc();
    }
  };
  let valid = 0;
  for (let n = 0; n < 200; n++) {
    const text = `locals {\n${Array.from({ length: 3 }, (_, i) => `  a${i} = ${value(2)}`).join('\n')}\n}\n`;
    const plain = parseHclSync(text, 'f.tf', undefined, 1_000_000);
    const marked = parseHclSync(text, 'f.tf', undefined, 3);
    // Random words do not always make valid HCL: then both must fail; otherwise both trees must be the same.
    if (plain.parsed) valid++;
    assert.deepEqual(marked.parsed?.body, plain.parsed?.body, text);
    assert.equal(marked.diagnostics.length > 0, plain.diagnostics.length > 0, text);
  }
  assert.ok(valid >= 40, `only ${valid} of 200 generated configurations were valid HCL`);
});
