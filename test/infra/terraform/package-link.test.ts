// The stacks' package reference as the verifier reads it: `filename = ".../dist/functions/<name>.zip"` with
// `source_code_hash = filebase64sha256(...)`. The hash is Terraform's own (checked against `terraform console` on a
// binary file), and the function is linked to its bundle's contract through the filename. A package that is not
// built is an unknown hash to the verifier (a file the plan could still make), so deploy:local refuses the missing
// build itself, before Terraform.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { terraformEnvironment } from '../../../src/local/terraform.ts';
import { MissingBuildError, checkBuild } from '../../../src/local/deploy-terraform.ts';
import { analysisOf, errorsOf, readModelContracts, tfDir } from '../../verifier/helpers.ts';

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

test('filebase64sha256 hashes the file’s bytes, exactly as Terraform does', {
  skip: terraformAvailable ? false : 'terraform is not installed',
}, async () => {
  const dir = await tfDir({
    'main.tf': 'output "hash" {\n  value = filebase64sha256("${path.module}/dist/functions/processor.zip")\n}\n',
  });
  const bytes = writePackage(dir, 'processor');
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(errorsOf(stack), []);
  const ours = stack.outputs.find((o) => o.name === 'hash')?.value;
  const terraforms = execFileSync('terraform', ['console'], {
    cwd: dir,
    input: 'filebase64sha256("dist/functions/processor.zip")\n',
    env: terraformEnvironment(),
    encoding: 'utf8',
  }).trim();
  assert.equal(ours, JSON.parse(terraforms));
  assert.equal(ours, createHash('sha256').update(bytes).digest('base64'));
});

test('a package that is not built: an unknown hash to the verifier, a refused build to deploy:local', async () => {
  const dir = await tfDir({ 'main.tf': FUNCTION });
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(errorsOf(stack), []);
  const fn = stack.resources.find((r) => r.address === 'aws_lambda_function.processor')!;
  assert.match(JSON.stringify(fn.attributes.source_code_hash), /"kind":"unknown".*dist\/functions\/processor\.zip/);
  assert.throws(() => checkBuild('isolated-processing', join(dir, 'dist', 'functions')), MissingBuildError);
});

test('the function is linked to the contract of the bundle its filename names', async () => {
  const dir = await tfDir({ 'main.tf': FUNCTION });
  writePackage(dir, 'processor');
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(errorsOf(stack), []);
  const [proof] = analysisOf(await readModelContracts(buildModel(stack).model)).contracts;
  assert.equal(proof?.link.via, 'filename');
  assert.equal(proof?.link.bundle, 'processor');
  assert.ok(proof?.link.contract, `the processor's contract is found: ${proof?.link.problem ?? ''}`);
});
