import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHclSync } from '../../../../src/verifier/load/terraform/parse.ts';
import { errors, loadMain, output } from './helpers.ts';

function status(text: string): string {
  const { parsed, diagnostics } = parseHclSync(text, 'f.tf');
  if (parsed) return 'ok';
  return `${diagnostics[0]!.code}@${diagnostics[0]!.location?.line}`;
}

// Each answer is Terraform 1.11.4's (`terraform fmt -check` on the text: ok, or a syntax error on that line). These
// are the inputs where tree-sitter-hcl, the parser before this one, disagreed with Terraform.
const TERRAFORM_SAYS: [string, string, string][] = [
  ['a null byte inside a string', 'a = "x\u0000y"\n', 'ok'],
  ['a number with an exponent and no fraction', 'a = 1e5\n', 'ok'],
  ['a splat written with spaces', 'a = b. *.c\n', 'ok'],
  ['a full splat written with spaces', 'a = b[ * ].c\n', 'ok'],
  ['a hexadecimal number (HCL has none)', 'a = 0x10\n', 'hcl-syntax@1'],
  ['two chained legacy indexes', 'a = b.0.1\n', 'hcl-syntax@1'],
  ['an operator at the end of a line (newlines end attributes)', 'a = 1 +\n  2\n', 'hcl-syntax@1'],
  ['a conditional continued on the next line', 'a = true ? 1\n  : 2\n', 'hcl-syntax@1'],
  ['an operator at the end of a line in an object', 'a = {\n  b = 1 +\n  2\n}\n', 'hcl-syntax@2'],
  ['two attributes on one line', 'a = 1 b = 2\n', 'hcl-syntax@1'],
  ['an attribute and the closing brace on one line', 'locals {\n  a = 1 }\n', 'hcl-syntax@2'],
  ['a block right after another block on its line', 'a {\n} b {\n}\n', 'hcl-syntax@2'],
  ['a heredoc introducer with a trailing space', 'a = <<EOT \nx\nEOT\n', 'hcl-syntax@1'],
  ['a block nested in a single-line block', 'a { b { c = 1 } }\n', 'hcl-syntax@1'],
  ['a name with :: that is not a function call', 'a = b::c\n', 'hcl-syntax@1'],
  ['a \\u escape of a surrogate', 'a = "\\uD800"\n', 'hcl-syntax@1'],
  ['a form feed', 'a = 1\f\n', 'hcl-syntax@1'],
  ['a carriage return without a newline', 'a = 1\rb = 2\n', 'hcl-syntax@1'],
  ['an interpolation in a block label', 'resource "a${b}" "c" {\n}\n', 'hcl-syntax@1'],
  ['a no-break space between tokens', 'a\u00a0= 1\n', 'hcl-syntax@1'],
  // And inputs where both agreed with Terraform.
  ['a comment at the end of the file without a newline', 'a = 1 # c', 'ok'],
  ['Unicode identifiers (ID_Start, ID_Continue, -)', 'résumé = 1\nlocals {\n  naïve-x = "ü"\n  日本 = 2\n}\n', 'ok'],
  ['a heredoc whose closing marker ends the file without a newline', 'a = <<EOT\nabc\nEOT', 'hcl-syntax@1'],
  ['an unterminated string', 'a = "abc\n', 'hcl-syntax@1'],
  ['an unterminated heredoc', 'a = <<EOT\nabc\n', 'hcl-syntax@1'],
  ['an unterminated comment', 'a = 1 /* abc\n', 'hcl-syntax@1'],
  ['a comma after an attribute', 'locals {\n  a = 1,\n}\n', 'hcl-syntax@2'],
  ['a line comment between an object key and its value', 'a = {\n  k = # c\n  1\n}\n', 'hcl-syntax@2'],
  ['a null byte in code', 'a = 1\u0000\n', 'hcl-syntax@1'],
  ['an empty interpolation', 'a = "${}"\n', 'hcl-syntax@1'],
  ['an object for expression without a key', 'a = {for x in y : x}\n', 'hcl-syntax@1'],
  ['a tuple for expression with a key', 'a = [for x in y : x => x]\n', 'hcl-syntax@1'],
];

for (const [name, text, expected] of TERRAFORM_SAYS) {
  test(`as Terraform: ${name} → ${expected}`, () => {
    assert.equal(status(text), expected);
  });
}

test('at most one diagnostic per file, with its file, line and column, and no body', () => {
  const { parsed, diagnostics } = parseHclSync('locals {\n  a = 1\n  b = = 2\n  c = = 3\n}\n', 'dir/f.tf');
  assert.equal(parsed, undefined);
  assert.equal(diagnostics.length, 1);
  assert.deepEqual(
    [diagnostics[0]!.code, diagnostics[0]!.unreadable, diagnostics[0]!.location],
    ['hcl-syntax', true, { file: 'dir/f.tf', line: 3, column: 7 }],
  );
});

test('a file that is one object is told apart from a syntax error', () => {
  assert.equal(parseHclSync('{"a": 1}\n', 'x.tf').diagnostics[0]!.code, 'hcl-json-unsupported');
  assert.equal(parseHclSync('{"a": }\n', 'x.tf').diagnostics[0]!.code, 'hcl-syntax');
});

