import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../src/cli/main.ts';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      cwd,
      stdout: { write: (s: string) => (out.push(s), true) },
      stderr: { write: (s: string) => (err.push(s), true) },
    },
    out,
    err,
  };
}

// A key whose policy names who may rewrite it (the deploying role), not the account root: ENC-KMS-005.
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Administration',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
      Action: ['kms:Describe*', 'kms:EnableKeyRotation'],
      Resource: '*',
    },
    {
      Sid: 'PolicyByDeployer',
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/deployer' } },
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
    },
  ],
};
const CLEAN = {
  Resources: { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: KEY_POLICY } } },
};
const DIRTY = { Resources: { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } };

// The provider pinned, as ENC-TF-001 asks of every Terraform root.
const AWS_LOCK =
  'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  constraints = ">= 5.88.0, < 6.0.0"\n}\n';

async function dir(files: Record<string, string>) {
  const d = await mkdtemp(join(tmpdir(), 'enclave-cli-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(d, name), text);
  return d;
}

describe('enclave CLI', () => {
  test('help exits 0, no command exits 2, unknown command and option exit 2', async () => {
    const a = io('/');
    assert.equal(await main(['--help'], a.io), 0);
    assert.match(a.out.join(''), /Usage: enclave <command>[\s\S]*verify <path>/);
    assert.equal(await main([], io('/').io), 2);
    assert.equal(await main(['frobnicate'], io('/').io), 2);
    assert.equal(await main(['verify', '--colour', 'x', 'a.json'], io('/').io), 2);
    assert.equal(await main(['verify'], io('/').io), 2);
  });

  test('--version reports the version packages/cli/package.json declares', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../packages/cli/package.json', import.meta.url), 'utf8'));
    const a = io('/');
    assert.equal(await main(['--version'], a.io), 0);
    assert.equal(a.out.join(''), `enclave ${manifest.version}\n`);
  });

  test('verify: exit 0 on a clean template, 1 on findings, 2 on invalid JSON', async () => {
    const d = await dir({
      'clean.json': JSON.stringify(CLEAN),
      'dirty.json': JSON.stringify(DIRTY),
      'broken.json': '{ "Resources": ',
    });
    const clean = io(d);
    assert.equal(await main(['verify', 'clean.json'], clean.io), 0, clean.out.join(''));
    assert.match(clean.out.join(''), /PASSED/);
    const dirty = io(d);
    assert.equal(await main(['verify', 'dirty.json'], dirty.io), 1);
    assert.match(dirty.out.join(''), /ENC-KMS-001.*\n.*dirty\.json:\d+ K: K does not rotate/);
    assert.equal(await main(['verify', 'broken.json'], io(d).io), 2);
  });

  test('verify a Terraform directory with --var overriding a variable, and --format json --out', async () => {
    const policy =
      'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/deployer" }, Action = "kms:PutKeyPolicy", Resource = "*" }] })';
    const d = await dir({
      '.terraform.lock.hcl': AWS_LOCK,
      'main.tf': `data "aws_caller_identity" "current" {}\nvariable "rotate" {\n  type    = bool\n  default = true\n}\nresource "aws_kms_key" "k" {\n  enable_key_rotation = var.rotate\n  policy              = ${policy}\n}\n`,
    });
    assert.equal(await main(['verify', '.'], io(d).io), 0);
    const r = io(d);
    assert.equal(
      await main(['verify', '.', '--var', 'rotate=false', '--format', 'json', '--out', 'report.json'], r.io),
      1,
    );
    const report = JSON.parse(await readFile(join(d, 'report.json'), 'utf8'));
    assert.equal(report.failed, true);
    const rule = report.stacks[0].rules.find((x: { id: string }) => x.id === 'ENC-KMS-001');
    assert.equal(rule.verdict, 'non-compliant');
    assert.equal(rule.checks[0].location.file, 'main.tf');
    assert.match(report.stacks[0].files[0].sha256, /^[0-9a-f]{64}$/);
  });

  test('model --format json prints the evaluated model', async () => {
    const d = await dir({ 't.json': JSON.stringify(CLEAN) });
    const r = io(d);
    assert.equal(await main(['model', 't.json', '--format', 'json'], r.io), 0);
    const model = JSON.parse(r.out.join(''));
    assert.equal(model.keys[0].address, 'K');
    assert.equal(model.keys[0].rotation.value, true);
    assert.equal(model.keys[0].rotation.provenance, 'explicit');
  });
});

describe('enclave CLI: exit codes and timings', () => {
  test('an unreadable input (HCL syntax error, nesting too deep to load, missing path) exits 2, as the loader marks it', async () => {
    const d = await dir({ 'main.tf': 'resource "aws_kms_key" "k" {\n  enable_key_rotation = \n' });
    const r = io(d);
    assert.equal(await main(['verify', '.'], r.io), 2, r.out.join(''));
    assert.match(r.out.join(''), /hcl-syntax/);
    assert.equal(await main(['verify', 'no-such-template.json'], io(d).io), 2);
    const deep = await dir({ 'main.tf': `locals {\n  a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n}\n` });
    const rd = io(deep);
    assert.equal(await main(['verify', '.'], rd.io), 2, rd.out.join(''));
    assert.match(rd.out.join(''), /hcl-too-deep/);
  });

  test('--timings prints the time of every stage to stderr', async () => {
    const d = await dir({ 't.json': JSON.stringify(CLEAN) });
    const r = io(d);
    assert.equal(await main(['verify', 't.json', '--timings'], r.io), 0);
    const line = r.err.join('');
    for (const stage of ['startup', 'load', 'validate', 'model', 'analysis', 'rules', 'report'])
      assert.match(line, new RegExp(`${stage}=\\d+\\.\\d`), stage);
  });
});

test('verify --contracts <dir> (repeatable) names where the function contracts are', async () => {
  const { verifyOptions } = await import('../../../src/cli/commands/verify.ts');
  assert.deepEqual(verifyOptions(['stack', '--contracts', '../app', '--contracts=../lib'], '/').contracts, [
    '../app',
    '../lib',
  ]);
  assert.equal(verifyOptions(['stack'], '/').contracts, undefined);
});
