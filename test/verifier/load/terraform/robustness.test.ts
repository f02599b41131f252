import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { loadTerraform } from '../../../../src/verifier/load/terraform/index.ts';
import { errors, load, loadMain, output } from './helpers.ts';

test('a syntax error is an error with file:line, and that file is not used at all', async () => {
  const stack = await load({
    'root/good.tf': 'resource "aws_s3_bucket" "ok" { bucket = "ok" }\n',
    'root/bad.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  acl = = "private"\n}\n',
  });
  const found = errors(stack);
  assert.ok(found.length >= 1);
  assert.deepEqual(
    [found[0]!.code, found[0]!.location?.file, found[0]!.location?.line],
    ['hcl-syntax', 'root/bad.tf', 3],
  );
  assert.deepEqual(
    stack.resources.map((r) => r.address),
    ['aws_s3_bucket.ok'],
  );
});

test('an unclosed block reports the missing brace', async () => {
  const stack = await loadMain('locals {\n  a = [1, 2\n}\n');
  assert.equal(errors(stack)[0]!.code, 'hcl-syntax');
  assert.ok(errors(stack)[0]!.location!.line >= 2);
});

test('a reference cycle is an error naming its members; the rest still evaluates', async () => {
  const stack = await loadMain(`
locals {
  a = local.b
  b = local.c
  c = "\${local.a}-x"
  d = "fine"
  e = local.a
}
output "d" { value = local.d }
`);
  const cycle = errors(stack).filter((d) => d.code === 'tf-cycle');
  assert.equal(cycle.length, 1);
  assert.match(cycle[0]!.message, /local\.a → local\.b → local\.c → local\.a/);
  assert.equal(output(stack, 'd'), 'fine');
});

test('empty and missing directories, and a directory without .tf files, are clear errors', async () => {
  const empty = mkdtempSync(`${tmpdir()}/enclave-tf-empty-`);
  const stack = await loadTerraform(empty);
  assert.deepEqual(
    errors(stack).map((d) => d.code),
    ['tf-empty-module'],
  );
  const missing = await loadTerraform(`${empty}/nope`);
  assert.deepEqual(
    errors(missing).map((d) => d.code),
    ['tf-read'],
  );
});

test('override files and JSON-syntax files are read as Terraform reads them: what they set is what is verified', async () => {
  const main = 'resource "aws_db_instance" "this" {\n  publicly_accessible = false\n}\n';
  const clean = await load({ 'root/main.tf': main, 'root/notes.txt': 'override.tf is mentioned here\n' });
  assert.deepEqual(errors(clean), []);
  for (const name of ['override.tf', 'db_override.tf', 'override.tf.json', 'db_override.tf.json']) {
    const body = name.endsWith('.json')
      ? '{"resource": {"aws_db_instance": {"this": {"publicly_accessible": true}}}}\n'
      : 'resource "aws_db_instance" "this" {\n  publicly_accessible = true\n}\n';
    const stack = await load({ 'root/main.tf': main, [`root/${name}`]: body });
    assert.deepEqual(errors(stack), [], name);
    const db = stack.resources.find((r) => r.address === 'aws_db_instance.this')!;
    assert.equal(db.attributes['publicly_accessible'], true, `${name} overrides the argument`);
    assert.equal(db.locations['publicly_accessible']!.file, `root/${name}`);
  }
  // A JSON file that is not an override declares its own blocks: a second declaration is a duplicate.
  const duplicate = await load({
    'root/main.tf': main,
    'root/extra.tf.json': '{"resource": {"aws_db_instance": {"this": {"publicly_accessible": true}}}}\n',
  });
  assert.deepEqual(
    errors(duplicate).map((d) => d.code),
    ['tf-duplicate'],
  );
  // A file that merely ends in "override" in another way is an ordinary file.
  const ordinary = await load({ 'root/main.tf': main, 'root/nooverride.tf': 'locals {\n  x = 1\n}\n' });
  assert.deepEqual(errors(ordinary), []);
});

test('a 1 MB string and a 1 MB heredoc load quickly and intact', async () => {
  const big = 'x'.repeat(1024 * 1024);
  const started = performance.now();
  const stack = await loadMain(
    `locals {\n  s = "${big}"\n}\noutput "n" { value = length(local.s) }\noutput "h" {\n  value = <<-EOT\n    ${big}\n    EOT\n}\n`,
  );
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'n'), big.length);
  assert.equal((output(stack, 'h') as string).length, big.length + 1);
  assert.ok(performance.now() - started < 5_000, 'no more than a few seconds');
});

test('malformed input of many kinds never throws', async () => {
  const inputs = [
    '{',
    '}',
    'resource',
    'resource "a" {',
    'x = ',
    '"unterminated',
    '<<EOF\nno end',
    'a = ${',
    'locals { a = [for x in : x] }',
    '\u0000\u0001',
    'a = 1\n'.repeat(3),
  ];
  for (const text of inputs) {
    const stack = await loadMain(text);
    assert.ok(stack.diagnostics.length > 0, `diagnostics for ${JSON.stringify(text)}`);
  }
});

test('CRLF line endings and a byte-order mark: same values, same suppressions', async () => {
  const text =
    '\uFEFF# enclave:ignore ENC-1 reason="fixture" expires=2027-01-01\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'.replace(
      /\n/g,
      '\r\n',
    );
  const stack = await loadMain(text);
  assert.deepEqual(errors(stack), []);
  assert.equal(stack.resources[0]!.attributes['bucket'], 'b');
  assert.deepEqual(
    stack.resources[0]!.suppressions.map((s) => [s.ruleId, s.location.line]),
    [['ENC-1', 1]],
  );
});

test('long lines of code, and long literal text next to interpolations, directives and escapes, load exactly', async () => {
  const long = 'y'.repeat(5000);
  const numbers = Array.from({ length: 2000 }, (_, i) => i).join(', ');
  const stack = await loadMain(
    [
      `locals { v = "v" }`,
      `output "list" { value = length([${numbers}]) }`,
      `output "parens" { value = ${'('.repeat(1500)}7${')'.repeat(1500)} }`,
      `output "mixed" { value = "${long} \${local.v} \\"${long}\\" $\${x} %{ if true ~}  ${long}  %{~ endif }" }`,
      `# a comment ${long} "unbalanced`,
      `output "heredoc" {`,
      `  value = <<-EOT`,
      `    ${long}\${local.v}`,
      `      ${long}`,
      `    EOT`,
      `}`,
    ].join('\n') + '\n',
  );
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'list'), 2000);
  assert.equal(output(stack, 'parens'), 7);
  assert.equal(output(stack, 'mixed'), `${long} v "${long}" \${x} ${long}`);
  assert.equal(output(stack, 'heredoc'), `${long}v\n  ${long}\n`);
});

test('a quoted string over two lines is a syntax error, as in Terraform', async () => {
  const stack = await loadMain('locals {\n  a = "one\ntwo"\n}\n');
  assert.deepEqual(
    errors(stack).map((d) => [d.code, d.location?.line]),
    [['hcl-syntax', 2]],
  );
});