test('CRLF, a byte-order mark and tabs read as LF, nothing and spaces', () => {
  const lf = parseHclSync('locals {\n\ta = <<-EOT\n    x\n      y\n    EOT\n\tb = "q"\n}\n', 'f.tf');
  const crlf = parseHclSync(
    '\uFEFFlocals {\r\n\ta = <<-EOT\r\n    x\r\n      y\r\n    EOT\r\n\tb = "q"\r\n}\r\n',
    'f.tf',
  );
  assert.ok(lf.parsed && crlf.parsed);
  assert.deepEqual(crlf.parsed.body.attributes, lf.parsed.body.attributes);
  const heredoc = (body: typeof lf.parsed.body) => body.blocks[0]!.body.attributes[0]!.expr;
  assert.deepEqual(heredoc(lf.parsed.body), { t: 'literal', value: 'x\n  y\n', line: 2 });
  // In a CRLF file the heredoc's lines keep their \r, as Terraform's do.
  assert.deepEqual(heredoc(crlf.parsed.body), { t: 'literal', value: 'x\r\n  y\r\n', line: 2 });
});

test('a 1 MB string literal and a 1 MB heredoc load whole', () => {
  const big = 'x'.repeat(1 << 20);
  const { parsed } = parseHclSync(`a = "${big}"\nb = <<EOT\n${big}\nEOT\nc = "${big}\${d}${big}"\n`, 'f.tf');
  const [a, b, c] = parsed!.body.attributes;
  assert.equal(a!.expr.t === 'literal' && a!.expr.value, big);
  assert.equal(b!.expr.t === 'literal' && b!.expr.value, `${big}\n`);
  assert.deepEqual(c!.expr.t === 'template' && c!.expr.parts.map((p) => (p.t === 'text' ? p.text.length : p.t)), [
    big.length,
    'interpolation',
    big.length,
  ]);
});

test('deep nesting is refused with hcl-too-deep, never a stack overflow, and 1,500 parentheses still load', () => {
  const deep: Record<string, (n: number) => string> = {
    brackets: (n) => `a = ${'['.repeat(n)}${']'.repeat(n)}\n`,
    parentheses: (n) => `a = ${'('.repeat(n)}1${')'.repeat(n)}\n`,
    objects: (n) => `a = ${'{a = '.repeat(n)}1${'}'.repeat(n)}\n`,
    calls: (n) => `a = ${'f('.repeat(n)}${')'.repeat(n)}\n`,
    templates: (n) => `a = ${'"${'.repeat(n)}1${'}"'.repeat(n)}\n`,
    directives: (n) => `a = "${'%{if x}'.repeat(n)}${'%{endif}'.repeat(n)}"\n`,
    'for expressions': (n) => `a = ${'[for x in '.repeat(n)}y${' : x]'.repeat(n)}\n`,
    'unary operators': (n) => `a = ${'-'.repeat(n)}1\n`,
    'an operator chain': (n) => `a = 1${' + 1'.repeat(n)}\n`,
    conditionals: (n) => `a = ${'x ? 1 : '.repeat(n)}2\n`,
    indexes: (n) => `a = x${'[x'.repeat(n)}${']'.repeat(n)}\n`,
    splats: (n) => `a = x${'[*]'.repeat(n)}\n`,
    blocks: (n) => `${'a {\n'.repeat(n)}${'}\n'.repeat(n)}`,
  };
  for (const [name, text] of Object.entries(deep)) {
    assert.match(status(text(10_000)), /^hcl-too-deep@/, name);
    // Unreadable, as a syntax error is: the CLI exits 2 (cannot be read), not 1 (non-compliant).
    assert.equal(parseHclSync(text(10_000), 'f.tf').diagnostics[0]!.unreadable, true, name);
    assert.equal(status(text(100)), 'ok', name);
  }
  assert.equal(status(deep.parentheses!(1500)), 'ok');
});

// Template text as Terraform 1.11.4 gives it (`terraform console`, jsonencode of each local): a strip marker in a
// heredoc trims only to the end of its line (hclsyntax cuts heredoc text into one token per line), and `<<-`
// measures indentation after the strip markers have trimmed.
test('strip markers and <<- indentation in heredocs, as Terraform evaluates them', async () => {
  const stack = await loadMain(
    [
      'output "strip" {',
      '  value = <<EOT',
      'x',
      '%{ if true ~}',
      '',
      '  foo',
      '%{ endif ~}',
      '  bar',
      'EOT',
      '}',
      'output "flush_after_strip" {',
      '  value = <<-EOT',
      '    %{ if true ~}',
      '    foo',
      '    %{ endif }',
      '  EOT',
      '}',
      'output "flush_both_strips" {',
      '  value = <<-EOT',
      '      x',
      '    %{~ if true ~}',
      '        y',
      '    %{~ endif ~}',
      '      z',
      '  EOT',
      '}',
      'output "quoted" {',
      '  value = "p \\n\\n  ${~ "q" ~}  \\n\\n r"',
      '}',
      'output "escapes" {',
      '  value = "$$$${x}$$$$y%%{ \\u00e9\\U0001F600"',
      '}',
      'output "odd_dollars" {',
      '  value = ["$$${x}", "%%%{x}", <<EOT',
      '$$${x}',
      'EOT',
      '  ]',
      '}',
    ].join('\n') + '\n',
  );
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'strip'), 'x\n\n  foo\n  bar\n');
  assert.equal(output(stack, 'flush_after_strip'), '    foo\n\n');
  assert.equal(output(stack, 'flush_both_strips'), '      x\n        y\n      z\n');
  assert.equal(output(stack, 'quoted'), 'pqr');
  assert.equal(output(stack, 'escapes'), '$$${x}$$$$y%{ é😀');
  assert.deepEqual(output(stack, 'odd_dollars'), ['$${x}', '%%{x}', '$${x}\n']);
});
