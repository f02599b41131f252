import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, load, output, resource, u } from './helpers.ts';

const BUCKET_MODULE = {
  'modules/bucket/variables.tf': `
variable "name" { type = string }
variable "kms_key_arn" {
  type    = string
  default = null
}
`,
  'modules/bucket/main.tf': `
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
module "policy" {
  source = "./policy"
  bucket_arn = aws_s3_bucket.this.arn
}
`,
  'modules/bucket/outputs.tf': `
output "arn" { value = aws_s3_bucket.this.arn }
output "name" { value = aws_s3_bucket.this.bucket }
output "policy_sid" { value = module.policy.sid }
`,
  'modules/bucket/policy/main.tf': `
variable "bucket_arn" {}
resource "aws_s3_bucket_policy" "this" {
  bucket = var.bucket_arn
  policy = jsonencode({ Resource = "\${var.bucket_arn}/*" })
}
output "sid" { value = "deny-insecure" }
`,
};

test('nested local modules: addresses, module paths, inputs, outputs and caller locations', async () => {
  const stack = await load({
    ...BUCKET_MODULE,
    'root/main.tf': `
module "raw" {
  source = "../modules/bucket"
  name   = "raw-bucket"
}
output "raw_arn" { value = module.raw.arn }
output "sid"     { value = module.raw.policy_sid }
output "whole"   { value = module.raw.name }
`,
  });
  assert.deepEqual(errors(stack), []);
  const bucket = resource(stack, 'module.raw.aws_s3_bucket.this');
  assert.deepEqual(bucket.modulePath, ['raw']);
  assert.equal(bucket.attributes['bucket'], 'raw-bucket');
  assert.deepEqual(
    bucket.locations['bucket'],
    { file: 'root/main.tf', line: 4 },
    'the value was written by the caller',
  );
  const policy = resource(stack, 'module.raw.module.policy.aws_s3_bucket_policy.this');
  assert.deepEqual(policy.modulePath, ['raw', 'policy']);
  assert.deepEqual(policy.attributes['bucket'], u('module.raw.aws_s3_bucket.this', 'arn'));
  assert.deepEqual(policy.attributes['policy'], {
    kind: 'template',
    parts: ['{"Resource":"', u('module.raw.aws_s3_bucket.this', 'arn'), '/*"}'],
  });
  assert.deepEqual(output(stack, 'raw_arn'), u('module.raw.aws_s3_bucket.this', 'arn'));
  assert.equal(output(stack, 'sid'), 'deny-insecure');
  assert.equal(output(stack, 'whole'), 'raw-bucket');
  assert.ok(stack.files.some((f) => f.path === 'modules/bucket/policy/main.tf'));
});

test('module count and for_each make keyed instances', async () => {
  const stack = await load({
    ...BUCKET_MODULE,
    'root/main.tf': `
module "counted" {
  source = "../modules/bucket"
  count  = 2
  name   = "c\${count.index}"
}
module "each" {
  source   = "../modules/bucket"
  for_each = toset(["x", "y"])
  name     = each.key
}
output "names" { value = [for m in module.counted : m.name] }
output "arns"  { value = { for k, m in module.each : k => m.arn } }
`,
  });
  assert.deepEqual(errors(stack), []);
  assert.equal(resource(stack, 'module.counted[1].aws_s3_bucket.this').attributes['bucket'], 'c1');
  assert.deepEqual(resource(stack, 'module.each["y"].module.policy.aws_s3_bucket_policy.this').modulePath, [
    'each["y"]',
    'policy',
  ]);
  assert.deepEqual(output(stack, 'names'), ['c0', 'c1']);
  assert.deepEqual(output(stack, 'arns'), {
    x: u('module.each["x"].aws_s3_bucket.this', 'arn'),
    y: u('module.each["y"].aws_s3_bucket.this', 'arn'),
  });
});

test('modules feeding each other are ordered by input and output, not as whole modules', async () => {
  const stack = await load({
    'modules/pair/main.tf': `
variable "peer" { default = null }
resource "aws_sqs_queue" "this" { name = "q-\${coalesce(var.peer, "none")}" }
output "name" { value = "static-name" }
output "echo" { value = var.peer }
`,
    'root/main.tf': `
module "a" {
  source = "../modules/pair"
  peer   = module.b.name
}
module "b" {
  source = "../modules/pair"
}
output "echo" { value = module.a.echo }
`,
  });
  assert.deepEqual(errors(stack), []);
  assert.equal(output(stack, 'echo'), 'static-name');
  assert.equal(resource(stack, 'module.a.aws_sqs_queue.this').attributes['name'], 'q-static-name');
});

test('module problems: missing required input, unknown input, remote source, missing directory', async () => {
  const stack = await load({
    ...BUCKET_MODULE,
    'root/main.tf': `
module "raw" {
  source = "../modules/bucket"
  nmae   = "typo"
}
module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "gone" {
  source = "./nowhere"
}
output "vpc" { value = module.registry.vpc_id }
`,
  });
  const codes = stack.diagnostics.map((d) => [d.severity, d.code]);
  assert.ok(codes.some(([s, c]) => s === 'error' && c === 'tf-module-missing-input'));
  assert.ok(codes.some(([s, c]) => s === 'error' && c === 'tf-module-unknown-input'));
  assert.ok(codes.some(([s, c]) => s === 'note' && c === 'tf-module-remote'));
  assert.ok(codes.some(([s, c]) => s === 'error' && c === 'tf-module-missing'));
  assert.deepEqual(output(stack, 'vpc'), u('module.registry', 'vpc_id'));
  assert.deepEqual(resource(stack, 'module.raw.aws_s3_bucket.this').attributes['bucket'], u('module.raw.var.name'));
});
