// Issue 15's classes for keys and functions: encryption context nobody sends (defect 6), who can rewrite each key
// policy (defect 9), and function permissions scoped to this account's sources (issue 16 item 9) — in both dialects,
// with a case that must be unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextKeysSent } from '../../../src/verifier/rules/kms/context-keys-sent.ts';
import { keyPolicyWriters } from '../../../src/verifier/rules/kms/policy-writers.ts';
import { functionPermissionsScoped } from '../../../src/verifier/rules/lambda/permissions-scoped.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const root = { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } };
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const cfnKey = (...statements: unknown[]) => cfnModel({ Parameters: { Policy: { Type: 'String' } }, Resources: { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: doc(...statements) } } } });

test('ENC-KMS-004: a condition on kms:EncryptionContext:LambdaFunctionName never holds (Lambda sends aws:lambda:FunctionArn); the documented keys pass (CloudFormation)', async () => {
  const use = (condition: unknown) => ({ Effect: 'Allow', Principal: root, Action: 'kms:Decrypt', Resource: '*', Condition: condition });
  const dead = judge(contextKeysSent, await cfnKey(use({ StringEquals: { 'kms:EncryptionContext:LambdaFunctionName': 'processor' } })));
  assert.equal(dead.verdict, 'non-compliant');
  assert.match(dead.messages, /"LambdaFunctionName", which no AWS service and no function of this stack sends.*aws:lambda:FunctionArn/);
  assert.equal(judge(contextKeysSent, await cfnKey(use({ StringEquals: { 'kms:EncryptionContext:aws:lambda:FunctionArn': 'arn:aws:lambda:us-east-1:111122223333:function:processor' } }))).verdict, 'compliant');
  assert.equal(judge(contextKeysSent, await cfnKey(use({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*' } }))).verdict, 'compliant');
  // A negated test on an unsent key holds, so it is not dead; a Deny on an unsent key protects nothing.
  assert.equal(judge(contextKeysSent, await cfnKey(use({ StringNotEquals: { 'kms:EncryptionContext:LambdaFunctionName': 'x' } }))).verdict, 'not-applicable');
  const deny = judge(contextKeysSent, await cfnKey({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'other' } } }));
  assert.match(deny.messages, /denies only when .*"tenant".*never denies anything/);
  assert.match(judge(contextKeysSent, await cfnKey(use({ StringEquals: { 'kms:ViaService': 's3.amazonaws.com' } }))).messages, /kms:ViaService = "s3.amazonaws.com", a value AWS never sends/);
  const unknown = judge(contextKeysSent, await cfnModel({ Parameters: { Policy: { Type: 'String' } }, Resources: { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Ref: 'Policy' } } } } }));
  assert.equal(unknown.verdict, 'unknown');
});

test('ENC-KMS-004 in Terraform: an identity policy statement scoped by the dead key fails at its file:line; the token key context a contract sends passes', async () => {
  const model = await tfModel(`
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
data "aws_iam_policy_document" "fn" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.k.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:LambdaFunctionName"
      values   = ["fn"]
    }
  }
}
resource "aws_iam_role_policy" "fn" {
  role   = aws_iam_role.fn.id
  policy = data.aws_iam_policy_document.fn.json
}
`);
  const r = contextKeysSent.evaluate(model, (await import('../helpers.ts')).analysisOf(model));
  assert.equal(r.verdict, 'non-compliant');
  assert.equal(r.checks[0]!.location!.file.endsWith('main.tf'), true);
  assert.ok(r.checks[0]!.location!.line > 1);
});

