// `enclave verify --plan plan.json <dir>`: the configuration evaluated with what a real Terraform plan knows (its
// variables, the data sources it read), every value still at its file:line. The plans under fixtures/ were made by
// real Terraform against the emulator (generate.ts); where Terraform, the provider mirror and moto are here, the
// last test makes them again and they must be the same.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main.ts';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { readPlan } from '../../../src/verifier/load/terraform/plan.ts';
import { verify } from '../../../src/verifier/verify.ts';
import { canGenerate, FIXTURES, generatePlans } from './generate.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const fixture = (name: string) => join(FIXTURES, name);
const planOf = (name: string) => join(FIXTURES, name, 'plan.json');

function verdicts(v: Awaited<ReturnType<typeof verify>>): Record<string, string> {
  return Object.fromEntries(v.stacks[0]!.run!.outcomes.filter((o) => o.verdict !== 'not-applicable').map((o) => [o.id, o.verdict]));
}

describe('data-counts: tiers counted from the availability zones Terraform read', () => {
  test('the plan expands what the configuration alone cannot: six database subnets, each at its block', async () => {
    const alone = await loadTerraform(fixture('data-counts'), { cwd: FIXTURES });
    const planned = await loadTerraform(fixture('data-counts'), { cwd: FIXTURES, plan: readPlan(planOf('data-counts')) });
    assert.deepEqual(alone.resources.filter((r) => r.type === 'aws_subnet').map((r) => r.address), ['aws_subnet.public[*]', 'aws_subnet.database[*]']);
    const subnets = planned.resources.filter((r) => r.type === 'aws_subnet' && r.address.startsWith('aws_subnet.database'));
    assert.equal(subnets.length, 6);
    const text = readFileSync(join(fixture('data-counts'), 'main.tf'), 'utf8').split('\n');
    const declared = text.findIndex((l) => l.startsWith('resource "aws_subnet" "database"')) + 1;
    for (const s of subnets) assert.deepEqual(s.locations[''], { file: 'data-counts/main.tf', line: declared });
    assert.equal(planned.resources.find((r) => r.address === 'aws_subnet.database[5]')!.attributes['availability_zone'], 'us-east-1f');
    // The plan and the configuration agree resource by resource, and nothing is left to a count known after apply.
    assert.deepEqual(planned.diagnostics.filter((d) => d.severity !== 'note'), []);
  });

  test('both views fail the database tier routed to the internet gateway; with the plan, every database subnet is named', async () => {
    const alone = await verify([fixture('data-counts')], { cwd: FIXTURES, now: NOW });
    const planned = await verify([fixture('data-counts')], { cwd: FIXTURES, now: NOW, plan: planOf('data-counts') });
    assert.deepEqual(verdicts(planned), verdicts(alone));
    const failing = planned.stacks[0]!.run!.outcomes.find((o) => o.id === 'ENC-VPC-001')!.checks.filter((c) => c.verdict === 'non-compliant');
    assert.deepEqual(failing.map((c) => c.resource), [0, 1, 2, 3, 4, 5].map((i) => `aws_subnet.database[${i}]`));
    assert.ok(failing.every((c) => c.location?.file === 'data-counts/main.tf'));
  });

  test('a plan made from other code: the resources that differ are plan-mismatch warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-plan-mismatch-'));
    cpSync(fixture('data-counts'), dir, { recursive: true });
    const main = join(dir, 'main.tf');
    writeFileSync(main, readFileSync(main, 'utf8').replace('resource "aws_kms_key" "logs"', 'resource "aws_kms_key" "audit"').replace('enable_key_rotation = true', 'enable_key_rotation = false'));
    const stack = await loadTerraform(dir, { cwd: dir, plan: readPlan(join(dir, 'plan.json')) });
    const mismatches = stack.diagnostics.filter((d) => d.code === 'plan-mismatch').map((d) => d.message);
    assert.equal(mismatches.length, 2, mismatches.join('\n'));
    assert.ok(mismatches.some((m) => m.startsWith('aws_kms_key.logs is in the plan')));
    assert.ok(mismatches.some((m) => m.startsWith('aws_kms_key.audit is in the configuration but not in the plan')));
  });
});

describe('plan-variables: the plan was made with -var log_retention_days=7', () => {
  test('the plan\'s variable is the one verified; the account stays symbolic, so the bucket policy named by the account id is linked', async () => {
    const alone = await verify([fixture('plan-variables')], { cwd: FIXTURES, now: NOW });
    const planned = await verify([fixture('plan-variables')], { cwd: FIXTURES, now: NOW, plan: planOf('plan-variables') });
    assert.equal(verdicts(alone)['ENC-LOGS-002'], 'compliant');
    assert.equal(verdicts(planned)['ENC-LOGS-002'], 'non-compliant');
    assert.match(planned.stacks[0]!.run!.outcomes.find((o) => o.id === 'ENC-LOGS-002')!.checks[0]!.message, /keeps logs 7 days/);
    for (const v of [alone, planned]) assert.equal(verdicts(v)['ENC-S3-004'], 'compliant');
    const { ['ENC-LOGS-002']: _a, ...restAlone } = verdicts(alone);
    const { ['ENC-LOGS-002']: _b, ...restPlanned } = verdicts(planned);
    assert.deepEqual(restPlanned, restAlone);
  });
});

describe('bad input', () => {
  const io = (cwd: string) => {
    const err: string[] = [];
    return { io: { cwd, stdout: { write: () => true }, stderr: { write: (s: string) => (err.push(s), true) } }, err };
  };

  test('a binary plan file, a JSON file that is not a plan, and --plan with a template exit 2 and say what to give', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-plan-bad-'));
    cpSync(fixture('data-counts'), join(dir, 'stack'), { recursive: true });
    writeFileSync(join(dir, 'tfplan'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]));
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 4, resources: [] }));
    writeFileSync(join(dir, 't.json'), JSON.stringify({ Resources: {} }));
    const out: string[] = [];
    const run = async (args: string[]) => {
      const r = { cwd: dir, stdout: { write: (s: string) => (out.push(s), true) }, stderr: { write: (s: string) => (out.push(s), true) } };
      return main(args, r);
    };
    assert.equal(await run(['verify', 'stack', '--plan', 'tfplan']), 2);
    assert.match(out.join(''), /tfplan is not JSON .*terraform show -json <planfile>/);
    out.length = 0;
    assert.equal(await run(['verify', 'stack', '--plan', 'state.json']), 2);
    assert.match(out.join(''), /state\.json is not a Terraform plan in JSON/);
    out.length = 0;
    assert.equal(await run(['verify', 't.json', '--plan', join(FIXTURES, 'data-counts/plan.json')]), 2);
    assert.match(out.join(''), /--plan is a Terraform plan; t\.json is not a Terraform directory/);
    assert.equal(await main(['verify', 'stack', 't.json', '--plan', 'x.json'], io(dir).io), 2);
  });
});

test('real Terraform makes the same plans again (terraform, the provider mirror and moto on this machine)', { skip: canGenerate() ? false : 'Terraform, the provider mirror or moto is not on this machine' }, async () => {
  const fresh = await generatePlans();
  for (const [name, text] of Object.entries(fresh)) {
    const committed = JSON.parse(readFileSync(planOf(name), 'utf8')) as { terraform_version: string };
    const made = JSON.parse(text) as { terraform_version: string };
    // The Terraform release may differ from the one the fixtures were made with; the plan must not.
    committed.terraform_version = made.terraform_version;
    assert.deepEqual(made, committed, `${name}/plan.json is stale: npx tsx test/verifier/plan/generate.ts`);
  }
});
