import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Value } from '../../../../src/verifier/load/types.ts';
import { errors, load, output } from './helpers.ts';

// Each case: an HCL expression and the value Terraform gives for it.
const CASES: [string, Value][] = [
  ['jsonencode({ b = [1, true, null], a = "x<y" })', '{"a":"x\\u003cy","b":[1,true,null]}'],
  ['jsondecode("{\\"a\\": [1, 2]}")', { a: [1, 2] }],
  ['merge({ a = 1, b = 2 }, { b = 3 }, null)', { a: 1, b: 3 }],
  ['concat([1], [2, 3], [])', [1, 2, 3]],
  ['flatten([[1, [2]], [], 3])', [1, 2, 3]],
  ['format("%s-%03d-%.2f-%t-%q-%%", "a", 7, 1.5, true, "q")', 'a-007-1.50-true-"q"-%'],
  ['formatlist("%s=%s", ["a", "b"], "v")', ['a=v', 'b=v']],
  ['join(",", ["a", "b"], ["c"])', 'a,b,c'],
  ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
  ['length("héllo") + length([1, 2]) + length({ a = 1 })', 8],
  ['lookup({ a = 1 }, "b", 9)', 9],
  ['lookup({ a = 1 }, "a")', 1],
  ['element(["a", "b", "c"], 4)', 'b'],
  ['tostring(5)', '5'],
  ['tonumber("5.5")', 5.5],
  ['tobool("true")', true],
  ['tolist(toset(["b", "a", "b"]))', ['a', 'b']],
  ['tomap({ a = "1" })', { a: '1' }],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['cidrsubnet("10.0.0.0/16", 8, 3)', '10.0.3.0/24'],
  ['cidrsubnet("fd00::/56", 8, 1)', 'fd00:0:0:1::/64'],
  ['cidrhost("10.0.1.0/24", 5)', '10.0.1.5'],
  ['cidrhost("10.0.1.0/24", -1)', '10.0.1.255'],
  ['cidrnetmask("10.0.0.0/20")', '255.255.240.0'],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24']],
  ['coalesce(null, "", "x")', 'x'],
  ['coalescelist([], ["a"])', ['a']],
  ['try(local.m.missing, "fallback")', 'fallback'],
  ['[can(local.m.a), can(local.m.missing)]', [true, false]],
  ['replace("a-b-c", "-", "_")', 'a_b_c'],
  ['replace("abc123", "/[0-9]+/", "#")', 'abc#'],
  ['[lower("AbC"), upper("aBc"), title("hello world")]', ['abc', 'ABC', 'Hello World']],
  [
    '[trimspace("  x \\n"), trimprefix("pre-x", "pre-"), trimsuffix("x.tf", ".tf"), trim("?!x!?", "!?")]',
    ['x', 'x', 'x', 'x'],
  ],
  ['[contains(["a"], "a"), contains(["a"], "b")]', [true, false]],
  ['distinct([1, 2, 1, 3])', [1, 2, 3]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  [
    '[range(3), range(1, 4), range(10, 0, -4)]',
    [
      [0, 1, 2],
      [1, 2, 3],
      [10, 6, 2],
    ],
  ],
  ['[min(3, 1, 2), max(3, 1, 2), abs(-4), ceil(1.2), floor(1.8)]', [1, 3, 4, 2, 1]],
  ['sha256("abc")', createHash('sha256').update('abc').digest('hex')],
  ['sha1("abc")', createHash('sha1').update('abc').digest('hex')],
  ['md5("abc")', createHash('md5').update('abc').digest('hex')],
  ['base64encode("héllo")', Buffer.from('héllo').toString('base64')],
  ['base64decode("aGVsbG8=")', 'hello'],
  ['file("${path.module}/data.txt")', 'file contents\n'],
  ['[fileexists("${path.module}/data.txt"), fileexists("${path.module}/nope")]', [true, false]],
  ['templatefile("${path.module}/t.tpl", { name = "x", items = ["a", "b"] })', 'Hello x: a;b;'],
  ['[basename("a/b/c.txt"), dirname("a/b/c.txt")]', ['c.txt', 'a/b']],
  ['[startswith("abc", "ab"), endswith("abc", "bc"), substr("hello", 1, 3)]', [true, true, 'ell']],
  ['regex("^(\\\\w+)-(\\\\d+)$", "ab-12")', ['ab', '12']],
  ['regex("(?P<name>[a-z]+)", "123abc")', { name: 'abc' }],
  ['regexall("[0-9]", "a1b2")', ['1', '2']],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['[one([]), one(["x"])]', [null, 'x']],
  ['sum([1, 2, 3.5])', 6.5],
  ['setunion(["a"], ["b", "a"])', ['a', 'b']],
  ['setintersection(["a", "b"], ["b", "c"])', ['b']],
  ['setsubtract(["a", "b"], ["b"])', ['a']],
  ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['sort(["b", "c", "a"])', ['a', 'b', 'c']],
  ['[alltrue([true, true]), alltrue([true, false]), anytrue([false, true]), anytrue([])]', [true, false, true, false]],
  ['index(["a", "b"], "b")', 1],
  ['chunklist([1, 2, 3], 2)', [[1, 2], [3]]],
  ['transpose({ a = ["1", "2"], b = ["2"] })', { '1': ['a'], '2': ['a', 'b'] }],
  ['abspath(".") != ""', true],
  ['max([1, 5, 2]...)', 5],
];

test('built-in functions give what Terraform gives', async () => {
  const outputs = CASES.map(([expr], i) => `output "c${i}" { value = ${expr} }`).join('\n');
  const stack = await load({
    'root/main.tf': `locals { m = { a = 1 } }\n${outputs}\n`,
    'root/data.txt': 'file contents\n',
    'root/t.tpl': 'Hello ${name}: %{ for i in items }${i};%{ endfor }',
  });
  assert.deepEqual(errors(stack), []);
  for (const [i, [expr, expected]] of CASES.entries()) assert.deepEqual(output(stack, `c${i}`), expected, expr);
  assert.ok(
    stack.files.some((f) => f.path === 'root/data.txt' && /^[0-9a-f]{64}$/.test(f.sha256)),
    'files read by file() are recorded',
  );
});

test('function misuse is an error at the call line', async () => {
  const stack = await load({
    'root/main.tf': `output "a" { value = nosuchfn(1) }\noutput "b" {\n  value = cidrsubnet("10.0.0.0/30", 8, 1)\n}\noutput "c" { value = element([], 0) }\n`,
  });
  assert.deepEqual(
    errors(stack).map((d) => d.location?.line),
    [1, 3, 5],
  );
  assert.match(errors(stack)[0]!.message, /no function named "nosuchfn"/);
});
