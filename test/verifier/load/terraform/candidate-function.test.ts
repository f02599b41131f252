// The search for a bounded input's longest accepted value asks a validation hundreds of candidates; a condition made
// of literals, the variable, calls, can() and operators is turned into a function of the candidate once
// (candidateFunction in module.ts). It must answer exactly as the evaluator does: here the two are compared on every
// candidate the search asks, and some more, for every validation condition in our stacks, modules and the corpus of
// public Terraform, and for conditions written to reach the edges (refused patterns, non-bool results, null, arity).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { longestAccepted } from '../../../../src/verifier/load/inputs.ts';
import type { Expr } from '../../../../src/verifier/load/terraform/ast.ts';
import { attributeOf } from '../../../../src/verifier/load/terraform/config.ts';
import { evaluate, Scope } from '../../../../src/verifier/load/terraform/evaluate.ts';
import type { FunctionContext } from '../../../../src/verifier/load/terraform/functions.ts';
import { candidateFunction } from '../../../../src/verifier/load/terraform/module.ts';
import { parseHclSync } from '../../../../src/verifier/load/terraform/parse.ts';

const root = new URL('../../../..', import.meta.url).pathname;

function tfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tf'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every validation condition of every variable in `files`, with the variable's name. */
function conditions(files: string[]): { where: string; name: string; condition: Expr }[] {
  const found: { where: string; name: string; condition: Expr }[] = [];
  for (const file of files) {
    const { parsed } = parseHclSync(readFileSync(file, 'utf8'), file);
    for (const block of parsed?.body.blocks ?? []) {
      if (block.type !== 'variable' || !block.labels[0]) continue;
      for (const validation of block.body.blocks.filter((b) => b.type === 'validation')) {
        const condition = attributeOf(validation, 'condition');
        if (condition)
          found.push({ where: `${file}:${condition.line}`, name: block.labels[0], condition: condition.expr });
      }
    }
  }
  return found;
}

const fn: FunctionContext = {
  moduleDir: root,
  readFile: () => {
    throw new Error('no file is read here');
  },
  fileExists: () => false,
} as unknown as FunctionContext;

/** What a run gives: its value, or the class and message of what it threw. */
function outcome(run: () => unknown): string {
  try {
    return `value ${JSON.stringify(run())}`;
  } catch (error) {
    return `threw ${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

const EXTRA = [
  '',
  'us-east-1',
  'eu-central-2',
  '10.0.0.0/16',
  '0.0.0.0/0',
  'admin',
  'true',
  'a-b_c',
  '16.4',
  'x'.repeat(70),
];

function compare(where: string, name: string, condition: Expr): { compiled: boolean; candidates: number } {
  const direct = candidateFunction(condition, name, fn);
  if (!direct) return { compiled: false, candidates: 0 };
  const vars: Record<string, unknown> = {};
  const scope = new Scope(fn, (n) => (n === 'var' ? (vars as never) : undefined));
  const asked = new Set<string>(EXTRA);
  longestAccepted((candidate) => {
    asked.add(candidate);
    vars[name] = candidate;
    try {
      return evaluate(condition, scope) === true;
    } catch {
      return false;
    }
  });
  for (const candidate of asked) {
    vars[name] = candidate;
    assert.equal(
      outcome(() => direct(candidate)),
      outcome(() => evaluate(condition, scope)),
      `${where} (var.${name} = ${JSON.stringify(candidate)})`,
    );
  }
  return { compiled: true, candidates: asked.size };
}

test('every validation condition in our stacks, modules and the public corpus: the same answer on every candidate', () => {
  const all = conditions([...tfFiles(join(root, 'infra/terraform')), ...tfFiles(join(root, 'test/corpus/terraform'))]);
  let compiled = 0;
  let candidates = 0;
  for (const { where, name, condition } of all) {
    const r = compare(where, name, condition);
    if (r.compiled) compiled++;
    candidates += r.candidates;
  }
  assert.ok(all.length >= 80, `conditions found: ${all.length}`);
  console.log(`conditions ${all.length}, turned into functions ${compiled}, candidates compared ${candidates}`);
  assert.ok(compiled >= 40, `conditions turned into functions: ${compiled} of ${all.length}`);
  assert.ok(candidates > 10_000, `candidates compared: ${candidates}`);
});

test('edges: refused patterns, operators, null, non-bool results, arity; what it does not know is left to the evaluator', () => {
  const written = [
    'can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.x))',
    'can(regex("(a)\\\\1", var.x))',
    'can(regex("a{1001}", var.x))',
    'can(regex("^(?P<word>[a-z]+)$", var.x))',
    'can(core::regex("^a+$", var.x))',
    'can(cidrhost(var.x, 0)) && !contains(["0.0.0.0/0", "::/0"], var.x)',
    'length(var.x) >= 3 && length(var.x) <= 20 || var.x == "admin"',
    'var.x != null && var.x == "us-east-1"',
    '!can(regex("^-", var.x))',
    '-length(var.x) < -4',
    'length(var.x) + 1',
    'var.x',
    'contains(["true", "admin"], var.x) == true',
    'can(regex("^a+$"))',
    'can(regex("^a+$", var.x), 1)',
    'can(nosuchfunction(var.x))',
    'startswith(var.x, "a") && endswith(var.x, "0")',
    'upper(var.x) == var.x',
  ];
  let compiled = 0;
  for (const text of written) {
    const { parsed } = parseHclSync(`a = ${text}\n`, 'edge.tf');
    if (compare(text, 'x', parsed!.body.attributes[0]!.expr).compiled) compiled++;
  }
  assert.equal(compiled, written.length - 1, 'all but can() with two arguments become functions');

  // Left to the evaluator: another variable, a local, try(), a for expression, a conditional, a template.
  for (const text of [
    'can(regex(var.pattern, var.x))',
    'length(var.x) <= local.max',
    'try(length(var.x) > 2, false)',
    'alltrue([for c in var.x : c != ""])',
    'var.x == "" ? false : true',
    '"${var.x}-suffix" != ""',
  ]) {
    const { parsed } = parseHclSync(`a = ${text}\n`, 'edge.tf');
    assert.equal(candidateFunction(parsed!.body.attributes[0]!.expr, 'x', fn), undefined, text);
  }
});
