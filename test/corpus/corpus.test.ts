// The real-world corpus (manifest.json: public Terraform configurations and CloudFormation / SAM templates, each
// with its repository, commit and licence): Enclave loads and validates every entry without crashing, gives
// exactly the pinned diagnostics (expected.json), and gives no error the reference tools contradict: where
// `terraform validate` or cfn-lint judged an entry valid, Enclave has no error; where they could not judge it
// (oracle.json says why), every Enclave error must have been reviewed (BEYOND_THE_ORACLE in expected.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { worstVerdict } from '../../src/verifier/rules/types.ts';
import { BEYOND_THE_ORACLE, manifest, REVIEWED_VERDICTS } from './expected.ts';
import type { OracleResult } from './oracle.ts';
import { CORPUS, runEnclave, type EnclaveResult, type EnclaveVerdicts } from './run-enclave.ts';

const entries = manifest();
const oracle = JSON.parse(readFileSync(join(CORPUS, 'oracle.json'), 'utf8')) as Record<string, OracleResult>;
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, EnclaveResult>;
const pinnedVerdicts = JSON.parse(readFileSync(join(CORPUS, 'verdicts.json'), 'utf8')) as Record<string, EnclaveVerdicts>;

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

/** A rule's verdict, or the worst verdict of one resource's checks ('not-applicable' when it has none). */
function reviewedVerdict(verification: Awaited<ReturnType<typeof runEnclave>>['verification'], rule: string, resource?: string): string {
  const outcome = verification.run?.outcomes.find((o) => o.id === rule);
  if (!outcome) return 'missing';
  if (!resource) return outcome.verdict;
  const checks = outcome.checks.filter((c) => c.resource === resource);
  return checks.length === 0 ? 'not-applicable' : worstVerdict(checks.map((c) => (c.suppressedBy ? 'compliant' : c.verdict)));
}

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
    const verdictsChanged: string[] = [];
    const reviewedWrong: string[] = [];
    for (const entry of entries.filter((e) => e.dialect === dialect)) {
      let run: Awaited<ReturnType<typeof runEnclave>>;
      try {
        run = await runEnclave(entry);
      } catch (error) {
        crashes.push(`${entry.id}: ${(error as Error).stack}`);
        continue;
      }
      const { result, verdicts } = run;
      if (JSON.stringify(result) !== JSON.stringify(expected[entry.id])) changed.push(entry.id);
      if (JSON.stringify(verdicts) !== JSON.stringify(pinnedVerdicts[entry.id])) verdictsChanged.push(entry.id);
      for (const error of unexplainedErrors(entry.id, result)) falseErrors.push(`${entry.id}: ${error}`);
      const reviewed = REVIEWED_VERDICTS[entry.id];
      if (reviewed?.failed !== undefined && reviewed.failed !== verdicts.failed) reviewedWrong.push(`${entry.id}: ${verdicts.failed ? 'FAILED' : 'PASSED'}, expected ${reviewed.failed ? 'FAILED' : 'PASSED'}`);
      for (const r of reviewed?.verdicts ?? []) {
        const got = reviewedVerdict(run.verification, r.rule, r.resource);
        if (got !== r.verdict) reviewedWrong.push(`${entry.id} ${r.rule}${r.resource ? ` ${r.resource}` : ''}: ${got}, expected ${r.verdict} (${r.why})`);
      }
    }
    assert.deepEqual(crashes, []);
    assert.deepEqual(falseErrors, []);
    assert.deepEqual(reviewedWrong, [], 'a verdict reviewed by hand (REVIEWED_VERDICTS in expected.ts) is wrong');
    assert.deepEqual(changed, [], 'diagnostics differ from expected.json: review, then npx tsx test/corpus/expected.ts');
    assert.deepEqual(verdictsChanged, [], 'verdicts differ from verdicts.json: review, then npx tsx test/corpus/expected.ts');
  });
}
