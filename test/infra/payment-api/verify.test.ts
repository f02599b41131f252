// Our own verifier proves the payment-api stack: no finding, no unknown, only the reasoned suppressions, the
// function cut off from the internet yet reaching every service it calls, and the database reachable from nowhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verify } from '../../../src/verifier/verify.ts';

const root = new URL('../../../', import.meta.url).pathname;

test('enclave verify passes infra/terraform/stacks/payment-api', async () => {
  const result = await verify(['infra/terraform/stacks/payment-api'], { cwd: root });
  const stack = result.stacks[0]!;
  assert.deepEqual(
    stack.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
    [],
  );
  const bad = stack
    .run!.outcomes.filter((o) => o.verdict === 'non-compliant' || o.verdict === 'unknown')
    .map((o) => o.id);
  assert.deepEqual(bad, []);
  assert.ok(stack.run!.outcomes.filter((o) => o.verdict === 'compliant').length >= 30);
  // The two synchronously invoked functions (the API, the migration step) have no DLQ, each with its reason.
  assert.deepEqual(
    stack.run!.suppressions.map((s) => `${s.ruleId} ${s.status}`),
    ['ENC-LAMBDA-005 applied', 'ENC-LAMBDA-005 applied'],
  );
  assert.equal(result.failed, false);

  const fn = stack.network.find((r) => r.place.address === 'aws_lambda_function.this');
  assert.ok(fn, 'the function is a compute place');
  assert.equal(fn.internet.verdict, 'unreachable');
  for (const service of ['secretsmanager', 'kms', 'logs', 'rds'])
    assert.equal(fn.services[service]?.verdict, 'reachable', service);
  const migrate = stack.network.find((r) => r.place.address === 'aws_lambda_function.migrate');
  assert.equal(migrate?.internet.verdict, 'unreachable');
  for (const service of ['secretsmanager', 'kms', 'logs', 'rds'])
    assert.equal(migrate?.services[service]?.verdict, 'reachable', `migrate: ${service}`);
  const db = stack.network.find((r) => r.place.address === 'aws_db_instance.this');
  assert.equal(db?.internet.verdict, 'unreachable');

  const verdict = (id: string) => stack.run!.outcomes.find((o) => o.id === id)?.verdict;
  // Managed policies only (the seven roles opt in), force_ssl, the function's contract met, keys used by
  // RDS/S3/logs/Lambda.
  for (const id of [
    'ENC-IAM-009',
    'ENC-IAM-010',
    'ENC-IAM-011',
    'ENC-RDS-012',
    'ENC-RDS-005',
    'ENC-RDS-001',
    'ENC-S3-002',
    'ENC-LOGS-001',
    'ENC-LAMBDA-001',
    'ENC-SM-001',
  ]) {
    assert.equal(verdict(id), 'compliant', id);
  }
  assert.equal(stack.run!.outcomes.find((o) => o.id === 'ENC-IAM-009')!.checks.length, 7); // the five roles, the migration role and break-glass
  // The contract's `rds` service is the database itself: proven on 5432 from every function subnet to every DB subnet.
  const database = stack
    .run!.outcomes.find((o) => o.id === 'ENC-IAM-010')!
    .checks.find((c) => c.message.includes('reaches database'));
  assert.ok(database, 'the contract proof covers the database connection');
  assert.equal(database.verdict, 'compliant');
  assert.match(database.message, /aws_db_instance\.this on port 5432 in each of its 3 subnets/);
});

test('the function reaches the database on 5432 and nothing else does (security-group pair)', async () => {
  const result = await verify(['infra/terraform/stacks/payment-api'], { cwd: root });
  const resources = result.stacks[0]!.stack!.resources;
  const rule = (type: string, name: string) =>
    resources.find((r) => r.type === type && r.name === name)?.attributes as Record<string, any>;
  const ref = (v: any) => (v && typeof v === 'object' ? `${v.address}.${v.attribute}` : String(v));
  const egress = rule('aws_vpc_security_group_egress_rule', 'lambda_to_database');
  const ingress = rule('aws_vpc_security_group_ingress_rule', 'database_from_lambda');
  assert.deepEqual([egress.from_port, egress.to_port, egress.ip_protocol], [5432, 5432, 'tcp']);
  assert.equal(ref(egress.security_group_id), 'aws_security_group.lambda.id');
  assert.equal(ref(egress.referenced_security_group_id), 'aws_security_group.database.id');
  assert.deepEqual([ingress.from_port, ingress.to_port, ingress.ip_protocol], [5432, 5432, 'tcp']);
  assert.equal(ref(ingress.security_group_id), 'aws_security_group.database.id');
  assert.equal(ref(ingress.referenced_security_group_id), 'aws_security_group.lambda.id');
  const intoDatabase = resources.filter(
    (r) =>
      r.type === 'aws_vpc_security_group_ingress_rule' &&
      ref((r.attributes as any).security_group_id) === 'aws_security_group.database.id',
  );
  assert.equal(intoDatabase.length, 1, 'exactly one ingress rule into the database security group');
});
