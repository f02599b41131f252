import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJson } from '../../../../src/verifier/load/terraform/index.ts';
import { errors, loadMain, output, u } from './helpers.ts';

test('aws_iam_policy_document renders json as the provider does', async () => {
  const stack = await loadMain(`
data "aws_iam_policy_document" "p" {
  policy_id = "bucket-policy"
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    actions     = ["s3:GetObject", "s3:PutObject"]
    not_resources = ["arn:aws:s3:::other/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
output "json"     { value = data.aws_iam_policy_document.p.json }
output "minified" { value = data.aws_iam_policy_document.p.minified_json }
`);
  assert.deepEqual(errors(stack), []);
  const expected = {
    Version: '2012-10-17',
    Id: 'bucket-policy',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        NotResource: 'arn:aws:s3:::other/*',
        Principal: {
          AWS: ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'],
          Service: 'lambda.amazonaws.com',
        },
      },
    ],
  };
  assert.equal(output(stack, 'json'), JSON.stringify(expected, null, 2));
  assert.equal(output(stack, 'minified'), JSON.stringify(expected));
});

test('source and override documents merge by Sid; unknowns stay in place and decode back', async () => {
  const stack = await loadMain(`
resource "aws_s3_bucket" "b" { bucket = "b" }
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
  }
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.b.arn]
  }
}
data "aws_iam_policy_document" "override" {
  statement {
    sid       = "List"
    effect    = "Deny"
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObjectVersion"]
    resources = ["*"]
  }
  statement {
    sid       = "Mine"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}
output "merged" { value = data.aws_iam_policy_document.merged.json }
output "base"   { value = data.aws_iam_policy_document.base.json }
`);
  assert.deepEqual(errors(stack), []);
  const merged = decodeJson(output(stack, 'merged')) as {
    Statement: { Sid?: string; Effect: string; Action: string }[];
  };
  assert.deepEqual(
    merged.Statement.map((s) => [s.Sid ?? '', s.Effect, s.Action]),
    [
      ['Read', 'Allow', 's3:GetObjectVersion'],
      ['List', 'Deny', 's3:ListBucket'],
      ['Mine', 'Allow', 'kms:Decrypt'],
      ['', 'Allow', 's3:PutObject'],
    ],
  );
  const base = output(stack, 'base');
  assert.equal(typeof base, 'object', 'a document with unknown ARNs is a TemplateValue');
  assert.deepEqual(decodeJson(base), {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { kind: 'template', parts: [u('aws_s3_bucket.b', 'arn'), '/*'] },
      },
      { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: u('aws_s3_bucket.b', 'arn') },
    ],
  });
});

test('a source document that is wholly unknown makes json unknown', async () => {
  const stack = await loadMain(`
data "aws_iam_policy" "managed" { name = "ReadOnlyAccess" }
data "aws_iam_policy_document" "p" {
  source_policy_documents = [data.aws_iam_policy.managed.policy]
}
output "json" { value = data.aws_iam_policy_document.p.json }
`);
  assert.deepEqual(output(stack, 'json'), u('data.aws_iam_policy_document.p', 'json'));
});
