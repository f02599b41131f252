// The separation of duties spec 000 asks of the isolated-processing environment, proved from its Terraform.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { iamRules } from '../../../src/verifier/rules/iam/index.ts';
import { analysisOf, evaluate, readModelContracts } from '../helpers.ts';

test('isolated-processing: the five roles keep their duties apart', async () => {
  const stack = await loadTerraform('infra/terraform/stacks/isolated-processing');
  assert.deepEqual(
    stack.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const model = await readModelContracts(buildModel(stack).model);
  const { view: iam, matrix } = analysisOf(model, { iamMatrix: true }).iam;
  const m = matrix!;
  const byDuty = (duty: string) => iam.principals.filter((p) => p.duty === duty);
  assert.equal(byDuty('execution').length, 2);
  for (const duty of ['auditor', 'administrator', 'data-processor']) assert.equal(byDuty(duty).length, 1, duty);
  const granted = (principal: string) => m.cells.filter((c) => c.principal === principal && c.decision !== 'denied');
  const kinds = (principal: string) =>
    new Set(granted(principal).map((c) => iam.resourceByAddress.get(c.resource)!.kind));

  // The data-processor role only invokes the two functions.
  const dp = byDuty('data-processor')[0]!;
  assert.deepEqual([...kinds(dp.id)], ['lambda-function']);
  assert.equal(granted(dp.id).filter((c) => c.capability === 'invoke').length, 2);

  // Execution roles: no deletes, no key or permission administration, no log tampering; and each reads only
  // the buckets the spec gives it.
  for (const role of byDuty('execution')) {
    const caps = new Set(granted(role.id).map((c) => c.capability));
    for (const forbidden of ['delete-data', 'administer-key', 'change-permissions', 'tamper-logs'])
      assert.ok(!caps.has(forbidden as never), `${role.id} ${forbidden}`);
  }
  const reads = (principal: string) =>
    granted(principal)
      .filter((c) => c.capability === 'read-data' && iam.resourceByAddress.get(c.resource)!.kind === 's3-bucket')
      .map((c) => c.resource)
      .sort();
  const processor = byDuty('execution').find((p) => /processor/.test(p.id))!;
  const validator = byDuty('execution').find((p) => /validator/.test(p.id))!;
  // The processor also reads (HeadObject) its own outputs, to finish a crashed attempt without writing twice.
  assert.deepEqual(reads(processor.id), [
    'module.processed_bucket.aws_s3_bucket.this',
    'module.raw_bucket.aws_s3_bucket.this',
  ]);
  assert.deepEqual(reads(validator.id), ['module.processed_bucket.aws_s3_bucket.this']);

  // Auditor: nothing but reads, and no read of raw card data.
  const auditor = byDuty('auditor')[0]!;
  assert.deepEqual([...new Set(granted(auditor.id).map((c) => c.capability))], ['read-data']);
  assert.equal(m.cell(auditor.id, 'read-data', 'module.raw_bucket.aws_s3_bucket.this')?.decision, 'denied');

  // Administrator: cannot decrypt with any data key, nor touch audit records or logs, escalation included.
  const admin = byDuty('administrator')[0]!;
  for (const c of granted(admin.id)) {
    assert.notEqual(c.capability, 'decrypt', `${c.resource}: ${c.reason}`);
    assert.notEqual(c.capability, 'tamper-logs', `${c.resource}: ${c.reason}`);
    const r = iam.resourceByAddress.get(c.resource)!;
    assert.ok(
      !(r.classification === 'audit' && (c.capability === 'write-data' || c.capability === 'delete-data')),
      `${c.capability} ${c.resource}`,
    );
  }

  // And the IAM rules that encode these hold (ENC-IAM-005 is reported separately: see the environment's findings).
  for (const id of [
    'ENC-IAM-001',
    'ENC-IAM-002',
    'ENC-IAM-003',
    'ENC-IAM-004',
    'ENC-IAM-006',
    'ENC-IAM-007',
    'ENC-IAM-008',
    'ENC-IAM-010',
    'ENC-IAM-011',
  ]) {
    const result = evaluate(iamRules.find((r) => r.id === id)!, model);
    assert.equal(
      result.verdict,
      'compliant',
      `${id}: ${result.checks
        .filter((c) => c.verdict !== 'compliant')
        .map((c) => c.message)
        .join(' | ')}`,
    );
  }
});
