// checkov as an independent second opinion on the zero-trust stack (and the shared modules it composes):
// no failed check, and every skipped check carries its reason inline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const root = new URL('../../..', import.meta.url).pathname;
const checkov = join(root, '.venv', 'bin', 'checkov');
const STACK = 'infra/terraform/stacks/zero-trust';

interface CheckovCheck {
  check_id: string;
  resource: string;
  file_path: string;
  check_result: { result: string; suppress_comment?: string };
}
interface CheckovReport {
  check_type: string;
  results: { failed_checks?: CheckovCheck[]; skipped_checks?: CheckovCheck[] };
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
}

it('checkov reports no failed check on the zero-trust stack and a reason for every skip', {
  skip: existsSync(checkov) ? false : 'checkov not installed: run npm run bootstrap',
}, () => {
  const run = spawnSync(checkov, ['-d', STACK, '--compact', '--skip-download', '-o', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
  assert.ok(
    run.stdout.trim().startsWith('{') || run.stdout.trim().startsWith('['),
    `checkov printed no JSON: ${run.stderr.slice(-2000)}`,
  );
  const parsed = JSON.parse(run.stdout) as CheckovReport | CheckovReport[];
  const report = (Array.isArray(parsed) ? parsed : [parsed]).find((r) => r.check_type === 'terraform');
  assert.ok(report, 'no terraform results');
  const failed = (report.results.failed_checks ?? []).map((c) => `${c.check_id} ${c.resource} (${c.file_path})`);
  assert.deepEqual(failed, []);
  assert.equal(report.summary.parsing_errors, 0);
  assert.ok(report.summary.resource_count > 100, `only ${report.summary.resource_count} resources scanned`);
  assert.ok(report.summary.passed > 500, `only ${report.summary.passed} checks passed`);
  for (const skipped of report.results.skipped_checks ?? [])
    assert.ok(
      (skipped.check_result.suppress_comment ?? '').trim().length >= 20,
      `${skipped.check_id} on ${skipped.resource} is skipped without a reason`,
    );
});
