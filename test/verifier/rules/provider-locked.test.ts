// ENC-TF-001 (issue 15, defect 16): a Terraform root without a committed lock file lets terraform init pick the
// provider on the day it runs; the lock file pins it.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { providerLocked } from '../../../src/verifier/rules/terraform/provider-locked.ts';
import { verify } from '../../../src/verifier/verify.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const VERSIONS = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
`;
const MAIN = 'resource "aws_sqs_queue" "q" { name = "q" }\n';
const LOCK = `provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = "~> 5.0"
}
`;

test('ENC-TF-001: no lock file fails at the constraint it leaves open; a lock pinning hashicorp/aws passes', async () => {
  const open = judge(providerLocked, await tfModel({ 'versions.tf': VERSIONS, 'main.tf': MAIN }));
  assert.equal(open.verdict, 'non-compliant', open.messages);
  assert.match(
    open.messages,
    /has no \.terraform\.lock\.hcl pinning hashicorp\/aws: terraform init installs whatever the constraints "~> 5\.0" \(.*versions\.tf:4\) allow/,
  );
  const locked = judge(
    providerLocked,
    await tfModel({ 'versions.tf': VERSIONS, 'main.tf': MAIN, '.terraform.lock.hcl': LOCK }),
  );
  assert.equal(locked.verdict, 'compliant', locked.messages);
  assert.match(locked.messages, /pins hashicorp\/aws 5\.100\.0/);
  // A lock file that pins only other providers does not pin this one.
  const other = judge(
    providerLocked,
    await tfModel({
      'versions.tf': VERSIONS,
      'main.tf': MAIN,
      '.terraform.lock.hcl': LOCK.replace('hashicorp/aws', 'hashicorp/random'),
    }),
  );
  assert.equal(other.verdict, 'non-compliant', other.messages);
});

test('ENC-TF-001 has nothing to judge in a CloudFormation template', async () => {
  const r = judge(providerLocked, await cfnModel({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: {} } } }));
  assert.equal(r.verdict, 'not-applicable');
});

test('defect 16, old form: isolated-processing without its lock file fails ENC-TF-001; as committed it passes', async () => {
  const root = resolve(new URL('../../..', import.meta.url).pathname);
  const work = await mkdtemp(join(tmpdir(), 'enclave-tf001-'));
  try {
    await cp(join(root, 'infra'), join(work, 'infra'), {
      recursive: true,
      filter: (p) => !/(^|\/)\.terraform(\/|$)/.test(p),
    });
    const env = 'infra/terraform/stacks/isolated-processing';
    const outcome = async () =>
      (await verify([env], { cwd: work, contracts: [root] })).stacks[0]!.run!.outcomes.find(
        (o) => o.id === 'ENC-TF-001',
      )!;
    assert.equal((await outcome()).verdict, 'compliant');
    await rm(join(work, env, '.terraform.lock.hcl'));
    const old = await outcome();
    assert.equal(old.verdict, 'non-compliant');
    assert.match(old.checks[0]!.message, /terraform init installs whatever the constraints ">= 5\.88\.0, < 6\.0\.0"/);
    assert.match(old.checks[0]!.location!.file, /versions\.tf$/);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
