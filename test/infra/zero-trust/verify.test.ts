// What `enclave verify infra/terraform/stacks/zero-trust` proves about the stack, through the verifier's own API:
// the isolated database tier, NACL order, the checker's contract, reasoned suppressions only, and the
// specification's test settings (1-day logs, 7/30-day flow-log lifecycle) reported when they are used.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadPath, verifyStack, type StackVerification } from '../../../src/verifier/verify.ts';

const STACK = 'infra/terraform/stacks/zero-trust';
const cwd = new URL('../../..', import.meta.url).pathname;
const NOW = new Date('2026-11-23T00:00:00Z');

async function run(vars?: Record<string, string>): Promise<StackVerification> {
  const stack = await loadPath(STACK, { cwd, ...(vars ? { vars } : {}) });
  return verifyStack(STACK, stack, { now: NOW });
}
const outcome = (v: StackVerification, id: string) => {
  const found = v.run?.outcomes.find((o) => o.id === id);
  assert.ok(found, `rule ${id} did not run`);
  return found;
};

let defaults: StackVerification;
before(async () => {
  defaults = await run();
});

describe('enclave verify on the zero-trust stack', () => {
  it('proves each tier\'s way out: database none, app and management only through the NAT, the NAT alone in the public subnet', () => {
    const byTier = (pattern: RegExp) => defaults.subnets.filter((x) => pattern.test(x.name ?? ''));
    const database = byTier(/database/);
    const app = byTier(/subnet-app-/);
    const management = byTier(/subnet-management-/);
    assert.equal(database.length, 3);
    assert.equal(app.length, 3);
    assert.equal(management.length, 3);
    for (const x of database) assert.equal(x.via, 'none', `${x.subnet}: ${x.internet.reason}`);
    for (const x of [...app, ...management]) assert.equal(x.via, 'nat', `${x.subnet}: ${x.internet.reason}`);
    const direct = defaults.subnets.filter((x) => x.via === 'direct');
    assert.equal(direct.length, 1, 'one public subnet');
    assert.deepEqual(direct[0]!.hosts, ['aws_nat_gateway.this'], 'the public subnet holds the NAT gateway and nothing else');
  });

  it('loads without errors and leaves no unsuppressed finding (enclave verify exits 0)', () => {
    assert.deepEqual(defaults.diagnostics.filter((d) => d.severity === 'error'), []);
    const open = (defaults.run?.outcomes ?? []).flatMap((o) =>
      o.checks
        .filter((c) => (c.verdict === 'non-compliant' || c.verdict === 'unknown') && !c.suppressedBy)
        .map((c) => `${o.id} ${c.verdict} ${c.resource}: ${c.message}`),
    );
    assert.deepEqual(open, []);
    assert.equal(defaults.failed, false);
  });

  it('uses one suppression, reasoned: the specification keeps the checker out of any VPC', () => {
    const used = (defaults.run?.suppressions ?? []).filter((s) => s.status === 'applied');
    assert.deepEqual(used.map((s) => `${s.ruleId} ${s.resource}`), ['ENC-LAMBDA-002 aws_lambda_function.scanner']);
    assert.deepEqual((defaults.run?.suppressions ?? []).filter((s) => s.status !== 'applied'), []);
  });

  it('proves the three database subnets have no internet path', () => {
    const isolated = outcome(defaults, 'ENC-VPC-001');
    assert.equal(isolated.verdict, 'compliant');
    assert.deepEqual(isolated.checks.map((c) => c.resource).sort(), [1, 2, 3].map((i) => `module.network.aws_subnet.private["database-${i}"]`));
  });

  it('proves every NACL deny comes before the allows, and the checker holds nothing beyond its contract', () => {
    assert.equal(outcome(defaults, 'ENC-VPC-004').verdict, 'compliant');
    assert.ok(outcome(defaults, 'ENC-VPC-004').checks.length >= 24, 'fewer NACL deny checks than 4 NACLs × 2 directions × 3 ranges');
    const excess = outcome(defaults, 'ENC-IAM-011');
    assert.equal(excess.verdict, 'compliant');
    assert.ok(excess.checks.some((c) => c.resource === 'aws_lambda_function.scanner'));
    const calls = outcome(defaults, 'ENC-IAM-010').checks.filter((c) => c.resource === 'aws_lambda_function.scanner' && c.verdict === 'compliant');
    assert.ok(calls.length >= 20, `only ${calls.length} contract checks passed`);
  });

  it('keeps logs 12 months by default and reports the specification’s test settings when they are used', async () => {
    assert.equal(outcome(defaults, 'ENC-LOGS-002').verdict, 'compliant');
    assert.equal(outcome(defaults, 'ENC-S3-007').verdict, 'compliant');
    const testing = await run({ log_retention_in_days: '1', flow_logs_bucket_lifecycle: '{ transition_days = 7, expiration_days = 30 }' });
    assert.equal(outcome(testing, 'ENC-LOGS-002').verdict, 'non-compliant');
    assert.equal(outcome(testing, 'ENC-LOGS-002').checks.filter((c) => c.verdict === 'non-compliant').length, 4);
    assert.equal(outcome(testing, 'ENC-S3-007').verdict, 'non-compliant');
    assert.ok(testing.failed);
  });
});
