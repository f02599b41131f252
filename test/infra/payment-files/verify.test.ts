// Our own verifier on the payment-files template: no unsuppressed finding, and the evidence the environment is
// built for — the processor has no way out but the NAT path (closed by its security group), KMS and Logs through
// interface endpoints, S3 and DynamoDB on gateway endpoints of its route tables, the contract held exactly,
// CloudTrail valid. The suppressions are pinned, so a new one cannot slip in unnoticed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PathResult } from '../../../src/verifier/analysis/network/index.ts';
import { verify, type StackVerification } from '../../../src/verifier/verify.ts';

const root = new URL('../../..', import.meta.url).pathname;
let verification: StackVerification;

test('enclave verify: the template loads without diagnostics and nothing unsuppressed fails', async () => {
  const result = await verify(['infra/cloudformation/payment-files.json'], {
    cwd: root,
    now: new Date('2026-11-23T00:00:00Z'),
  });
  verification = result.stacks[0]!;
  assert.deepEqual(
    verification.diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.code}: ${d.message}`),
    [],
  );
  const failing = (verification.run?.outcomes ?? []).filter(
    (o) => o.verdict === 'non-compliant' || o.verdict === 'unknown',
  );
  assert.deepEqual(
    failing.map(
      (o) =>
        `${o.id} ${o.verdict}: ${o.checks
          .filter((c) => c.verdict !== 'compliant')
          .map((c) => c.message)
          .join('; ')}`,
    ),
    [],
  );
  assert.equal(result.failed, false);
});

test('enclave verify: no suppression at all; the 30-day log group is proven archived for a year', () => {
  assert.deepEqual(
    (verification.run?.suppressions ?? []).map((s) => `${s.ruleId} ${s.resource}`),
    [],
  );
  const retention = verification.run?.outcomes.find((o) => o.id === 'ENC-LOGS-002');
  assert.equal(retention?.verdict, 'compliant');
  const processorLogs = retention!.checks.find((c) => c.resource === 'ProcessorLogGroup');
  assert.match(
    processorLogs!.message,
    /ProcessorLogGroup \(30 days in CloudWatch Logs\) → ProcessorLogArchiveSubscription → LogArchiveStream → AuditLogsBucket/,
  );
});

test('enclave verify: contract, key, trail and data rules are proven compliant', () => {
  const verdicts = new Map((verification.run?.outcomes ?? []).map((o) => [o.id, o.verdict]));
  for (const id of [
    'ENC-IAM-010',
    'ENC-IAM-011',
    'ENC-IAM-005',
    'ENC-KMS-001',
    'ENC-KMS-002',
    'ENC-CT-001',
    'ENC-CT-002',
    'ENC-S3-004',
    'ENC-S3-005',
    'ENC-DDB-001',
    'ENC-DDB-002',
    'ENC-LAMBDA-001',
    'ENC-LAMBDA-002',
    'ENC-VPC-006',
  ]) {
    assert.equal(verdicts.get(id), 'compliant', id);
  }
});

test('enclave verify network: the processor reaches no internet (NAT path closed by its security group), KMS and Logs through interface endpoints', () => {
  const processor = verification.network.find((r) => r.place.address === 'ProcessorFunction');
  assert.ok(processor, 'the processor is analysed');
  assert.equal(processor.internet.verdict, 'unreachable');
  assert.ok(
    processor.internet.path.some((hop) => hop.includes('→ NatGateway')),
    'the only internet route is through the NAT gateway',
  );
  for (const service of ['kms', 'logs']) {
    const result: PathResult = processor.services[service]!;
    assert.equal(result.verdict, 'reachable', service);
    assert.ok(
      result.path.some((hop: string) => hop.endsWith('InterfaceEndpoint')),
      `${service} through its interface endpoint`,
    );
  }
  // S3 and DynamoDB: the gateway endpoint is on the processor subnet's route table, and the security group's egress
  // names the AWS-managed prefix list of that endpoint's service (the region is pinned by the template's Rules).
  for (const [service, endpoint] of [
    ['s3', 'S3GatewayEndpoint'],
    ['dynamodb', 'DynamoDBGatewayEndpoint'],
  ] as const) {
    assert.equal(processor.services[service]!.verdict, 'reachable', service);
    assert.deepEqual(processor.services[service]!.path.slice(-1), [endpoint]);
  }
});
