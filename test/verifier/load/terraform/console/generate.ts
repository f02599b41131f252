// Regenerates expected.json (what Terraform itself says each case in cases.ts evaluates to) and functions.json (the
// built-in function list of the installed Terraform), from the real `terraform` on this machine:
//   npx tsx test/verifier/load/terraform/console/generate.ts
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CASES } from './cases.ts';
import { evaluateMany, terraformVersion, type ConsoleResult } from './terraform-console.ts';

export const EXPECTED_FILE = new URL('./expected.json', import.meta.url);
export const FUNCTIONS_FILE = new URL('./functions.json', import.meta.url);

export interface ExpectedFile {
  terraform: string;
  cases: ({ group: string; expr: string; plan?: 'unknown' } & ConsoleResult)[];
}

/** Terraform's built-in function names (without the `core::` aliases), from `terraform metadata functions -json`. */
export function terraformFunctions(): string[] {
  const run = spawnSync('terraform', ['metadata', 'functions', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  if (run.status !== 0) throw new Error(`terraform metadata functions failed: ${run.stderr}`);
  const signatures = (JSON.parse(run.stdout) as { function_signatures: Record<string, unknown> }).function_signatures;
  return Object.keys(signatures)
    .filter((name) => !name.includes('::'))
    .sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const version = terraformVersion();
  if (!version) throw new Error('terraform is not installed');
  const results = await evaluateMany(CASES.map((c) => c.expr));
  const expected: ExpectedFile = { terraform: version, cases: CASES.map((c, i) => ({ ...c, ...results[i]! })) };
  writeFileSync(EXPECTED_FILE, `${JSON.stringify(expected, null, 1)}\n`);
  writeFileSync(
    FUNCTIONS_FILE,
    `${JSON.stringify({ terraform: version, functions: terraformFunctions() }, null, 1)}\n`,
  );
  const errors = expected.cases.filter((c) => 'error' in c).length;
  console.log(
    `wrote ${EXPECTED_FILE.pathname}: ${expected.cases.length} cases (${errors} errors) from terraform ${version}`,
  );
}
