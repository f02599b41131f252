import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iamRules } from '../../../src/verifier/rules/iam/index.ts';
import { analysisOf, evaluate, tfModel } from './helpers.ts';

const rule = (id: string) => iamRules.find((r) => r.id === id)!;

const base = `
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "raw" { bucket = "raw-card-data-\${data.aws_caller_identity.current.account_id}" }
resource "aws_kms_key" "data" { enable_key_rotation = true }
data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "processor" {
  name               = "processor"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}
data "aws_iam_policy_document" "processor" {
  statement {
    sid       = "ReadRaw"
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.raw.arn}/*"]
  }
  statement {
    sid       = "UseKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }
}
resource "aws_iam_role_policy" "processor" {
  role   = aws_iam_role.processor.id
  policy = data.aws_iam_policy_document.processor.json
}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.processor.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
`;

test('Terraform: policy documents, jsonencode policies and managed attachments reach the evaluator', async () => {
  const model = await tfModel({
    'main.tf':
      base +
      `
resource "aws_iam_role" "auditor" {
  name                 = "auditor"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" } }]
  })
}
resource "aws_iam_policy" "auditor" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:ListBucket", "s3:GetBucketPolicy"], Resource = aws_s3_bucket.raw.arn },
      { Effect = "Deny", Action = ["s3:Put*", "s3:Delete*", "s3:GetObject*"], Resource = ["\${aws_s3_bucket.raw.arn}", "\${aws_s3_bucket.raw.arn}/*"] },
    ]
  })
}
resource "aws_iam_role_policy_attachment" "auditor" {
  role       = aws_iam_role.auditor.name
  policy_arn = aws_iam_policy.auditor.arn
}
`,
  });
  const { view: iam, matrix } = analysisOf(model, { iamMatrix: true }).iam;
  const processor = iam.principalById.get('aws_iam_role.processor')!;
  assert.equal(processor.duty, 'execution');
  assert.deepEqual(processor.policies.map((p) => p.origin).sort(), [
    'AWSLambdaBasicExecutionRole',
    'aws_iam_role_policy.processor',
  ]);
  const auditor = iam.principalById.get('aws_iam_role.auditor')!;
  assert.equal(auditor.duty, 'auditor');
  assert.equal(auditor.policies[0]!.origin, 'aws_iam_policy.auditor');
  const m = matrix!;
  assert.equal(m.cell('aws_iam_role.processor', 'read-data', 'aws_s3_bucket.raw')?.decision, 'allowed');
  assert.equal(m.cell('aws_iam_role.processor', 'decrypt', 'aws_kms_key.data')?.decision, 'allowed');
  assert.equal(m.cell('aws_iam_role.processor', 'write-data', 'aws_s3_bucket.raw')?.decision, 'denied');
  const auditorRead = m.cell('aws_iam_role.auditor', 'read-data', 'aws_s3_bucket.raw')!;
  assert.equal(auditorRead.decision, 'denied');
  assert.ok(auditorRead.evidence.some((e) => e.effect === 'Deny' && e.location.line > 0));
  for (const id of ['ENC-IAM-001', 'ENC-IAM-002', 'ENC-IAM-003', 'ENC-IAM-004', 'ENC-IAM-005', 'ENC-IAM-006'])
    assert.equal(evaluate(rule(id), model).verdict, 'compliant', id);
});

test('Terraform: wildcard trust, long sessions, access keys and wildcard data actions are caught', async () => {
  const model = await tfModel({
    'main.tf':
      base +
      `
resource "aws_iam_role" "open" {
  name                 = "open"
  max_session_duration = 43200
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }] })
}
resource "aws_iam_role_policy" "open" {
  role   = aws_iam_role.open.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "\${aws_s3_bucket.raw.arn}/*" }] })
}
resource "aws_iam_user" "ci" { name = "ci" }
resource "aws_iam_access_key" "ci" { user = aws_iam_user.ci.name }
`,
  });
  for (const id of ['ENC-IAM-001', 'ENC-IAM-003', 'ENC-IAM-004', 'ENC-IAM-005']) {
    const r = evaluate(rule(id), model);
    assert.equal(r.verdict, 'non-compliant', id);
    assert.ok(
      r.checks.some(
        (c) =>
          c.verdict === 'non-compliant' && c.location && c.location.file.endsWith('main.tf') && c.location.line > 1,
      ),
      id,
    );
  }
});

test('Terraform: a trust principal from a variable is unknown, never a pass', async () => {
  const model = await tfModel({
    'main.tf': `
variable "trusted" { type = string }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.trusted } }] })
}
`,
  });
  assert.equal(evaluate(rule('ENC-IAM-001'), model).verdict, 'unknown');
  assert.equal(evaluate(rule('ENC-IAM-002'), model).verdict, 'unknown');
});

test('Terraform: a function is linked to its contract through archive_file source_dir', async () => {
  const model = await tfModel({
    'main.tf':
      base +
      `
data "archive_file" "bundle" {
  type        = "zip"
  source_dir  = "\${path.module}/dist/functions/processor"
  output_path = "\${path.module}/.build/processor.zip"
}
resource "aws_lambda_function" "processor" {
  function_name    = "processor"
  role             = aws_iam_role.processor.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = data.archive_file.bundle.output_path
  source_code_hash = data.archive_file.bundle.output_base64sha256
}
`,
  });
  const [proof] = analysisOf(model).contracts;
  assert.equal(proof!.link.bundle, 'processor');
  assert.equal(proof!.link.via, 'archive_file');
  assert.ok(proof!.link.contract);
  // No environment at all: every required variable is missing.
  assert.ok(
    proof!.findings.some(
      (f) => f.kind === 'environment' && f.verdict === 'non-compliant' && /RAW_BUCKET/.test(f.message),
    ),
  );
});

test("Terraform: a user holds its groups' policies, attached or inline, and an access key is in the model", async () => {
  const model = await tfModel({
    'main.tf':
      base +
      `
resource "aws_iam_user" "ops" { name = "ops" }
resource "aws_iam_group" "readers" { name = "readers" }
resource "aws_iam_user_group_membership" "ops" {
  user   = aws_iam_user.ops.name
  groups = [aws_iam_group.readers.name]
}
resource "aws_iam_group_policy" "readers" {
  group  = aws_iam_group.readers.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.raw.arn}/*" }] })
}
resource "aws_iam_access_key" "ops" { user = aws_iam_user.ops.name }
`,
  });
  const view = analysisOf(model).iam.view;
  const ops = view.principalById.get('aws_iam_user.ops')!;
  assert.deepEqual(
    ops.policies.map((p) => p.origin),
    ['aws_iam_group_policy.readers'],
  );
  assert.equal(
    analysisOf(model, { iamMatrix: true }).iam.matrix!.cell('aws_iam_user.ops', 'read-data', 'aws_s3_bucket.raw')
      ?.decision,
    'allowed',
  );
  assert.deepEqual(
    model.accessKeys.map((k) => k.user.target),
    ['aws_iam_user.ops'],
  );
});
