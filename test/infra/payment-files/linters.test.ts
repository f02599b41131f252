// Two independent second opinions on the payment-files template: cfn-lint (AWS's CloudFormation linter) and
// checkov. Both must report nothing except the inline, reasoned exceptions the template carries.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const template = join(root, 'infra', 'cloudformation', 'payment-files.json');
const venv = join(root, '.venv', 'bin');

test('cfn-lint: no error, warning or informational finding', async () => {
  // cfn-lint exits non-zero when it finds anything; the JSON list says what.
  const result = await run(join(venv, 'cfn-lint'), ['--format', 'json', '--', template], { maxBuffer: 16 << 20 }).catch(
    (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '', code: error.code }),
  );
  const findings = JSON.parse(result.stdout || '[]') as {
    Rule: { Id: string };
    Message: string;
    Location: { Start: { LineNumber: number } };
  }[];
  assert.deepEqual(
    findings.map((f) => `${f.Rule.Id} line ${f.Location.Start.LineNumber}: ${f.Message}`),
    [],
  );
});

test('checkov: no failed check; every skipped check is an inline suppression with a reason', async () => {
  // checkov adds the file's path as it was given (`__file__`) to every resource's parsed properties, and CKV_AWS_45
  // reads a Lambda function's Environment.Variables as they were parsed, path included: an absolute path with a run
  // of 40 letters, digits and slashes before the first '-' or '.' (such as '/tmp/fresh3/infra/cloudformation/payment')
  // matches its AWS-secret-key pattern, so the finding depended on where the repository was cloned. Given from the
  // template's own directory, the path is 'payment-files.json' wherever the clone is.
  const { stdout } = await run(
    join(venv, 'checkov'),
    ['-f', basename(template), '--framework', 'cloudformation', '--skip-download', '--compact', '-o', 'json'],
    {
      cwd: dirname(template),
      maxBuffer: 64 << 20,
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as {
    summary: { passed: number; failed: number; skipped: number; parsing_errors: number };
    results: {
      failed_checks?: { check_id: string; resource: string; check_name: string }[];
      skipped_checks?: { check_id: string; resource: string; check_result: { suppress_comment?: string } }[];
    };
  };
  assert.equal(report.summary.parsing_errors, 0);
  assert.deepEqual(
    (report.results.failed_checks ?? []).map((c) => `${c.check_id} ${c.resource}: ${c.check_name}`),
    [],
  );
  assert.ok(report.summary.passed > 100, `checkov ran its CloudFormation checks (${report.summary.passed} passed)`);
  const skipped = report.results.skipped_checks ?? [];
  for (const s of skipped)
    assert.ok((s.check_result.suppress_comment ?? '').length > 40, `${s.check_id} on ${s.resource} has a real reason`);
  // The suppressions are the ones the template's Metadata declares, no more.
  const declared: string[] = [];
  const parsed = JSON.parse(readFileSync(template, 'utf8')) as {
    Resources: Record<string, { Metadata?: { checkov?: { skip?: { id: string }[] } } }>;
  };
  for (const [id, r] of Object.entries(parsed.Resources))
    for (const s of r.Metadata?.checkov?.skip ?? []) declared.push(`${s.id} ${id}`);
  assert.deepEqual(skipped.map((s) => `${s.check_id} ${s.resource.split('.').pop()}`).sort(), declared.sort());
});
