// Verifier depth (issue 16 items 7, 8, 9, 10): NotPrincipal against the role session, every role judged by its
// declared duty, escalation by changing a function's configuration, resource policies of every kind, MFA and
// external ids — each through the real loaders, in both dialects where both apply, with a case that must be unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRequest } from '../../../src/verifier/analysis/iam/evaluate.ts';
import { contextOf } from '../../../src/verifier/analysis/iam/conditions.ts';
import { sym } from '../../../src/verifier/model/iam/symbolic.ts';
import { iamRules } from '../../../src/verifier/rules/iam/index.ts';
import type { Rule } from '../../../src/verifier/rules/types.ts';
import { accountRoot, accountTrust, analysisOf, cfnModel, doc, evaluate, lambdaTrust, role, tfModel } from './helpers.ts';

const rule = (id: string): Rule => iamRules.find((r) => r.id === id)!;
const param = { Type: 'String' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const tagged = (duty: string) => ({ Tags: [{ Key: 'enclave:duty', Value: duty }] });
const bucket = (name: string, classification?: string) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name, ...(classification ? { Tags: [{ Key: 'enclave:classification', Value: classification }] } : {}) } });
const fn = (roleId: string, name = 'processor') => ({ Type: 'AWS::Lambda::Function', Properties: { FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: arn(roleId), Code: { ZipFile: 'x' } } });
const failing = (r: { checks: { verdict: string; message: string }[] }) => r.checks.filter((c) => c.verdict !== 'compliant').map((c) => c.message).join('\n');

const lambdaTrustHcl = `
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
data "aws_caller_identity" "current" {}
`;

