import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCloudFormation } from '../../../src/verifier/load/cloudformation/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { analysisOf } from '../helpers.ts';

const matrixOf = (model: Parameters<typeof analysisOf>[0]) => analysisOf(model, { iamMatrix: true }).iam.matrix!;

const fixture = fileURLToPath(new URL('./fixtures/separation.json', import.meta.url));

test('separation-of-duties matrix: direct grants, explicit denies and escalation paths', async () => {
  const stack = await loadCloudFormation(fixture);
  const m = matrixOf(buildModel(stack).model);
  const cell = (p: string, c: Parameters<typeof m.cell>[1], r: string) => {
    const found = m.cell(p, c, r);
    assert.ok(found, `${p} ${c} ${r}`);
    return found;
  };
  assert.equal(cell('ProcessorRole', 'read-data', 'RawBucket').decision, 'allowed');
  assert.equal(cell('ProcessorRole', 'write-data', 'RawBucket').decision, 'denied');
  assert.equal(cell('ProcessorRole', 'decrypt', 'DataKey').decision, 'allowed');
  assert.equal(cell('AuditorRole', 'read-data', 'RawBucket').decision, 'denied');
  assert.equal(cell('AuditorRole', 'write-data', 'RawBucket').decision, 'denied');
  // Attach-any-policy on "*" includes its own role: it can grant itself Decrypt (the key delegates to IAM).
  const escalated = cell('EscalatingAdminRole', 'decrypt', 'DataKey');
  assert.equal(escalated.decision, 'allowed');
  assert.equal(escalated.path[0]?.kind, 'modify-own-policies');
  assert.ok(escalated.path[0]!.location!.line > 0);
  // PassRole on the processor's role + CreateFunction: code it creates runs as the processor and decrypts.
  const passed = cell('PassRoleAdminRole', 'decrypt', 'DataKey');
  assert.equal(passed.decision, 'allowed');
  assert.equal(passed.path[0]?.kind, 'pass-role-to-lambda');
  assert.equal(passed.path[0]?.target, 'ProcessorRole');
  // Can rewrite the processor's policies but can neither assume nor pass it, and denies itself Decrypt.
  const safe = cell('SafeAdminRole', 'decrypt', 'DataKey');
  assert.equal(safe.decision, 'denied');
  assert.deepEqual(safe.path, []);
  assert.equal(cell('SafeAdminRole', 'change-permissions', 'ProcessorRole').decision, 'allowed');
  assert.ok(m.rows.some((r) => r.principal === 'service:s3.amazonaws.com' && r.kind === 'service'));
  assert.equal(m.rows.find((r) => r.principal === 'AuditorRole')?.duty, 'auditor');
});

test('matrix: prefix-scoped object grants are decided with probe keys, not left unknown', async () => {
  const { cfnModel, lambdaTrust, role, rawBucket } = await import('./helpers.ts');
  const model = await cfnModel({
    Raw: rawBucket,
    Reader: role(lambdaTrust, [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/incoming/*' } },
    ]),
    Other: role(lambdaTrust, [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/public/*' } },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/incoming/*' } },
    ]),
  });
  const m = matrixOf(model);
  assert.equal(m.cell('Reader', 'read-data', 'Raw')?.decision, 'allowed');
  // Other reads public/… but is denied incoming/…: it can still read some objects.
  assert.equal(m.cell('Other', 'read-data', 'Raw')?.decision, 'allowed');
  assert.equal(m.cell('Reader', 'write-data', 'Raw')?.decision, 'denied');
});

test('escalation: assuming a stronger role, rewriting its trust, and rewriting a key policy or granting on the key', async () => {
  const { cfnModel, accountTrust, lambdaTrust, role, dataKey } = await import('./helpers.ts');
  const keyArn = { 'Fn::GetAtt': ['Key', 'Arn'] };
  const strong = role(accountTrust, [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }]);
  const model = await cfnModel({
    Key: dataKey,
    Strong: strong,
    StrongForLambda: role(lambdaTrust, [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }]),
    Assumer: role(accountTrust, [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': ['Strong', 'Arn'] } },
    ]),
    TrustRewriter: role(accountTrust, [
      { Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: { 'Fn::GetAtt': ['StrongForLambda', 'Arn'] } },
    ]),
    KeyPolicyWriter: role(accountTrust, [{ Effect: 'Allow', Action: 'kms:PutKeyPolicy', Resource: keyArn }]),
    Granter: role(accountTrust, [{ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: keyArn }]),
    Nobody: role(accountTrust, [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: keyArn }]),
  });
  const m = matrixOf(model);
  const decrypt = (p: string) => m.cell(p, 'decrypt', 'Key')!;
  assert.equal(decrypt('Assumer').decision, 'allowed');
  assert.deepEqual(
    decrypt('Assumer').path.map((s) => [s.kind, s.target]),
    [['assume-role', 'Strong']],
  );
  assert.equal(decrypt('TrustRewriter').decision, 'allowed');
  assert.equal(decrypt('TrustRewriter').path[0]?.kind, 'rewrite-trust');
  assert.equal(decrypt('KeyPolicyWriter').path[0]?.kind, 'put-key-policy');
  assert.equal(decrypt('Granter').path[0]?.kind, 'create-grant');
  assert.equal(decrypt('Nobody').decision, 'denied');
  // StrongForLambda trusts only Lambda: nobody here can assume it directly.
  assert.equal(m.cell('Nobody', 'decrypt', 'Key')!.path.length, 0);
});
