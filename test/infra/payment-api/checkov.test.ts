// checkov, an independent second opinion, finds no failed check in the payment-api stack. Every suppression is an
// inline `checkov:skip` with a reason, and the reasons are required here too.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = new URL('../../../', import.meta.url).pathname;
const stack = join(root, 'infra/terraform/stacks/payment-api');
const checkov = join(root, '.venv/bin/checkov');

interface CheckovReport {
  check_type: string;
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number };
  results: { failed_checks: { check_id: string; resource: string; file_path: string; file_line_range: number[] }[] };
}

test('checkov reports no failed check on infra/terraform/stacks/payment-api', {
  skip: existsSync(checkov) ? false : 'run "npm run bootstrap" to install checkov',
}, async () => {
  const { stdout } = await promisify(execFile)(
    checkov,
    ['-d', stack, '--framework', 'terraform', '--quiet', '--compact', '--skip-download', '-o', 'json'],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'ERROR' } },
  ).catch((error: { stdout?: string; code?: number }) => {
    // checkov exits 1 when a check fails; the JSON is still on stdout.
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  const parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const terraform = reports.find((r) => r.check_type === 'terraform');
  assert.ok(terraform, 'checkov produced no terraform report');
  assert.equal(terraform.summary.parsing_errors, 0);
  assert.ok(
    terraform.summary.passed > 100,
    `only ${terraform.summary.passed} checks passed: did checkov read the stack?`,
  );
  const failed = terraform.results.failed_checks.map(
    (c) => `${c.check_id} ${c.resource} ${c.file_path}:${c.file_line_range.join('-')}`,
  );
  assert.deepEqual(failed, []);
});

test('every checkov suppression in the stack gives a reason', () => {
  const skips = readdirSync(stack)
    .filter((f) => f.endsWith('.tf'))
    .flatMap((f) =>
      readFileSync(join(stack, f), 'utf8')
        .split('\n')
        .filter((l) => l.includes('checkov:skip'))
        .map((l) => [f, l.trim()] as const),
    );
  assert.ok(skips.length > 0);
  for (const [file, line] of skips) assert.match(line, /^# checkov:skip=CKV2?_AWS_\d+: .{20,}/, `${file}: ${line}`);
});
