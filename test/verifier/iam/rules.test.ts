import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iamRules } from '../../../src/verifier/rules/iam/index.ts';
import type { Rule } from '../../../src/verifier/rules/types.ts';
import { accountRoot, accountTrust, auditTable, cfnModel, dataKey, doc, evaluate, lambdaTrust, rawBucket, role } from './helpers.ts';

const rule = (id: string): Rule => iamRules.find((r) => r.id === id)!;
const verdict = async (id: string, resources: Record<string, unknown>, parameters: Record<string, unknown> = {}) => evaluate(rule(id), await cfnModel(resources, parameters));
const param = { Type: 'String' };

test('the IAM pack is exactly these rules', () => {
  assert.deepEqual(iamRules.map((r) => r.id), ['ENC-IAM-001', 'ENC-IAM-002', 'ENC-IAM-003', 'ENC-IAM-004', 'ENC-IAM-005', 'ENC-IAM-006', 'ENC-IAM-007', 'ENC-IAM-008', 'ENC-IAM-009', 'ENC-IAM-010', 'ENC-IAM-011', 'ENC-IAM-012', 'ENC-IAM-013', 'ENC-IAM-014', 'ENC-IAM-015', 'ENC-IAM-016', 'ENC-IAM-017', 'ENC-IAM-018', 'ENC-IAM-019']);
  for (const r of iamRules) assert.ok(r.controls['pci-dss-4.0.1'].length > 0);
});

test('ENC-IAM-001 trust policies name their principals', async () => {
  assert.equal((await verdict('ENC-IAM-001', { R: role(accountTrust, []) })).verdict, 'compliant');
  const bad = await verdict('ENC-IAM-001', { R: role(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), []) });
  assert.equal(bad.verdict, 'non-compliant');
  assert.ok(bad.checks[0]!.location!.line > 1);
  assert.equal((await verdict('ENC-IAM-001', { R: role(doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), []) })).verdict, 'non-compliant');
  assert.equal((await verdict('ENC-IAM-001', { R: role(doc({ Effect: 'Allow', Principal: { AWS: { Ref: 'Trusted' } }, Action: 'sts:AssumeRole' }), []) }, { Trusted: param })).verdict, 'unknown');
});

test('ENC-IAM-002 cross-account trust requires an external id', async () => {
  const other = (cond?: unknown) => role(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', ...(cond ? { Condition: cond } : {}) }), []);
  assert.equal((await verdict('ENC-IAM-002', { R: other({ StringEquals: { 'sts:ExternalId': 'audit-7f3a' } }) })).verdict, 'compliant');
  assert.equal((await verdict('ENC-IAM-002', { R: role(accountTrust, []) })).verdict, 'compliant');
  assert.equal((await verdict('ENC-IAM-002', { R: other() })).verdict, 'non-compliant');
  assert.equal((await verdict('ENC-IAM-002', { R: role(doc({ Effect: 'Allow', Principal: { AWS: { Ref: 'Trusted' } }, Action: 'sts:AssumeRole' }), []) }, { Trusted: param })).verdict, 'unknown');
});

test('ENC-IAM-003 sessions last at most an hour', async () => {
  assert.equal((await verdict('ENC-IAM-003', { R: role(accountTrust, []) })).verdict, 'compliant');
  assert.equal((await verdict('ENC-IAM-003', { R: role(accountTrust, [], { MaxSessionDuration: 3600 }) })).verdict, 'compliant');
  assert.equal((await verdict('ENC-IAM-003', { R: role(accountTrust, [], { MaxSessionDuration: 43200 }) })).verdict, 'non-compliant');
  assert.equal((await verdict('ENC-IAM-003', { R: role(accountTrust, [], { MaxSessionDuration: { Ref: 'Hours' } }) }, { Hours: { Type: 'Number' } })).verdict, 'unknown');
});

test('ENC-IAM-004 no access keys in code', async () => {
  const user = { Type: 'AWS::IAM::User', Properties: {} };
  assert.equal((await verdict('ENC-IAM-004', { U: user })).verdict, 'compliant');
  const bad = await verdict('ENC-IAM-004', { U: user, K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'U' } } } });
  assert.equal(bad.verdict, 'non-compliant');
  assert.equal(bad.checks[0]!.resource, 'K');
});