// ── item 7: NotPrincipal ──────────────────────────────────────────────────────────────────────────────────────
test('NotPrincipal: Deny + NotPrincipal <role ARN> still denies the role, whose requests come from its session (CloudFormation)', async () => {
  const denyAllBut = (...ids: unknown[]) => ({ Effect: 'Deny', NotPrincipal: { AWS: ids }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Data.Arn}/*' } });
  const build = (statement: unknown) => cfnModel({
    Data: bucket('reports-data', 'other'),
    DataPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Data' }, PolicyDocument: doc(statement) } },
    Reader: role(lambdaTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Data.Arn}/*' } }], { RoleName: 'reader' }),
  });
  const decide = async (statement: unknown) => {
    const view = analysisOf(await build(statement)).iam.view;
    const data = view.resourceByAddress.get('Data')!;
    return evaluateRequest(view, { principal: view.principalById.get('Reader')!, action: 's3:GetObject', resource: sym(data.arn, '/a.json'), context: contextOf({ 'aws:SecureTransport': 'true' }) });
  };
  const roleOnly = await decide(denyAllBut(arn('Reader')));
  assert.equal(roleOnly.decision, 'denied');
  assert.equal(roleOnly.explicitDeny, true);
  // The role and its account, as AWS's page advises, still leave the session out: denied.
  assert.equal((await decide(denyAllBut(arn('Reader'), accountRoot.AWS))).decision, 'denied');
  // Another principal: denied too (the statement applies to everyone else).
  assert.equal((await decide(denyAllBut('arn:aws:iam::111122223333:role/other'))).decision, 'denied');
  // A session name the code cannot know: whether the exact session is listed is undecidable, never a pass.
  const session = await decide(denyAllBut(arn('Reader'), accountRoot.AWS, { 'Fn::Sub': 'arn:aws:sts::${AWS::AccountId}:assumed-role/reader/nightly' }));
  assert.ok(session.decision === 'unknown' || session.decision === 'conditional', session.decision);
});

test('NotPrincipal: the same in Terraform (not_principals), and a role named by a variable is unknown', async () => {
  const model = (notPrincipals: string) => tfModel({ 'main.tf': `${lambdaTrustHcl}
variable "exempt" { type = string }
resource "aws_s3_bucket" "data" { bucket = "reports-data" }
resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  inline_policy {
    name   = "read"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.data.arn}/*" }] })
  }
}
data "aws_iam_policy_document" "data" {
  statement {
    effect    = "Deny"
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.data.arn}/*"]
    not_principals {
      type        = "AWS"
      identifiers = ${notPrincipals}
    }
  }
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}
` });
  const decide = async (notPrincipals: string) => {
    const view = analysisOf(await model(notPrincipals)).iam.view;
    const data = view.resourceByAddress.get('aws_s3_bucket.data')!;
    return evaluateRequest(view, { principal: view.principalById.get('aws_iam_role.reader')!, action: 's3:GetObject', resource: sym(data.arn, '/a.json'), context: contextOf({ 'aws:SecureTransport': 'true' }) });
  };
  assert.equal((await decide('[aws_iam_role.reader.arn, "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]')).decision, 'denied');
  assert.equal((await decide('[var.exempt]')).decision, 'unknown');
});

// ── item 8: duties declared, escalation by configuration change, lanes ────────────────────────────────────────
test('ENC-IAM-012 every role declares its duty: declared passes, a name guess fails, tags from a parameter are unknown (CloudFormation)', async () => {
  assert.equal(evaluate(rule('ENC-IAM-012'), await cfnModel({ AuditorRole: role(accountTrust, [], tagged('auditor')) })).verdict, 'compliant');
  const guessed = evaluate(rule('ENC-IAM-012'), await cfnModel({ AuditorRole: role(accountTrust, []) }));
  assert.equal(guessed.verdict, 'non-compliant');
  assert.match(guessed.checks[0]!.message, /judged as auditor, a guess from its name/);
  assert.equal(evaluate(rule('ENC-IAM-012'), await cfnModel({ R: role(accountTrust, [], tagged('auditors')) })).verdict, 'non-compliant');
  assert.equal(evaluate(rule('ENC-IAM-012'), await cfnModel({ R: role(accountTrust, [], { Tags: { Ref: 'Tags' } }) }, { Tags: param })).verdict, 'unknown');
});

test('ENC-IAM-012 in Terraform, and the declared duty is the one the rules judge', async () => {
  const model = await tfModel({ 'main.tf': `${lambdaTrustHcl}
variable "tags" { type = map(string) }
resource "aws_iam_role" "ops" {
  name               = "ops-admin"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  tags               = { "enclave:duty" = "monitoring" }
}
resource "aws_iam_role" "guess" {
  name               = "nightly-admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" } }] })
}
resource "aws_iam_role" "unknown" {
  name               = "other"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  tags               = var.tags
}
` });
  const view = analysisOf(model).iam.view;
  assert.equal(view.principalById.get('aws_iam_role.ops')!.duty, 'monitoring');
  assert.equal(view.principalById.get('aws_iam_role.guess')!.duty, 'administrator');
  const r = evaluate(rule('ENC-IAM-012'), model);
  assert.deepEqual(r.checks.map((c) => `${c.resource} ${c.verdict}`), ['aws_iam_role.ops compliant', 'aws_iam_role.guess non-compliant', 'aws_iam_role.unknown unknown']);
});

test('ENC-IAM-013 escalation by changing a function\'s configuration: NODE_OPTIONS needs no layer, so denying layers alone is not enough (CloudFormation)', async () => {
  const exec = role(lambdaTrust, [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*' }], tagged('execution'));
  const admin = (...statements: unknown[]) => role(accountTrust, statements, tagged('administrator'));
  const update = { Effect: 'Allow', Action: ['lambda:UpdateFunctionConfiguration', 'lambda:GetFunction'], Resource: arn('Fn') };
  const noLayers = { Effect: 'Deny', Action: 'lambda:UpdateFunctionConfiguration', Resource: '*', Condition: { Null: { 'lambda:Layer': 'false' } } };
  const base = (a: unknown) => ({ Exec: exec, Fn: fn('Exec'), Admin: a });
  const escalates = evaluate(rule('ENC-IAM-013'), await cfnModel(base(admin(update, noLayers))));
  assert.equal(escalates.verdict, 'non-compliant', failing(escalates));
  const finding = escalates.checks.find((c) => c.resource === 'Admin' && c.verdict === 'non-compliant')!;
  assert.match(finding.message, /act as Exec \(execution\): update-function-configuration via lambda:UpdateFunctionConfiguration \(new environment under/);
  assert.ok(finding.location!.line > 1, 'points at the statement that allows the update');
  const denied = evaluate(rule('ENC-IAM-013'), await cfnModel(base(admin(update, { Effect: 'Deny', Action: 'lambda:UpdateFunctionConfiguration', Resource: '*' }))));
  assert.equal(denied.verdict, 'compliant', failing(denied));
  const unknown = evaluate(rule('ENC-IAM-013'), await cfnModel({ ...base(admin({ Effect: 'Allow', Action: 'lambda:UpdateFunctionConfiguration', Resource: { Ref: 'Target' } })) }, { Target: param }));
  assert.equal(unknown.verdict, 'unknown', failing(unknown));
});

test('ENC-IAM-013 in Terraform: PassRole + UpdateFunctionConfiguration on any function is a way into the role, and execution roles are judged too', async () => {
  const model = (extra: string) => tfModel({ 'main.tf': `${lambdaTrustHcl}
resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  tags               = { "enclave:duty" = "execution" }
}
resource "aws_iam_role" "helper" {
  name               = "helper"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  tags               = { "enclave:duty" = "execution" }
  inline_policy {
    name   = "p"
    policy = jsonencode({ Version = "2012-10-17", Statement = [${extra}] })
  }
}
` });
  const pass = `{ Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.exec.arn }, { Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" }`;
  const r = evaluate(rule('ENC-IAM-013'), await model(pass));
  assert.ok(r.checks.some((c) => c.resource === 'aws_iam_role.helper' && c.verdict === 'non-compliant' && /pass-role-to-lambda via iam:PassRole \+ lambda:UpdateFunctionConfiguration/.test(c.message)), failing(r));
  assert.equal(evaluate(rule('ENC-IAM-013'), await model(`{ Effect = "Allow", Action = "lambda:UpdateFunctionConfiguration", Resource = "*" }`)).verdict, 'compliant');
});

test('ENC-IAM-014 monitoring, ingest and delivery roles stay in their lane (CloudFormation, Terraform, unknown)', async () => {
  const base = (statements: unknown[], duty = 'monitoring') => ({ Raw: bucket('incoming-files', 'card-data'), Lookup: role(accountTrust, statements, tagged(duty)) });
  assert.equal(evaluate(rule('ENC-IAM-014'), await cfnModel(base([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: arn('Raw') }]))).verdict, 'compliant');
  const reads = evaluate(rule('ENC-IAM-014'), await cfnModel(base([{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }])));
  assert.equal(reads.verdict, 'non-compliant');
  assert.match(reads.checks[0]!.message, /Monitoring and lookup roles never read card data/);
  const ingestDeletes = evaluate(rule('ENC-IAM-014'), await cfnModel(base([{ Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: { 'Fn::Sub': '${Raw.Arn}/*' } }], 'ingest')));
  assert.ok(ingestDeletes.checks.some((c) => c.verdict === 'non-compliant' && /s3:DeleteObject/.test(c.message)), failing(ingestDeletes));
  assert.equal(evaluate(rule('ENC-IAM-014'), await cfnModel(base([{ Effect: 'Allow', Action: 's3:GetObject', Resource: { Ref: 'Scope' } }]), { Scope: param })).verdict, 'unknown');
  const tf = await tfModel({ 'main.tf': `${lambdaTrustHcl}
resource "aws_s3_bucket" "raw" {
  bucket = "raw-files"
  tags   = { "enclave:classification" = "card-data" }
}
resource "aws_iam_role" "firehose" {
  name               = "delivery"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "firehose.amazonaws.com" } }] })
  tags               = { "enclave:duty" = "delivery" }
  inline_policy {
    name   = "p"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "s3:GetObject"], Resource = "\${aws_s3_bucket.raw.arn}/*" }] })
  }
}
` });
  const delivery = evaluate(rule('ENC-IAM-014'), tf);
  assert.ok(delivery.checks.some((c) => c.verdict === 'non-compliant' && /s3:GetObject/.test(c.message) && /never reads card data/.test(c.message)), failing(delivery));
});

// ── item 10: authentication strength ──────────────────────────────────────────────────────────────────────────
test('ENC-IAM-015 MFA: Bool passes; BoolIfExists (long-term keys skip it) and no condition fail; a trust known only after apply is unknown', async () => {
  const trust = (cond?: unknown) => doc({ Effect: 'Allow', Principal: accountRoot, Action: 'sts:AssumeRole', ...(cond ? { Condition: cond } : {}) });
  const verdict = async (t: unknown, duty = 'administrator') => evaluate(rule('ENC-IAM-015'), await cfnModel({ Admin: role(t, [], tagged(duty)) }, { Trust: param }));
  assert.equal((await verdict(trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))).verdict, 'compliant');
  const trap = await verdict(trust({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }));
  assert.equal(trap.verdict, 'non-compliant');
  assert.match(trap.checks[0]!.message, /without MFA \(aws:MultiFactorAuthPresent absent: long-term access keys\).*BoolIfExists/);
  assert.equal((await verdict(trust())).verdict, 'non-compliant');
  // An ingest role with the trap is judged too (it tests MFA, so MFA must hold); a service role is not judged.
  assert.equal((await verdict(trust({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }), 'ingest')).verdict, 'non-compliant');
  assert.equal((await verdict(lambdaTrust, 'administrator')).verdict, 'not-applicable');
  assert.equal((await verdict({ Ref: 'Trust' })).verdict, 'unknown');
});

test('ENC-IAM-015 in Terraform: a dynamic MFA condition switched off by its variable fails', async () => {
  const model = (mfa: string) => tfModel({ 'main.tf': `${lambdaTrustHcl}
variable "require_mfa" {
  type    = bool
  default = ${mfa}
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
    dynamic "condition" {
      for_each = var.require_mfa ? [1] : []
      content {
        test     = "Bool"
        variable = "aws:MultiFactorAuthPresent"
        values   = ["true"]
      }
    }
  }
}
resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = { "enclave:duty" = "auditor" }
}
` });
  assert.equal(evaluate(rule('ENC-IAM-015'), await model('true')).verdict, 'compliant');
  assert.equal(evaluate(rule('ENC-IAM-015'), await model('false')).verdict, 'non-compliant');
});

test('ENC-IAM-002 external ids: StringLike "*" is no external-id condition (CloudFormation and Terraform)', async () => {
  const other = (cond: unknown) => role(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: cond }), []);
  const star = evaluate(rule('ENC-IAM-002'), await cfnModel({ R: other({ StringLike: { 'sts:ExternalId': '*' } }) }));
  assert.equal(star.verdict, 'non-compliant');
  assert.match(star.checks[0]!.message, /another customer's external id/);
  assert.equal(evaluate(rule('ENC-IAM-002'), await cfnModel({ R: other({ Null: { 'sts:ExternalId': 'false' } }) })).verdict, 'non-compliant');
  assert.equal(evaluate(rule('ENC-IAM-002'), await cfnModel({ R: other({ StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }) }, { ExternalId: param })).verdict, 'compliant');
  const tf = (value: string) => tfModel({ 'main.tf': `
variable "external_id" { type = string }
resource "aws_iam_role" "monitoring" {
  name               = "monitoring"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Condition = { StringLike = { "sts:ExternalId" = ${value} } } }] })
}
` });
  assert.equal(evaluate(rule('ENC-IAM-002'), await tf('"*"')).verdict, 'non-compliant');
  assert.equal(evaluate(rule('ENC-IAM-002'), await tf('var.external_id')).verdict, 'compliant');
});

// ── item 9: resource policies of every kind ───────────────────────────────────────────────────────────────────
test('ENC-IAM-018 resource policies: a secret shared with everyone or another account fails; the account root delegates; a principal from a parameter is unknown', async () => {
  const secret = (principal: unknown) => ({
    S: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'db' } },
    P: { Type: 'AWS::SecretsManager::ResourcePolicy', Properties: { SecretId: { Ref: 'S' }, ResourcePolicy: doc({ Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) } },
  });
  const everyone = evaluate(rule('ENC-IAM-018'), await cfnModel(secret('*')));
  assert.equal(everyone.verdict, 'non-compliant');
  assert.match(everyone.checks[0]!.message, /a principal of another account secretsmanager:GetSecretValue/);
  assert.equal(evaluate(rule('ENC-IAM-018'), await cfnModel(secret({ AWS: 'arn:aws:iam::111122223333:root' }))).verdict, 'non-compliant');
  assert.equal(evaluate(rule('ENC-IAM-018'), await cfnModel(secret(accountRoot))).verdict, 'compliant');
  assert.equal(evaluate(rule('ENC-IAM-018'), await cfnModel(secret({ AWS: { Ref: 'Reader' } }), { Reader: param })).verdict, 'unknown');
});

test('ENC-IAM-018 in Terraform: a bucket policy granting everyone in the account (Principal "*" + aws:PrincipalAccount) lets in principals IAM never allowed', async () => {
  const model = (principal: string) => tfModel({ 'main.tf': `
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "data" { bucket = "shared-data" }
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.data.arn}/*", Condition = { StringEquals = { "aws:PrincipalAccount" = data.aws_caller_identity.current.account_id } } }] })
}
` });
  const everyone = evaluate(rule('ENC-IAM-018'), await model('"*"'));
  assert.equal(everyone.verdict, 'non-compliant');
  assert.match(everyone.checks[0]!.message, /no permissions of its own s3:GetObject/);
  assert.equal(evaluate(rule('ENC-IAM-018'), await model('{ AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }')).verdict, 'compliant');
});

test('ENC-IAM-019 a second policy for the same bucket (or key) is a finding, not a silent replacement (Terraform and CloudFormation)', async () => {
  const tf = await tfModel({ 'main.tf': `
resource "aws_s3_bucket" "logs" { bucket = "audit-logs" }
resource "aws_s3_bucket_policy" "tls" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "\${aws_s3_bucket.logs.arn}/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}
resource "aws_s3_bucket_policy" "delivery" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "delivery.logs.amazonaws.com" }, Action = "s3:PutObject", Resource = "\${aws_s3_bucket.logs.arn}/*" }] })
}
resource "aws_kms_key" "k" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
` });
  assert.equal(tf.buckets[0]!.policySources.length, 2, 'the model keeps both');
  const r = evaluate(rule('ENC-IAM-019'), tf);
  assert.deepEqual(r.checks.filter((c) => c.verdict === 'non-compliant').map((c) => c.resource).sort(), ['aws_kms_key.k', 'aws_s3_bucket.logs']);
  assert.match(r.checks.find((c) => c.resource === 'aws_s3_bucket.logs')!.message, /aws_s3_bucket_policy\.tls and again by aws_s3_bucket_policy\.delivery/);
  const policy = (sid: string) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: doc({ Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }) } });
  assert.equal(evaluate(rule('ENC-IAM-019'), await cfnModel({ B: bucket('audit-logs'), P1: policy('One'), P2: policy('Two') })).verdict, 'non-compliant');
  assert.equal(evaluate(rule('ENC-IAM-019'), await cfnModel({ B: bucket('audit-logs'), P1: policy('One') })).verdict, 'compliant');
  // A policy resource for a bucket only apply can tell may be a second one for this bucket.
  const unknown = await tfModel({ 'main.tf': `
variable "bucket" { type = string }
resource "aws_s3_bucket" "logs" { bucket = "audit-logs" }
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_s3_bucket_policy" "other" {
  bucket = var.bucket
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
` });
  assert.equal(evaluate(rule('ENC-IAM-019'), unknown).verdict, 'unknown');
});

// ── defect 4's class: who writes card data, and whether declared duties can be carried out ────────────────────
test('ENC-IAM-016 card data enters only through ingest and function roles; ENC-IAM-017 the auditor can read the audit bucket from outside the VPC', async () => {
  const vpceDeny = (exempt: unknown[]) => ({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn('Audit'), { 'Fn::Sub': '${Audit.Arn}/*' }], Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' }, ArnNotLike: { 'aws:PrincipalArn': exempt } } });
  const env = (exempt: unknown[], rawPolicy?: unknown) => ({
    Raw: bucket('incoming-card-files', 'card-data'),
    ...(rawPolicy ? { RawPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Raw' }, PolicyDocument: doc(rawPolicy) } } } : {}),
    Audit: bucket('trail-records', 'audit'),
    AuditPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Audit' }, PolicyDocument: doc(vpceDeny(exempt)) } },
    AuditorRole: role(accountTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Audit.Arn}/*' } }], { RoleName: 'auditor', ...tagged('auditor') }),
    Uploader: role(accountTrust, [{ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Raw.Arn}/incoming/*' } }], tagged('ingest')),
  });
  const pinned = evaluate(rule('ENC-IAM-017'), await cfnModel(env([{ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/deploy' }])));
  assert.ok(pinned.checks.some((c) => c.resource === 'AuditorRole' && c.verdict === 'non-compliant' && /cannot read the audit records in Audit from outside the VPC/.test(c.message)), failing(pinned));
  const exempted = evaluate(rule('ENC-IAM-017'), await cfnModel(env([arn('AuditorRole')])));
  assert.equal(exempted.verdict, 'compliant', failing(exempted));
  // Without a deny, anyone with IAM permission can put card files in: the pipeline is in the card-data path.
  const open = evaluate(rule('ENC-IAM-016'), await cfnModel(env([arn('AuditorRole')])));
  assert.ok(open.checks.some((c) => c.verdict === 'non-compliant' && /someone the stack does not name/.test(c.message)), failing(open));
  const onlyIngest = { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Raw.Arn}/*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': [arn('Uploader')] } } };
  const closed = evaluate(rule('ENC-IAM-016'), await cfnModel(env([arn('AuditorRole')], onlyIngest)));
  assert.equal(closed.verdict, 'compliant', failing(closed));
  assert.match(closed.checks[0]!.message, /only Uploader \(ingest\)/);
  const unknown = evaluate(rule('ENC-IAM-016'), await cfnModel(env([arn('AuditorRole')], { ...onlyIngest, Resource: { Ref: 'Scope' } }), { Scope: param }));
  assert.equal(unknown.verdict, 'unknown', failing(unknown));
});

test('ENC-IAM-017 in Terraform: an auditor pinned to the VPC endpoint cannot read the audit bucket; a key policy known only after apply is unknown', async () => {
  const model = (exempt: string, keyPolicy = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.auditor.arn }, Action = "kms:Decrypt", Resource = "*", Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } } }] })') => tfModel({ 'main.tf': `${lambdaTrustHcl}
variable "key_policy" { type = string }
resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }] })
  tags               = { "enclave:duty" = "auditor" }
  inline_policy {
    name   = "read"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "kms:Decrypt"], Resource = "*" }] })
  }
}
resource "aws_kms_key" "logs" {
  enable_key_rotation = true
  policy              = ${keyPolicy}
}
resource "aws_s3_bucket" "trail" {
  bucket = "trail-records"
  tags   = { "enclave:classification" = "audit" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.logs.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "\${aws_s3_bucket.trail.arn}/*", Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0abc" }, ArnNotLike = { "aws:PrincipalArn" = [${exempt}] } } }] })
}
` });
  assert.equal(evaluate(rule('ENC-IAM-017'), await model('aws_iam_role.auditor.arn')).verdict, 'compliant');
  const pinned = evaluate(rule('ENC-IAM-017'), await model('"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/deployer"'));
  assert.equal(pinned.verdict, 'non-compliant');
  assert.match(pinned.checks[0]!.message, /cannot read the audit records in aws_s3_bucket\.trail from outside the VPC/);
  assert.equal(evaluate(rule('ENC-IAM-017'), await model('aws_iam_role.auditor.arn', 'var.key_policy')).verdict, 'unknown');
});

test('ENC-IAM-016 in Terraform: a deploying role exempted from VPC-endpoint pinning can upload card files', async () => {
  const model = await tfModel({ 'main.tf': `
data "aws_caller_identity" "current" {}
data "aws_iam_session_context" "deployer" { arn = data.aws_caller_identity.current.arn }
resource "aws_s3_bucket" "raw" {
  bucket = "raw-card-files"
  tags   = { "enclave:classification" = "card-data" }
}
resource "aws_s3_bucket_policy" "raw" {
  bucket = aws_s3_bucket.raw.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "\${aws_s3_bucket.raw.arn}/*", Condition = { StringNotEquals = { "aws:SourceVpce" = "vpce-0abc" }, ArnNotLike = { "aws:PrincipalArn" = [data.aws_iam_session_context.deployer.issuer_arn] } } }] })
}
` });
  const r = evaluate(rule('ENC-IAM-016'), model);
  assert.ok(r.checks.some((c) => c.verdict === 'non-compliant' && /data\.aws_iam_session_context\.deployer\.issuer_arn/.test(c.message)), failing(r));
});
