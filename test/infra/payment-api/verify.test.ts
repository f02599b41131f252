// Our own verifier proves the payment-api stack: no finding, no unknown, only the one reasoned suppression, the
// function cut off from the internet yet reaching every service it calls, and the database reachable from nowhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verify } from '../../../src/verifier/verify.ts';

const root = new URL('../../../', import.meta.url).pathname;

test('enclave verify passes infra/terraform/stacks/payment-api', async () => {
  const result = await verify(['infra/terraform/stacks/payment-api'], { cwd: root });
  const stack = result.stacks[0]!;
  assert.deepEqual(stack.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const bad = stack.run!.outcomes.filter((o) => o.verdict === 'non-compliant' || o.verdict === 'unknown').map((o) => o.id);
  assert.deepEqual(bad, []);
  assert.ok(stack.run!.outcomes.filter((o) => o.verdict === 'compliant').length >= 30);
  assert.deepEqual(stack.run!.suppressions.map((s) => `${s.ruleId} ${s.status}`), ['ENC-LAMBDA-005 applied']);
  assert.equal(result.failed, false);

  const fn = stack.network.find((r) => r.place.address === 'aws_lambda_function.this');
  assert.ok(fn, 'the function is a compute place');
  assert.equal(fn.internet.verdict, 'unreachable');
  for (const service of ['secretsmanager', 'kms', 'logs', 'rds']) assert.equal(fn.services[service]?.verdict, 'reachable', service);
  const db = stack.network.find((r) => r.place.address === 'aws_db_instance.this');
  assert.equal(db?.internet.verdict, 'unreachable');
});
