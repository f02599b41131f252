// What was not loaded (registry modules, nested stacks, files plan would make) makes every verdict it could change
// unknown, and every report lists it: a stack made only of registry modules must not read as a clean one.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli/main.ts';
import { renderHtml } from '../../../src/verifier/report/html.ts';
import { reportObject } from '../../../src/verifier/report/json.ts';
import { sarifObject } from '../../../src/verifier/report/sarif.ts';
import { renderText } from '../../../src/verifier/report/text.ts';
import { verify } from '../../../src/verifier/verify.ts';

async function dir(files: Record<string, string>): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'enclave-not-loaded-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(d, name), text);
  return d;
}

function io(cwd: string) {
  const out: string[] = [];
  return { io: { cwd, stdout: { write: (s: string) => (out.push(s), true) }, stderr: { write: () => true } }, out };
}

const REGISTRY_ONLY = `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"
  name    = "main"
  cidr    = "10.0.0.0/16"
}
module "bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.11.0"
  bucket  = "payments"
}
`;

test('a stack made only of registry modules is not PASSED: every rule is unknown, exit 1, and every report lists the modules', async () => {
  // The provider pinned (ENC-TF-001), so that only what was not loaded decides.
  const d = await dir({
    'main.tf': REGISTRY_ONLY,
    '.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n',
  });
  const cli = io(d);
  assert.equal(await main(['verify', '.'], cli.io), 1);
  const text = cli.out.join('');
  assert.match(text, /\nFAILED: 0 rules compliant, 0 non-compliant, \d+ unknown, 0 not applicable/);
  assert.match(text, /Not loaded[^\n]*\n {2}remote-module terraform-aws-modules\/vpc\/aws \(main\.tf:2\)/);

  const v = await verify(['.'], { cwd: d });
  const s = v.stacks[0]!;
  assert.equal(s.failed, true);
  for (const o of s.run!.outcomes) {
    assert.equal(o.verdict, 'unknown', o.id);
    // ENC-TF-001 judges the root itself (its lock file) as well: a module not loaded may constrain the provider too.
    assert.deepEqual(
      o.checks.map((c) => c.resource).sort(),
      o.id === 'ENC-TF-001' ? ['.', 'module.bucket', 'module.vpc'] : ['module.bucket', 'module.vpc'],
    );
  }
  const json = reportObject(v).stacks[0]!;
  assert.deepEqual(
    json.notLoaded.map((x) => x.address),
    ['module.vpc', 'module.bucket'],
  );
  const sarif = sarifObject(v).runs[0]!.results as { ruleId: string; message: { text: string } }[];
  assert.equal(sarif.filter((r) => r.ruleId === 'ENC-NOT-LOADED').length, 2);
  assert.match(
    sarif.find((r) => r.ruleId === 'ENC-NOT-LOADED')!.message.text,
    /remote-module terraform-aws-modules\/vpc\/aws was not loaded/,
  );
  const html = renderHtml(v);
  assert.match(html, /<h3>Not loaded<\/h3>[\s\S]*terraform-aws-modules\/s3-bucket\/aws/);
  assert.match(renderText(v), /remote-module terraform-aws-modules\/s3-bucket\/aws/);
});

test('a pass on a resource given to a module that is not loaded is unknown; one holding its outputs is judged on what it reads; a finding stays a finding', async () => {
  const d = await dir({
    'main.tf': `
resource "aws_kms_key" "given" {
  enable_key_rotation = true
}
resource "aws_kms_key" "taken" {
  enable_key_rotation = true
  description         = module.label.id
}
resource "aws_kms_key" "bad" {
  enable_key_rotation = false
  description         = module.label.id
}
resource "aws_kms_key" "apart" {
  enable_key_rotation = true
}
locals {
  key = aws_kms_key.given.arn
}
module "label" {
  source  = "cloudposse/label/null"
  key_arn = local.key
}
`,
  });
  const v = await verify(['.'], { cwd: d });
  const rotation = v.stacks[0]!.run!.outcomes.find((o) => o.id === 'ENC-KMS-001')!;
  const by = (resource: string) => rotation.checks.find((c) => c.resource === resource)!;
  assert.equal(by('aws_kms_key.given').verdict, 'unknown');
  assert.match(
    by('aws_kms_key.given').message,
    /depends on remote-module cloudposse\/label\/null, which was not loaded/,
  );
  // Its description comes from the module (a named unknown); its rotation does not.
  assert.equal(by('aws_kms_key.taken').verdict, 'compliant');
  assert.equal(by('aws_kms_key.bad').verdict, 'non-compliant');
  assert.equal(by('aws_kms_key.apart').verdict, 'compliant');
  // The module could create a key of its own that does not rotate.
  assert.equal(by('module.label').verdict, 'unknown');
  assert.equal(rotation.verdict, 'non-compliant');
  assert.deepEqual(v.stacks[0]!.stack!.skipped![0]!.affects, [
    'aws_kms_key.bad',
    'aws_kms_key.given',
    'aws_kms_key.taken',
  ]);
});

test("a file plan would make is an unknown where it is read, and nothing more: the function's runtime is still judged", async () => {
  const d = await dir({
    'main.tf': `
resource "aws_lambda_function" "fn" {
  function_name    = "fn"
  role             = "arn:aws:iam::123456789012:role/fn"
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  filename         = "build/fn.zip"
  source_code_hash = filebase64sha256("build/fn.zip")
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
`,
  });
  const v = await verify(['.'], { cwd: d });
  const outcomes = v.stacks[0]!.run!.outcomes;
  assert.equal(outcomes.find((o) => o.id === 'ENC-KMS-001')!.verdict, 'compliant');
  const runtime = outcomes.find((o) => o.id === 'ENC-LAMBDA-003')!;
  assert.equal(runtime.checks.find((c) => c.resource === 'aws_lambda_function.fn')!.verdict, 'compliant');
  assert.deepEqual(
    v.stacks[0]!.stack!.skipped!.map((s) => s.affects),
    [['aws_lambda_function.fn']],
  );
  assert.match(renderText(v), /missing-file build\/fn\.zip[^\n]*affects aws_lambda_function\.fn/);
});

test('CloudFormation: a nested stack that is not loaded makes every rule unknown', async () => {
  const d = await dir({
    't.json': JSON.stringify({
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Given: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Network: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: {
            TemplateURL: 'https://example.com/network.yaml',
            Parameters: { KeyArn: { 'Fn::GetAtt': ['Given', 'Arn'] } },
          },
        },
      },
    }),
  });
  const v = await verify(['t.json'], { cwd: d });
  const s = v.stacks[0]!;
  assert.equal(s.failed, true);
  assert.ok(s.stack!.skipped!.some((x) => x.kind === 'nested-stack'));
  const rotation = s.run!.outcomes.find((o) => o.id === 'ENC-KMS-001')!;
  assert.equal(rotation.verdict, 'unknown');
  assert.equal(rotation.checks.find((c) => c.resource === 'Key')!.verdict, 'compliant');
  // The nested stack is given this key: its template may change the key's policy or rotation.
  assert.equal(rotation.checks.find((c) => c.resource === 'Given')!.verdict, 'unknown');
});
