// Every expression of cases.ts evaluated by the real loader and compared with what `terraform console` said
// (expected.json, written by generate.ts). Where terraform is installed, a second test asks it again, so the
// fixture cannot drift from Terraform itself.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadTerraform } from '../../../../../src/verifier/load/terraform/index.ts';
import { FUNCTIONS } from '../../../../../src/verifier/load/terraform/functions.ts';
import { isUnknownValue, isTemplateValue } from '../../../../../src/verifier/load/values.ts';
import { jsonEncode } from '../../../../../src/verifier/load/terraform/values.ts';
import type { Value } from '../../../../../src/verifier/load/types.ts';
import { CASES } from './cases.ts';
import type { ExpectedFile } from './generate.ts';
import { evaluateMany, evaluateOne, FILES_DIR, terraformVersion, type ConsoleResult } from './terraform-console.ts';

const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as ExpectedFile;
const functionList = JSON.parse(readFileSync(new URL('./functions.json', import.meta.url), 'utf8')) as {
  functions: string[];
};

type Outcome = { value: Value } | { error: string };

/** Loads one configuration with an output per case (one per line) and reads each back: value or tf-eval error. */
async function evaluateCases(exprs: readonly string[]): Promise<Outcome[]> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-console-cases-'));
  cpSync(FILES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'cases.tf'), exprs.map((expr, i) => `output "case_${i}" { value = ${expr} }\n`).join(''));
  const stack = await loadTerraform(dir, { cwd: dir });
  const syntax = stack.diagnostics.filter((d) => d.code.startsWith('hcl-'));
  assert.deepEqual(syntax, [], 'every case parses');
  return exprs.map((_, i) => {
    const failure = stack.diagnostics.find(
      (d) => d.severity === 'error' && d.location?.file === 'cases.tf' && d.location.line === i + 1,
    );
    if (failure) return { error: failure.message };
    return { value: stack.outputs.find((o) => o.name === `case_${i}`)!.value };
  });
}

/** Numbers compare as doubles: Terraform computes with 512-bit floats and prints every digit. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= Math.abs(b) * 1e-15;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      ka.length === kb.length &&
      ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

function isPending(value: Value): boolean {
  return isUnknownValue(value) || isTemplateValue(value);
}

test('the fixture covers cases.ts and every Terraform built-in function', () => {
  assert.deepEqual(
    expected.cases.map((c) => c.expr),
    CASES.map((c) => c.expr),
    'expected.json is stale: run npx tsx test/verifier/load/terraform/console/generate.ts',
  );
  const groups = new Set(CASES.map((c) => c.group));
  const missing = functionList.functions.filter((name) => !groups.has(name));
  assert.deepEqual(missing, [], 'each function has cases');
});

test('every Terraform built-in function is implemented (try and can are special forms)', () => {
  const missing = functionList.functions.filter((name) => !FUNCTIONS.has(name) && name !== 'try' && name !== 'can');
  assert.deepEqual(missing, []);
});

test('the loader evaluates every case as terraform console does', async () => {
  const outcomes = await evaluateCases(expected.cases.map((c) => c.expr));
  const wrong: string[] = [];
  expected.cases.forEach((c, i) => {
    const outcome = outcomes[i]!;
    const ours =
      'value' in outcome
        ? isPending(outcome.value)
          ? 'unknown'
          : String(jsonEncode(outcome.value))
        : `error: ${outcome.error}`;
    const spec = CASES[i]!;
    if (spec.plan === 'unknown' || spec.unknownWhere) {
      if (ours !== 'unknown') wrong.push(`${c.expr}: Terraform plans this as unknown, the loader gave ${ours}`);
      return;
    }
    if ('error' in c) {
      if (!('error' in outcome))
        wrong.push(`${c.expr}: Terraform fails (${c.error.slice(0, 120)}), the loader gave ${ours}`);
      return;
    }
    if ('unknown' in c) {
      if (ours !== 'unknown') wrong.push(`${c.expr}: Terraform gives an unknown, the loader gave ${ours}`);
      return;
    }
    if (spec.compare === 'gunzip' && 'value' in outcome && typeof outcome.value === 'string') {
      const text = (b64: string) => gunzipSync(Buffer.from(b64, 'base64')).toString('utf8');
      if (text(outcome.value) !== text(JSON.parse(c.json) as string))
        wrong.push(`${c.expr}: decompresses to ${text(outcome.value)}`);
      return;
    }
    if (!('value' in outcome) || isPending(outcome.value) || !sameJson(JSON.parse(ours), JSON.parse(c.json))) {
      wrong.push(`${c.expr}: Terraform gives ${c.json}, the loader gave ${ours}`);
    }
  });
  assert.deepEqual(wrong, []);
});

test('expected.json still says what the installed terraform says', {
  skip: terraformVersion() === undefined ? 'terraform is not installed' : false,
}, async () => {
  const version = terraformVersion()!;
  if (version !== expected.terraform) {
    assert.fail(
      `expected.json was made with terraform ${expected.terraform}, this machine has ${version}: regenerate it and review the differences`,
    );
  }
  // Values in one console run; each error needs a run of its own.
  const cases = expected.cases.filter((c) => !c.plan);
  const valued = cases.filter((c) => 'json' in c);
  const failing = cases.filter((c) => !('json' in c));
  const fresh = new Map<string, ConsoleResult>();
  for (const [i, result] of (await evaluateMany(valued.map((c) => c.expr))).entries())
    fresh.set(valued[i]!.expr, result);
  let next = 0;
  const lane = async (worker: number) => {
    while (next < failing.length) {
      const c = failing[next++]!;
      fresh.set(c.expr, await evaluateOne(c.expr, worker));
    }
  };
  await Promise.all([lane(0), lane(1)]);
  const differing = cases
    .filter((stored) => {
      const now = fresh.get(stored.expr)!;
      if ('error' in stored) return !('error' in now);
      if ('unknown' in stored) return !('unknown' in now);
      return !('json' in now) || !sameJson(JSON.parse(now.json), JSON.parse(stored.json));
    })
    .map((c) => c.expr);
  assert.deepEqual(differing, []);
});
