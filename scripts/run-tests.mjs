#!/usr/bin/env node
// Runs the test suites with node's own test runner (TypeScript through tsx).
//   node scripts/run-tests.mjs            every fast suite: test/**/*.test.ts except test/slow
//   node scripts/run-tests.mjs --slow     the slow suites under test/slow
//   node scripts/run-tests.mjs <paths…>   only those files or folders
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const slow = args.includes('--slow');
const paths = args.filter((a) => !a.startsWith('--'));

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

let files = [];
if (paths.length > 0) {
  for (const p of paths) files.push(...(statSync(p).isDirectory() ? collect(p, []) : [p]));
} else {
  const all = collect(join(root, 'test'), []);
  const slowDir = join(root, 'test', 'slow') + '/';
  files = all.filter((f) => (slow ? f.startsWith(slowDir) : !f.startsWith(slowDir)));
}
files = files.map((f) => relative(process.cwd(), f)).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, ENCLAVE_TEST: '1' } },
);
process.exit(result.status ?? 1);
