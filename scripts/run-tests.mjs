#!/usr/bin/env node
// Runs the test suites with node's own test runner (TypeScript through tsx).
//   node scripts/run-tests.mjs            every fast suite: test/**/*.test.ts except test/slow and test/deployed
//   node scripts/run-tests.mjs --slow     the slow suites under test/slow (30 minutes a test: the mutation suite
// verifies
//                                         every mutant of every environment)
//   node scripts/run-tests.mjs --fast     what `npm run check` runs: test/unit and test/verifier without the suites
//                                         that consult an outside oracle or re-verify every environment (ORACLES)
//   node scripts/run-tests.mjs <paths…>   only those files or folders (test/deployed/<environment> after a deployment)
// The functions are built first (npm run build): the Terraform stacks hash the packages (filebase64sha256), so
// loading a stack needs them, and a contract proof must be about the code as it is now.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const slow = args.includes('--slow');
const fast = args.includes('--fast');
// The verifier suites that run real Terraform, the SAM translator or the schema generators, or verify every
// environment under dozens of rewrites: a minute or more each on this machine. `npm test` and CI run them; the
// check before a commit leaves them out to stay under two minutes.
const ORACLES = [
  'test/verifier/plan/plan.test.ts', // terraform plan of the fixtures with the real provider
  'test/verifier/equivalence/rewrites.test.ts', // every environment verified again under 51 rewrites
  'test/verifier/schema/staleness.test.ts', // the provider schemas regenerated and compared
  'test/verifier/schema/cidr-network.test.ts', // terraform validate with the real provider
  'test/verifier/load/terraform/console/console.test.ts', // terraform console on every function case
  'test/verifier/load/terraform/json-and-override.test.ts', // terraform validate on override files
  'test/verifier/load/cloudformation/sam/sam.test.ts', // the installed aws-sam-translator
];
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
if (fast) {
  files = [...collect(join(root, 'test', 'unit'), []), ...collect(join(root, 'test', 'verifier'), [])].filter(
    (f) => !ORACLES.includes(relative(root, f)),
  );
} else if (paths.length > 0) {
  for (const p of paths) files.push(...(statSync(p).isDirectory() ? collect(p, []) : [p]));
} else {
  const all = collect(join(root, 'test'), []);
  const slowDir = join(root, 'test', 'slow') + '/';
  // The deployed suites need a deployment (npm run deploy:local -- <environment>); they run on their own.
  const deployedDir = join(root, 'test', 'deployed') + '/';
  files = all.filter((f) => !f.startsWith(deployedDir) && (slow ? f.startsWith(slowDir) : !f.startsWith(slowDir)));
}
files = files.map((f) => relative(process.cwd(), f)).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Under a lock, so two runs in one checkout never rebuild dist/ under each other.
mkdirSync(join(root, '.enclave'), { recursive: true });
const build = spawnSync(
  'flock',
  [
    join(root, '.enclave', 'build.lock'),
    process.execPath,
    '--import',
    'tsx',
    join(root, 'scripts', 'build-functions.ts'),
  ],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  console.error(
    `npm run build failed, so no test ran:\n${build.stdout ?? ''}${build.stderr ?? ''}${build.error?.message ?? ''}`,
  );
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-timeout=${slow ? 1_800_000 : 300_000}`,
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, ENCLAVE_TEST: '1' } },
);
process.exit(result.status ?? 1);
