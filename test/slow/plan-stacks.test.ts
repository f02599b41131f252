// Our Terraform environments verified two ways must agree: from the configuration alone, and with the plan real
// Terraform makes of them against the emulator (`enclave verify --plan`). Same inputs on both sides (the emulator's
// values for variables without a default), same verdict for every rule, the same checks, and no plan-mismatch: the
// plan and the loader see the same resources with the same known values.
// Needs Terraform with the project's CLI configuration (npm run bootstrap), the function builds (npm run build)
// and moto; skipped, saying which is missing, otherwise.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkBuild, emulatorProviderEnvironment, TERRAFORM_ENVIRONMENTS } from '../../src/local/deploy-terraform.ts';
import { startEmulator, type Emulator } from '../../src/local/emulator.ts';
import { projectRoot, terraform, terraformSetup } from '../../src/local/terraform.ts';
import type { StackVerification } from '../../src/verifier/results.ts';
import { verify } from '../../src/verifier/verify.ts';

const NOW = new Date('2026-12-01T00:00:00Z');

async function missing(): Promise<string | false> {
  try {
    await terraformSetup();
    for (const environment of Object.keys(TERRAFORM_ENVIRONMENTS)) checkBuild(environment);
    if (!existsSync(join(projectRoot, '.venv', 'bin', 'moto_server'))) return 'moto is not installed (npm run bootstrap)';
    return false;
  } catch (error) {
    return (error as Error).message;
  }
}

const skip = await missing();
let emulator: Emulator | undefined;
const work = mkdtempSync(join(tmpdir(), 'enclave-plan-stacks-'));
before(async () => {
  if (skip) return;
  emulator = await startEmulator();
  cpSync(join(projectRoot, 'infra', 'terraform'), join(work, 'infra', 'terraform'), { recursive: true, filter: (p) => !/(^|\/)(\.terraform|\.build)(\/|$)|terraform\.tfstate/.test(p) });
  symlinkSync(join(projectRoot, 'dist'), join(work, 'dist'), 'dir');
});
after(async () => {
  await emulator?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Summary { failed: boolean; rules: Record<string, { verdict: string; checks: string[] }>; mismatches: string[] }

function summary(v: StackVerification): Summary {
  const rules: Summary['rules'] = {};
  for (const o of v.run?.outcomes ?? []) rules[o.id] = { verdict: o.verdict, checks: o.checks.map((c) => `${c.suppressedBy ? 'suppressed' : c.verdict} ${c.resource}`).sort() };
  return { failed: v.failed, rules, mismatches: v.diagnostics.filter((d) => d.code === 'plan-mismatch').map((d) => d.message) };
}

for (const [environment, spec] of Object.entries(TERRAFORM_ENVIRONMENTS)) {
  describe(`${environment}: the configuration alone and its plan agree`, { skip }, () => {
    test('same verdicts, same checks, no plan-mismatch', async () => {
      const stack = join(work, 'infra', 'terraform', 'stacks', environment);
      const env = emulatorProviderEnvironment(emulator!.endpoint);
      const varFile = join(work, `${environment}.tfvars.json`);
      writeFileSync(varFile, JSON.stringify(spec.emulatorVariables));
      const init = await terraform(stack, ['init', '-input=false', '-no-color', '-lockfile=readonly'], { env });
      assert.equal(init.code, 0, init.stderr);
      const plan = await terraform(stack, ['plan', '-input=false', '-no-color', `-var-file=${varFile}`, '-out=tfplan'], { env });
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      const show = await terraform(stack, ['show', '-json', 'tfplan'], { env });
      assert.equal(show.code, 0, show.stderr);
      writeFileSync(join(work, `${environment}.plan.json`), show.stdout);
      const options = { cwd: work, now: NOW, contracts: [projectRoot], vars: spec.emulatorVariables };
      const alone = summary((await verify([stack], options)).stacks[0]!);
      const planned = summary((await verify([stack], { ...options, plan: join(work, `${environment}.plan.json`) })).stacks[0]!);
      assert.deepEqual(planned.mismatches, []);
      assert.equal(planned.failed, alone.failed);
      for (const [id, rule] of Object.entries(alone.rules)) {
        assert.equal(planned.rules[id]!.verdict, rule.verdict, `${id}: ${rule.verdict} alone, ${planned.rules[id]!.verdict} with the plan\n${planned.rules[id]!.checks.join('\n')}`);
        assert.deepEqual(planned.rules[id]!.checks, rule.checks, `${id}: the same checks`);
      }
    });
  });
}
