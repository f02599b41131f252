// What the loader could not load is listed on the stack, with the resources it could affect, and the text report
// prints it: a stack of registry modules must not read as a clean one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderText } from '../../../../src/verifier/report/text.ts';
import { verifyStack } from '../../../../src/verifier/verify.ts';
import { load } from './helpers.ts';

const CONFIG = `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"
  name    = "main"
}
module "local_missing" {
  source = "./modules/nope"
}
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = module.vpc.vpc_id
}
resource "aws_lambda_function" "fn" {
  function_name    = "fn"
  role             = "arn:aws:iam::123456789012:role/fn"
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  filename         = "build/fn.zip"
  source_code_hash = filebase64sha256("build/fn.zip")
}
resource "aws_s3_bucket" "independent" {
  bucket = "independent"
}
`;

test('remote modules, missing modules and files that plan would make are listed with what they affect', async () => {
  const stack = await load({ 'root/main.tf': CONFIG });
  const skipped = stack.skipped ?? [];
  const by = (kind: string) => skipped.find((s) => s.kind === kind);
  assert.deepEqual(by('remote-module'), {
    kind: 'remote-module',
    source: 'terraform-aws-modules/vpc/aws',
    address: 'module.vpc',
    reason: by('remote-module')!.reason,
    location: { file: 'root/main.tf', line: 2 },
    affects: ['aws_security_group.app'],
    inputs: [],
  });
  assert.equal(by('missing-module')?.address, 'module.local_missing');
  assert.deepEqual(by('missing-file')?.affects, ['aws_lambda_function.fn']);
  assert.equal(by('missing-file')?.source, 'build/fn.zip');
  assert.ok(!skipped.some((s) => s.affects.includes('aws_s3_bucket.independent')));
});

test('a module that is not loaded affects the resources whose values it is given, followed through locals', async () => {
  const stack = await load({
    'root/main.tf': `
resource "aws_s3_bucket" "given" {
  bucket = "given"
}
resource "aws_s3_bucket" "apart" {
  bucket = "apart"
}
locals {
  bucket = aws_s3_bucket.given.id
}
module "policy" {
  source = "cloudposse/s3-bucket-policy/aws"
  bucket = local.bucket
}
`,
  });
  const skipped = stack.skipped!.find((s) => s.address === 'module.policy')!;
  assert.deepEqual(skipped.inputs, ['aws_s3_bucket.given']);
  assert.deepEqual(skipped.affects, ['aws_s3_bucket.given']);
});

test('a configuration with nothing skipped has no skipped list', async () => {
  const stack = await load({ 'root/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
  assert.equal(stack.skipped, undefined);
});

test('the text report lists what was not loaded', async () => {
  const stack = await load({ 'root/main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' });
  const text = renderText({ tool: { name: 'enclave', version: '0' }, generatedAt: '', stacks: [await verifyStack('root', stack)], failed: false });
  assert.match(text, /Not loaded \(a verdict that depends on these is not proven\):\n {2}remote-module terraform-aws-modules\/vpc\/aws \(root\/main\.tf:1\)/);
});