test('ENC-IAM-005 no wildcard actions on data resources', async () => {
  const ok = role(lambdaTrust, [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }, { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]);
  assert.equal((await verdict('ENC-IAM-005', { Raw: rawBucket, R: ok })).verdict, 'compliant');
  const bad = await verdict('ENC-IAM-005', { Raw: rawBucket, R: role(lambdaTrust, [{ Effect: 'Allow', Action: 's3:*', Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }]) });
  assert.equal(bad.verdict, 'non-compliant');
  assert.match(bad.checks.find((c) => c.verdict === 'non-compliant')!.message, /s3:\*/);
  const unknown = await verdict('ENC-IAM-005', { Raw: rawBucket, R: role(lambdaTrust, [{ Effect: 'Allow', Action: 's3:*', Resource: { Ref: 'SomeArn' } }]) }, { SomeArn: param });
  assert.equal(unknown.verdict, 'unknown');
});

test('ENC-IAM-006 auditors are read-only with explicit denies', async () => {
  const reads = { Effect: 'Allow', Action: ['s3:ListBucket', 'dynamodb:GetItem', 'dynamodb:Query'], Resource: '*' };
  const denies = { Effect: 'Deny', Action: ['s3:Put*', 's3:Delete*', 's3:GetObject*', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:Delete*', 'iam:*', 'kms:*', 'logs:Delete*', 'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey'], Resource: '*' };
  const base = { Raw: rawBucket, Audit: auditTable };
  assert.equal((await verdict('ENC-IAM-006', { ...base, AuditorRole: role(accountTrust, [reads, denies]) })).verdict, 'compliant');
  // Without the explicit denies, even though nothing allows writes: non-compliant (explicit Deny required).
  const implicit = await verdict('ENC-IAM-006', { ...base, AuditorRole: role(accountTrust, [reads]) });
  assert.equal(implicit.verdict, 'non-compliant');
  assert.ok(implicit.checks.some((c) => /explicit Deny is required/.test(c.message)));
  const writes = await verdict('ENC-IAM-006', { ...base, AuditorRole: role(accountTrust, [reads, { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }, { ...denies, Action: denies.Action.filter((a) => a !== 's3:Put*') }]) });
  assert.ok(writes.checks.some((c) => c.verdict === 'non-compliant' && /can s3:PutObject/.test(c.message)));
  const unknown = await verdict('ENC-IAM-006', { ...base, AuditorRole: role(accountTrust, [reads, { Effect: 'Deny', Action: denies.Action, Resource: { Ref: 'Scope' } }]) }, { Scope: param });
  assert.equal(unknown.verdict, 'unknown');
});

test('ENC-IAM-007 administrators cannot decrypt card data nor alter audit records, escalation included', async () => {
  const base = (admin: unknown) => ({
    Key: dataKey,
    Raw: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'payments-raw-data', BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }] } } },
    Audit: auditTable,
    AdminRole: admin,
  });
  const manage = { Effect: 'Allow', Action: ['ec2:*', 'lambda:UpdateFunctionConfiguration', 'kms:DescribeKey', 'kms:EnableKeyRotation'], Resource: '*' };
  assert.equal((await verdict('ENC-IAM-007', base(role(accountTrust, [manage])))).verdict, 'compliant');
  const escalates = await verdict('ENC-IAM-007', base(role(accountTrust, [manage, { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' }])));
  assert.equal(escalates.verdict, 'non-compliant');
  assert.ok(escalates.checks.some((c) => /kms:Decrypt/.test(c.message) && /escalation: modify-own-policies/.test(c.message)));
  const tamper = await verdict('ENC-IAM-007', base(role(accountTrust, [manage, { Effect: 'Allow', Action: 'dynamodb:DeleteItem', Resource: { 'Fn::GetAtt': ['Audit', 'Arn'] } }])));
  assert.ok(tamper.checks.some((c) => c.verdict === 'non-compliant' && /dynamodb:DeleteItem/.test(c.message)));
  const unknown = await verdict('ENC-IAM-007', base(role(accountTrust, [manage, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { Ref: 'KeyArn' } }])), { KeyArn: param });
  assert.equal(unknown.verdict, 'unknown');
});

test('ENC-IAM-008 data-processor roles only invoke the functions', async () => {
  const fn = { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'processor', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Exec', 'Arn'] }, Code: { ZipFile: 'x' } } };
  const base = (p: unknown) => ({ Raw: rawBucket, Exec: role(lambdaTrust, []), Fn: fn, DataProcessorRole: p });
  assert.equal((await verdict('ENC-IAM-008', base(role(accountTrust, [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }])))).verdict, 'compliant');
  const reads = await verdict('ENC-IAM-008', base(role(accountTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }])));
  assert.equal(reads.verdict, 'non-compliant');
  // PassRole on the function's role + UpdateFunctionCode on the function: its code would read as the function.
  const execWithRead = role(lambdaTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }]);
  const passes = await verdict('ENC-IAM-008', { Raw: rawBucket, Exec: execWithRead, Fn: fn, DataProcessorRole: role(accountTrust, [{ Effect: 'Allow', Action: ['iam:PassRole'], Resource: { 'Fn::GetAtt': ['Exec', 'Arn'] } }, { Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }]) });
  assert.ok(passes.checks.some((c) => c.verdict === 'non-compliant' && /pass-role-to-lambda/.test(c.message)));
  assert.equal((await verdict('ENC-IAM-008', base(role(accountTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { Ref: 'Arn' } }])), { Arn: param })).verdict, 'unknown');
  // UpdateFunctionCode alone: the function already runs as a role that reads the raw data.
  const updates = await verdict('ENC-IAM-008', { Raw: rawBucket, Exec: execWithRead, Fn: fn, DataProcessorRole: role(accountTrust, [{ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }]) });
  assert.ok(updates.checks.some((c) => c.verdict === 'non-compliant' && /update-function-code/.test(c.message)));
});

