// Makes each fixture's plan.json with real Terraform: `terraform init`, `terraform plan` against the local AWS
// emulator (moto, started through the project's emulator code) with the AWS provider 5.100.0 from the offline
// mirror, then `terraform show -json`. Run in a copy of the fixture, so .terraform never lands in the tree.
//   npx tsx test/verifier/plan/generate.ts [fixture…]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLUGIN_MIRROR, writeMirrorCliConfig } from '../../../scripts/generate-tf-schema.ts';
import { startEmulator } from '../../../src/local/emulator.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const TERRAFORM = '/usr/local/bin/terraform';

/** The -var arguments each fixture's plan is made with. */
export const PLAN_VARS: Record<string, string[]> = { 'plan-variables': ['-var', 'log_retention_days=7'] };

export function canGenerate(): boolean {
  return existsSync(TERRAFORM) && existsSync(PLUGIN_MIRROR) && existsSync(new URL('../../../.venv/bin/moto_server', import.meta.url).pathname);
}

/** The fields of a plan that change from run to run without the plan changing. */
export function normalisePlan(json: string): string {
  const plan = JSON.parse(json) as Record<string, unknown>;
  delete plan['timestamp'];
  // Terraform lists the attributes other resources read in no fixed order.
  if (Array.isArray(plan['relevant_attributes'])) plan['relevant_attributes'] = (plan['relevant_attributes'] as unknown[]).map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x) as unknown);
  return `${JSON.stringify(plan, null, 1)}\n`;
}

/** Plans every fixture (or those named) in one emulator; returns fixture → normalised `terraform show -json` text. */
export async function generatePlans(names: string[] = readdirSync(FIXTURES)): Promise<Record<string, string>> {
  const emulator = await startEmulator();
  const work = mkdtempSync(join(tmpdir(), 'enclave-plans-'));
  try {
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
      TF_CLI_CONFIG_FILE: writeMirrorCliConfig(work),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_REGION: emulator.region,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const out: Record<string, string> = {};
    for (const name of names) {
      const dir = join(work, name);
      cpSync(join(FIXTURES, name), dir, { recursive: true, filter: (p) => !p.endsWith('plan.json') });
      const run = (args: string[]) => {
        const r = spawnSync(TERRAFORM, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
        if (r.status !== 0) throw new Error(`terraform ${args[0]} (${name}) failed:\n${r.stdout}\n${r.stderr}`);
        return r.stdout;
      };
      run(['init', '-backend=false', '-input=false', '-no-color']);
      run(['plan', '-input=false', '-no-color', '-out=tfplan', ...(PLAN_VARS[name] ?? [])]);
      out[name] = normalisePlan(run(['show', '-json', 'tfplan']));
    }
    return out;
  } finally {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const plans = await generatePlans(process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined);
  for (const [name, text] of Object.entries(plans)) {
    writeFileSync(join(FIXTURES, name, 'plan.json'), text);
    console.log(`wrote ${name}/plan.json (${text.length} bytes)`);
  }
}
