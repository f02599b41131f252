// The stacks' package reference as the verifier reads it: `filename = ".../dist/functions/<name>.zip"` with
// `source_code_hash = filebase64sha256(...)`. The hash is Terraform's own (checked against `terraform console` on a
// binary file), a missing package is a load error naming it, as it is for Terraform, and the function is linked to
// its bundle's contract through the filename.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { proveContracts } from '../../../src/verifier/analysis/contracts/index.ts';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { terraformEnvironment } from '../../../src/local/terraform.ts';
import { errorsOf, tfDir } from '../../verifier/helpers.ts';

const terraformAvailable = (() => {
  try {
    execFileSync('terraform', ['version'], { env: terraformEnvironment(), stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('terraform is required under CI=true');
    return false;
  }
})();

/** A "package": bytes that are not valid UTF-8, so a text-based hash would differ. */
function writePackage(dir: string, name: string): Buffer {
  const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x80, 0x00]), randomBytes(4096)]);
  mkdirSync(join(dir, 'dist', 'functions'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'functions', `${name}.zip`), bytes);
  return bytes;
}

const FUNCTION = `
resource "aws_iam_role" "processor" {
  name               = "processor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_lambda_function" "processor" {
  function_name    = "processor"
  role             = aws_iam_role.processor.arn
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  filename         = "\${path.module}/dist/functions/processor.zip"
  source_code_hash = filebase64sha256("\${path.module}/dist/functions/processor.zip")
}
`;

test('filebase64sha256 hashes the file’s bytes, exactly as Terraform does', { skip: terraformAvailable ? false : 'terraform is not installed' }, async () => {
  const dir = await tfDir({ 'main.tf': 'output "hash" {\n  value = filebase64sha256("${path.module}/dist/functions/processor.zip")\n}\n' });
  const bytes = writePackage(dir, 'processor');
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(errorsOf(stack), []);
  const ours = stack.outputs.find((o) => o.name === 'hash')?.value;
  const terraforms = execFileSync('terraform', ['console'], { cwd: dir, input: 'filebase64sha256("dist/functions/processor.zip")\n', env: terraformEnvironment(), encoding: 'utf8' }).trim();
  assert.equal(ours, JSON.parse(terraforms));
  assert.equal(ours, createHash('sha256').update(bytes).digest('base64'));
});

test('a package that is not built is a load error naming it (terraform plan fails the same way)', async () => {
  const dir = await tfDir({ 'main.tf': FUNCTION });
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.ok(errorsOf(stack).some((e) => /source_code_hash: cannot read .*dist\/functions\/processor\.zip: ENOENT/.test(e)), errorsOf(stack).join('\n'));
});

test('the function is linked to the contract of the bundle its filename names', async () => {
  const dir = await tfDir({ 'main.tf': FUNCTION });
  writePackage(dir, 'processor');
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(errorsOf(stack), []);
  const [proof] = proveContracts(buildModel(stack).model);
  assert.equal(proof?.link.via, 'filename');
  assert.equal(proof?.link.bundle, 'processor');
  assert.ok(proof?.link.contract, `the processor's contract is found: ${proof?.link.problem ?? ''}`);
});
