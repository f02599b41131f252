// The real-world corpus (manifest.json: public Terraform configurations and CloudFormation / SAM templates, each
// with its repository, commit and licence): Enclave loads and validates every entry without crashing, gives
// exactly the pinned diagnostics (expected.json), and gives no error the reference tools contradict: where
// `terraform validate` or cfn-lint judged an entry valid, Enclave has no error; where they could not judge it
// (oracle.json says why), every Enclave error must have been reviewed (BEYOND_THE_ORACLE in expected.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BEYOND_THE_ORACLE, manifest } from './expected.ts';
import type { OracleResult } from './oracle.ts';
import { CORPUS, runEnclave, type EnclaveResult } from './run-enclave.ts';

const entries = manifest();
const oracle = JSON.parse(readFileSync(join(CORPUS, 'oracle.json'), 'utf8')) as Record<string, OracleResult>;
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, EnclaveResult>;

test('the corpus is large enough and every entry has its licence and an oracle result', () => {
  assert.ok(entries.filter((e) => e.dialect === 'terraform').length >= 60);
  const templates = entries.filter((e) => e.dialect === 'cloudformation');
  assert.ok(templates.length >= 40);
  assert.ok(templates.some((e) => e.path.endsWith('.json')) && templates.some((e) => /\.ya?ml$/.test(e.path)));
  for (const entry of entries) {
    assert.ok(readFileSync(join(CORPUS, entry.licence), 'utf8').length > 100, `${entry.id}: licence`);
    assert.match(entry.commit, /^[0-9a-f]{40}$/);
    assert.ok(oracle[entry.id], `${entry.id} has an oracle result (run npx tsx test/corpus/oracle.ts)`);
    // The vendored repositories' .gitignore files ignore lock files: without `git add -f` a fresh clone would
    // choose provider 6 for these provider-5 configurations.
    if (entry.dialect === 'terraform') assert.ok(existsSync(join(CORPUS, entry.path, '.terraform.lock.hcl')), `${entry.id}: .terraform.lock.hcl is committed (git add -f)`);
  }
});

function unexplainedErrors(id: string, result: EnclaveResult): string[] {
  const reviewed = BEYOND_THE_ORACLE[id] ?? {};
  const o = oracle[id]!;
  return result.diagnostics
    .filter((d) => d.startsWith('error '))
    .filter((d) => !Object.keys(reviewed).some((text) => d.includes(text)))
    // An error the reference tool also reports at the same place is not a false one (cfn-lint points at a value,
    // Enclave at the object holding it: a line apart).
    .filter((d) => !(o.ran && !o.valid && o.errors.some((e) => e.file !== undefined && e.line !== undefined && [e.line - 1, e.line, e.line + 1].some((line) => d.includes(` ${e.file}:${line} `)))));
}

for (const dialect of ['terraform', 'cloudformation'] as const) {
  test(`${dialect} corpus: no crash, the pinned diagnostics, and no false error`, async () => {
    const crashes: string[] = [];
    const changed: string[] = [];
    const falseErrors: string[] = [];
    for (const entry of entries.filter((e) => e.dialect === dialect)) {
      let result: EnclaveResult;
      try {
        result = (await runEnclave(entry)).result;
      } catch (error) {
        crashes.push(`${entry.id}: ${(error as Error).stack}`);
        continue;
      }
      if (JSON.stringify(result) !== JSON.stringify(expected[entry.id])) changed.push(entry.id);
      for (const error of unexplainedErrors(entry.id, result)) falseErrors.push(`${entry.id}: ${error}`);
    }
    assert.deepEqual(crashes, []);
    assert.deepEqual(falseErrors, []);
    assert.deepEqual(changed, [], 'diagnostics differ from expected.json: review, then npx tsx test/corpus/expected.ts');
  });
}
