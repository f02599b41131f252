// checkov, an independent second opinion, on the isolated-processing stack and on every shared module with its
// examples: no failed check, and every skipped check is an inline suppression with a real reason.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const checkov = join(root, '.venv', 'bin', 'checkov');

interface Report {
  check_type: string;
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number };
  results: {
    failed_checks?: { check_id: string; resource: string; check_name: string; file_path: string }[];
    skipped_checks?: { check_id: string; resource: string; check_result: { suppress_comment?: string } }[];
  };
}

async function scan(dir: string): Promise<Report> {
  // checkov exits 1 when a check fails; the JSON report on stdout says which.
  const { stdout } = await run(
    checkov,
    ['-d', join(root, dir), '--framework', 'terraform', '--skip-download', '--compact', '-o', 'json'],
    {
      maxBuffer: 64 << 20,
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const parsed = JSON.parse(stdout) as Report | Report[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const terraform = reports.find((r) => r.check_type === 'terraform');
  assert.ok(terraform, `checkov produced a terraform report for ${dir}`);
  return terraform;
}

for (const [dir, minimum] of [
  ['infra/terraform/stacks/isolated-processing', 500],
  ['infra/terraform/modules', 200],
] as const) {
  test(`checkov: ${dir} has no failed check and only reasoned inline suppressions`, async () => {
    const report = await scan(dir);
    assert.equal(report.summary.parsing_errors, 0);
    assert.deepEqual(
      (report.results.failed_checks ?? []).map((c) => `${c.check_id} ${c.resource} (${c.file_path}): ${c.check_name}`),
      [],
    );
    assert.ok(report.summary.passed >= minimum, `checkov ran its Terraform checks (${report.summary.passed} passed)`);
    for (const s of report.results.skipped_checks ?? []) {
      assert.ok(
        (s.check_result.suppress_comment ?? '').length > 40,
        `${s.check_id} on ${s.resource} has a real reason`,
      );
    }
  });
}