test('ENC-IAM-009 managed policies only where a role opts in', async () => {
  const tag = { Tags: [{ Key: 'enclave:policies', Value: 'managed-only' }] };
  const managed = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }), Roles: [{ Ref: 'R' }] } };
  assert.equal((await verdict('ENC-IAM-009', { R: role(lambdaTrust, [], tag), M: managed })).verdict, 'compliant');
  assert.equal((await verdict('ENC-IAM-009', { R: role(lambdaTrust, [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }], tag) })).verdict, 'non-compliant');
  assert.equal((await verdict('ENC-IAM-009', { R: role(lambdaTrust, [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }]) })).verdict, 'not-applicable');
  assert.equal((await verdict('ENC-IAM-009', { R: role(lambdaTrust, [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }], { Tags: { Ref: 'Tags' } }) }, { Tags: param })).verdict, 'unknown');
  void accountRoot;
});

test('ENC-KMS-002 asks whether another account may use the key: kms:ViaService alone does not tie "*" to this account', async () => {
  const { keyPolicyServicesScoped } = await import('../../../src/verifier/rules/kms/service-principals-scoped.ts');
  const key = (conditions: Record<string, unknown>) => ({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: doc({ Effect: 'Allow', Principal: { AWS: accountRoot.AWS }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: conditions }) } });
  const scoped = evaluate(keyPolicyServicesScoped, await cfnModel({ K: key({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } }) }));
  assert.equal(scoped.verdict, 'compliant', scoped.checks.map((c) => c.message).join('\n'));
  const open = evaluate(keyPolicyServicesScoped, await cfnModel({ K: key({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }) }));
  assert.equal(open.verdict, 'non-compliant');
  assert.match(open.checks[0]!.message, /another account/);
});
