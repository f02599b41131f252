// The hand-written HCL parser (src/verifier/load/terraform/hcl/) against the tree-sitter-hcl reading it replaced
// (./tree-sitter-parse.ts): the same syntax trees, lines included, for every .tf, .tfvars and .hcl file (lock files) in
// the repository (our stacks, the test fixtures, the vendored public corpus) and for generated templates. Where the two disagree Terraform
// decides: those inputs are in parse.test.ts with Terraform's answers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHclSync } from '../../../../src/verifier/load/terraform/parse.ts';
import { getParser, parseHclSync as parseWithTreeSitter } from './tree-sitter-parse.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');

test('every HCL file of the repository parses to the same syntax tree as with tree-sitter-hcl', async () => {
  await getParser();
  const files = execFileSync('git', ['ls-files', '*.tf', '*.tfvars', '*.hcl'], { cwd: root, encoding: 'utf8' })
    .trim()
    .split('\n');
  assert.ok(files.length > 1400, `only ${files.length} HCL files found`);
  let parsed = 0;
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const before = parseWithTreeSitter(text, file);
    const after = parseHclSync(text, file);
    assert.equal(Boolean(after.parsed), Boolean(before.parsed), `${file}: ${JSON.stringify(after.diagnostics[0])}`);
    assert.deepEqual(after.parsed?.body, before.parsed?.body, file);
    if (after.parsed) parsed++;
  }
  assert.ok(parsed > 1400, `only ${parsed} files parsed`);
});

// Random strings, heredocs, comments, escapes and template sequences in random expressions, kept off the two places
// where the readings differ (parse.test.ts holds Terraform's answers for both): a strip marker at the end of a
// heredoc line (tree-sitter's converter trimmed across lines, Terraform trims to the end of the line), and a `$` or
// `%` right before `$${`/`%%{` (tree-sitter read `$$${x}` as `$$` and an interpolation, Terraform as `$` and `$${`).
const WORDS = [
  'abc def',
  'x',
  '{',
  '}',
  '#',
  '//',
  '\\"',
  '\\\\',
  '\\n',
  '\\u00e9',
  '$${x}',
  '%%{y}',
  '$$ ',
  '${a.b}',
  '${a[0].c[*].d}',
  '${f(x, y...)}',
  '${~ x ~}',
  '%{ if c ~}t%{ else }e%{ endif }',
  '%{ for k, v in m }${k}=${v}%{ endfor }',
  '${ "in" }',
  ' ',
  '/*',
  '<<',
  '$ ',
  '% ',
  'é😀',
  // Makes the string a syntax error: both readings must refuse it.
  '\\q',
];

const EXPRESSIONS = [
  'a ? b : c ? d : e',
  'a ? b ? c : d : e',
  '!a && b || c == d',
  '-a.b[0] * 2 + 3 % 4 - 5 / 6',
  'a.*.b[0]',
  'a[*].b[0].c',
  'a.0.b',
  '[for k, v in m : v if k != "x"]',
  '{ for k, v in m : v => k... if v != null }',
  'provider::aws::arn_parse(x).region',
  '{ (k) = 1, "q" : 2, z = [1, 2,], }',
  '1.5e3 + 2e-1',
];

test('generated templates and expressions parse to the same syntax tree as with tree-sitter-hcl', async () => {
  await getParser();
  let seed = 11;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]) => items[rnd(items.length)]!;
  const str = () => `"${Array.from({ length: rnd(12) }, () => pick(WORDS)).join('')}"`;
  const heredocLine = () => {
    const line = ' '.repeat(rnd(6)) + Array.from({ length: rnd(8) }, () => pick(WORDS)).join('');
    return line.endsWith('~}') || line.endsWith('~} ') ? `${line}.` : line;
  };
  const heredoc = () =>
    `<<${pick(['', '-'])}EOT\n${Array.from({ length: rnd(4) + 1 }, heredocLine).join('\n')}\n  EOT\n`;
  const value = (depth: number): string => {
    switch (rnd(7)) {
      case 0:
        return str();
      case 1:
        return `[${depth > 0 ? value(depth - 1) : '1'}, ${str()}]`;
      case 2:
        return `{ k = ${str()}, "q" = ${depth > 0 ? value(depth - 1) : '1'} }`;
      case 3:
        return `${str()} == ${str()} ? 1 : 2`;
      case 4:
        return `(# c ${str()}\n  ${str()})`;
      case 5:
        return `(${pick(EXPRESSIONS)})`;
      default:
        return heredoc();
    }
  };
  let valid = 0;
  for (let n = 0; n < 300; n++) {
    const text = `locals {\n${Array.from({ length: 3 }, (_, i) => `  a${i} = ${value(2)}`).join('\n')}\n}\n`;
    const before = parseWithTreeSitter(text, 'f.tf');
    const after = parseHclSync(text, 'f.tf');
    // Random words do not always make valid HCL: then both must fail; otherwise both trees must be the same.
    if (after.parsed) valid++;
    assert.equal(Boolean(after.parsed), Boolean(before.parsed), `${text}\n${JSON.stringify(after.diagnostics[0])}`);
    assert.deepEqual(after.parsed?.body, before.parsed?.body, text);
  }
  assert.ok(valid >= 60 && valid <= 240, `${valid} of 300 generated configurations were valid HCL`);
});