test('ENC-KMS-005: kms:Put* in the account-root statement lets any IAM principal rewrite the key policy; naming the deployer and break-glass passes; a policy from a parameter is unknown', async () => {
  const administration = (actions: string[]) => ({ Sid: 'KeyAdministration', Effect: 'Allow', Principal: root, Action: actions, Resource: '*' });
  const writers = { Sid: 'PolicyWriters', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/deployer' } }, Action: 'kms:PutKeyPolicy', Resource: '*' };
  const open = judge(keyPolicyWriters, await cfnKey(administration(['kms:Describe*', 'kms:Put*', 'kms:Enable*'])));
  assert.equal(open.verdict, 'non-compliant');
  assert.match(open.messages, /someone the stack does not name may rewrite the key policy \(kms:PutKeyPolicy: allowed by K \(KeyAdministration\)\)/);
  const closed = judge(keyPolicyWriters, await cfnKey(administration(['kms:Describe*', 'kms:Enable*', 'kms:ScheduleKeyDeletion']), writers));
  assert.equal(closed.verdict, 'compliant', closed.messages);
  assert.match(closed.messages, /can be rewritten only by arn:aws:iam::\$\{ACCOUNT\}:role\/deployer/);
  const unknown = judge(keyPolicyWriters, await cfnModel({ Parameters: { Policy: { Type: 'String' } }, Resources: { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: { Ref: 'Policy' } } } } }));
  assert.equal(unknown.verdict, 'unknown');
});

test('ENC-KMS-005 in Terraform: a stack role that can grant itself PutKeyPolicy through IAM is listed as a writer and fails unless break-glass', async () => {
  const model = (duty: string) => tfModel(`
data "aws_caller_identity" "current" {}
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" } }] })
  tags               = { "enclave:duty" = "${duty}" }
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Principal = { AWS = aws_iam_role.ops.arn }, Action = "kms:PutKeyPolicy", Resource = "*" },
    { Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = ["kms:Describe*"], Resource = "*" },
  ] })
}
`);
  assert.equal(judge(keyPolicyWriters, await model('break-glass')).verdict, 'compliant');
  const admin = judge(keyPolicyWriters, await model('administrator'));
  assert.equal(admin.verdict, 'non-compliant');
  assert.match(admin.messages, /aws_iam_role\.ops \(administrator, not break-glass\) can rewrite the key policy/);
});

test('ENC-LAMBDA-006: an S3 permission needs the source account (bucket ARNs carry none); an EventBridge rule ARN pins the account (Terraform)', async () => {
  const model = (permission: string) => tfModel(`
data "aws_caller_identity" "current" {}
variable "source_arn" { type = string }
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_s3_bucket" "raw" { bucket = "raw-files" }
resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "rate(1 day)"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "fn.zip"
}
resource "aws_lambda_permission" "p" {
  function_name = aws_lambda_function.fn.function_name
  ${permission}
}
`);
  const s3 = (extra: string) => `action = "lambda:InvokeFunction"\n  principal = "s3.amazonaws.com"\n  source_arn = aws_s3_bucket.raw.arn\n  ${extra}`;
  const open = judge(functionPermissionsScoped, await model(s3('')));
  assert.equal(open.verdict, 'non-compliant');
  assert.match(open.messages, /s3.amazonaws.com acting for another account/);
  const scoped = judge(functionPermissionsScoped, await model(s3('source_account = data.aws_caller_identity.current.account_id'))); assert.equal(scoped.verdict, 'compliant', scoped.messages);
  const events = judge(functionPermissionsScoped, await model('action = "lambda:InvokeFunction"\n  principal = "events.amazonaws.com"\n  source_arn = aws_cloudwatch_event_rule.nightly.arn')); assert.equal(events.verdict, 'compliant', events.messages);
  assert.equal(judge(functionPermissionsScoped, await model('action = "lambda:InvokeFunction"\n  principal = "events.amazonaws.com"')).verdict, 'non-compliant');
  assert.equal(judge(functionPermissionsScoped, await model('action = "lambda:InvokeFunction"\n  principal = "events.amazonaws.com"\n  source_arn = var.source_arn')).verdict, 'unknown');
});

test('ENC-LAMBDA-006 in CloudFormation: AWS::Lambda::Permission with SourceArn and SourceAccount passes, with neither fails', async () => {
  const model = (extra: Record<string, unknown>) => cfnModel({ Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
    Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', ...extra } },
  } });
  assert.equal(judge(functionPermissionsScoped, await model({ SourceArn: 'arn:aws:s3:::raw-files', SourceAccount: { Ref: 'AWS::AccountId' } })).verdict, 'compliant');
  assert.equal(judge(functionPermissionsScoped, await model({})).verdict, 'non-compliant');
});
