import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, loadMain, output, u } from './helpers.ts';

test('templates: interpolation, escapes, %{if}/%{for} directives and strip markers', async () => {
  const stack = await loadMain(`
locals {
  items = ["a", "b", "c"]
  flag  = true
}
output "interp"  { value = "x-\${local.items[1]}-y" }
output "escapes" { value = "q\\"uote \\\\ tab\\t nl\\n $\${literal} %%{literal} \\u00e9" }
output "single"  { value = "\${local.items}" }
output "if"      { value = "%{ if local.flag }on%{ else }off%{ endif }" }
output "for"     { value = "[%{ for i, v in local.items ~} \${i}=\${v} %{~ endfor }]" }
output "strip"   { value = "a   \${~ "b" ~}   c" }
output "unicode" { value = "é€😀" }
`);
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'interp'), 'x-b-y');
  assert.equal(output(stack, 'escapes'), 'q"uote \\ tab\t nl\n ${literal} %{literal} é');
  assert.deepEqual(output(stack, 'single'), ['a', 'b', 'c'], 'a lone interpolation keeps its type');
  assert.equal(output(stack, 'if'), 'on');
  assert.equal(output(stack, 'for'), '[0=a1=b2=c]');
  assert.equal(output(stack, 'strip'), 'abc');
  assert.equal(output(stack, 'unicode'), 'é€😀');
});

test('heredocs: <<EOF keeps indentation, <<-EOF removes the common indentation, both interpolate', async () => {
  const stack = await loadMain(`
locals { name = "enclave" }
output "plain" {
  value = <<EOF
  hello \${local.name}
    more
EOF
}
output "flush" {
  value = <<-EOT
    hello \${local.name}
      indented
    %{ if true }yes%{ endif }
    EOT
}
`);
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'plain'), '  hello enclave\n    more\n');
  assert.equal(output(stack, 'flush'), 'hello enclave\n  indented\nyes\n');
});

test('for expressions: lists, maps, filters, grouping', async () => {
  const stack = await loadMain(`
locals {
  list = ["a", "bb", "ccc"]
  map  = { x = 1, y = 2, z = 3 }
}
output "upper"   { value = [for s in local.list : upper(s)] }
output "indexed" { value = [for i, s in local.list : "\${i}:\${s}" if i != 1] }
output "tomap"   { value = { for s in local.list : s => length(s) } }
output "filter"  { value = { for k, v in local.map : k => v * 10 if v >= 2 } }
output "group"   { value = { for s in local.list : length(s) > 1 ? "long" : "short" => s... } }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(output(stack, 'upper'), ['A', 'BB', 'CCC']);
  assert.deepEqual(output(stack, 'indexed'), ['0:a', '2:ccc']);
  assert.deepEqual(output(stack, 'tomap'), { a: 1, bb: 2, ccc: 3 });
  assert.deepEqual(output(stack, 'filter'), { y: 20, z: 30 });
  assert.deepEqual(output(stack, 'group'), { short: ['a'], long: ['bb', 'ccc'] });
});

test('operators, precedence, conditionals, index and attribute access, splats', async () => {
  const stack = await loadMain(`
locals {
  objs = [{ name = "a", tags = { k = 1 } }, { name = "b", tags = { k = 2 } }]
  one  = { name = "solo" }
}
output "arith"   { value = 1 + 2 * 3 - 8 / 4 % 3 }
output "neg"     { value = -2 + 5 }
output "logic"   { value = !false && (true || false) && 3 >= 3 && 2 < 1 == false }
output "eq"      { value = [1 == 1, "a" != "a", [1, 2] == [1, 2], { a = 1 } == { a = 1 }, "1" == 1] }
output "cond"    { value = length(local.objs) > 1 ? "many" : "few" }
output "index"   { value = local.objs[1].tags["k"] }
output "legacy"  { value = local.objs.0.name }
output "splat"   { value = local.objs[*].name }
output "attrsp"  { value = local.objs.*.tags.k }
output "single"  { value = local.one[*].name }
output "nullsp"  { value = null[*] }
`);
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'arith'), 1 + 2 * 3 - ((8 / 4) % 3));
  assert.equal(output(stack, 'neg'), 3);
  assert.equal(output(stack, 'logic'), true);
  assert.deepEqual(output(stack, 'eq'), [true, false, true, true, false]);
  assert.equal(output(stack, 'cond'), 'many');
  assert.equal(output(stack, 'index'), 2);
  assert.equal(output(stack, 'legacy'), 'a');
  assert.deepEqual(output(stack, 'splat'), ['a', 'b']);
  assert.deepEqual(output(stack, 'attrsp'), [1, 2]);
  assert.deepEqual(output(stack, 'single'), ['solo']);
  assert.deepEqual(output(stack, 'nullsp'), []);
});

test('evaluation errors are diagnostics with file:line, and the value becomes unknown', async () => {
  const stack = await loadMain(`
locals {
  list = [1]
}
output "oob" {
  value = local.list[3]
}
output "nope" { value = local.missing }
output "role" { value = aws_iam_role.lambda.arn }
`);
  const found = errors(stack);
  assert.deepEqual(
    found.map((d) => [d.code, d.location?.file, d.location?.line]),
    [
      ['tf-eval', 'root/main.tf', 6],
      ['tf-eval', 'root/main.tf', 8],
      ['tf-eval', 'root/main.tf', 9],
    ],
  );
  assert.match(found[1]!.message, /undeclared local value local\.missing/);
  assert.match(found[2]!.message, /undeclared resource type "aws_iam_role"/);
  assert.deepEqual(output(stack, 'oob'), u('output.oob'));
});
