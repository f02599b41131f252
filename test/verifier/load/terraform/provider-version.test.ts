// The AWS provider a configuration runs with, chosen as terraform init chooses it, and the schema it is validated
// against.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allows } from '../../../../src/verifier/load/terraform/provider-version.ts';
import { validateStack } from '../../../../src/verifier/schema/index.ts';
import { load } from './helpers.ts';

const versions = (constraint: string) =>
  `terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "${constraint}"\n    }\n  }\n}\n`;
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  region = "eu-west-1"\n}\n';

test('version constraints as Terraform reads them', () => {
  assert.equal(allows('~> 5.0', '5.100.0'), true);
  assert.equal(allows('~> 5.0', '6.25.0'), false);
  assert.equal(allows('~> 5.46.0', '5.100.0'), false);
  assert.equal(allows('>= 5.46', '6.25.0'), true);
  assert.equal(allows('>= 5.0, < 6.0', '6.25.0'), false);
  assert.equal(allows('!= 5.100.0', '5.100.0'), false);
  assert.equal(allows('5.100.0', '5.100.0'), true);
  assert.equal(allows('> 6', '6.25.0'), true);
  assert.equal(allows('not a constraint', '6.25.0'), undefined);
});

for (const [constraint, expected] of [
  ['~> 5.0', '5.100.0'],
  ['>= 5.46', '6.25.0'],
  ['>= 5.0, < 6.0', '5.100.0'],
  ['~> 6.0', '6.25.0'],
] as const) {
  test(`required_providers "${constraint}" → AWS provider ${expected}`, async () => {
    const stack = await load({ 'root/versions.tf': versions(constraint), 'root/main.tf': BUCKET });
    assert.equal(stack.providerSchema?.version, expected);
    assert.match(stack.providerSchema!.reason, /newest version the required_providers constraints/);
  });
}

test('a constraint in a child module narrows the choice too; the lock file decides over constraints', async () => {
  const child = await load({
    'root/main.tf': 'module "m" {\n  source = "./m"\n}\n',
    'root/versions.tf': versions('>= 5.0'),
    'root/m/versions.tf': versions('< 6.0'),
    'root/m/main.tf': '',
  });
  assert.equal(child.providerSchema?.version, '5.100.0');
  const lock =
    'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  constraints = ">= 5.0"\n}\n';
  const locked = await load({
    'root/versions.tf': versions('>= 5.0'),
    'root/main.tf': BUCKET,
    'root/.terraform.lock.hcl': lock,
  });
  assert.equal(locked.providerSchema?.version, '5.100.0');
  assert.equal(locked.providerSchema?.reason, 'root/.terraform.lock.hcl pins hashicorp/aws 5.100.0');
});

test('no constraint at all: terraform init installs the newest provider, so provider 6', async () => {
  const stack = await load({ 'root/main.tf': BUCKET });
  assert.equal(stack.providerSchema?.major, 6);
});

test('a constraint no known provider meets is said, and 5.100.0 is used', async () => {
  const stack = await load({
    'root/versions.tf': versions('~> 4.0'),
    'root/main.tf': 'resource "aws_s3_bucket" "b" {}\n',
  });
  assert.equal(stack.providerSchema?.version, '5.100.0');
  assert.ok(stack.diagnostics.some((d) => d.code === 'tf-provider-version-unknown'));
});

test('provider 6 code validates against the provider 6 schema, and is an error under provider 5', async () => {
  const six = await load({ 'root/versions.tf': versions('~> 6.0'), 'root/main.tf': BUCKET });
  assert.deepEqual(
    validateStack(six).filter((d) => d.severity === 'error'),
    [],
  );
  const five = await load({ 'root/versions.tf': versions('~> 5.0'), 'root/main.tf': BUCKET });
  const errors = validateStack(five).filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => d.code),
    ['schema-read-only-argument'],
    'provider 5 computes region itself',
  );
  assert.match(errors[0]!.message, /region/);
});

test('the same code in *.tf.json selects the same schema', async () => {
  const json = JSON.stringify({
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.0' } } },
    resource: { aws_s3_bucket: { b: { bucket: 'b', region: 'eu-west-1' } } },
  });
  const stack = await load({ 'root/main.tf.json': json });
  assert.equal(stack.providerSchema?.major, 6);
  assert.deepEqual(
    validateStack(stack).filter((d) => d.severity === 'error'),
    [],
  );
});
