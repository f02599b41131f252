// Names AWS limits, judged as written and with every bounded input at the longest value its declaration accepts.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { longestAccepted } from '../../../src/verifier/load/inputs.ts';
import { awsNameLimits } from '../../../src/verifier/rules/names/aws-name-limits.ts';
import type { Verdict } from '../../../src/verifier/rules/types.ts';
import { loadPath, verifyStack } from '../../../src/verifier/verify.ts';
import { tfDir } from '../helpers.ts';

const pack = { id: 'names', title: 'names', entries: [{ rule: awsNameLimits, severity: awsNameLimits.severity }] };

async function judgePath(path: string, cwd: string): Promise<{ verdict: Verdict; messages: string }> {
  const stack = await loadPath(path, { cwd });
  const v = await verifyStack(path, stack, { cwd, pack, load: { cwd } });
  const outcome = v.run!.outcomes[0]!;
  return { verdict: outcome.verdict, messages: outcome.checks.map((c) => `${c.verdict}: ${c.message}`).join('\n') };
}

async function tf(hcl: string) {
  const dir = await tfDir({ 'main.tf': hcl });
  return judgePath('.', dir);
}

async function cfn(template: object) {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-names-'));
  await writeFile(join(dir, 'template.json'), JSON.stringify(template, null, 2));
  return judgePath('template.json', dir);
}

const role = (suffix: string) => `
variable "suffix" {
  type    = string
  default = "dev"
  ${suffix}
}
resource "aws_iam_role" "processor" {
  name               = "payment-processing-processor-exec-role-\${var.suffix}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}`;

describe('ENC-NAME-001 names fit AWS limits at the longest inputs', () => {
  test('longest value a declaration accepts, found by asking it', () => {
    assert.equal(longestAccepted((c) => /^[a-z0-9][a-z0-9-]{0,19}$/.test(c)).longest?.length, 20);
    assert.equal(longestAccepted((c) => /^[a-z]{2,12}$/.test(c)).longest, 'aaaaaaaaaaaa');
    assert.equal(longestAccepted(() => true).unbounded, true);
  });
  test('Terraform: a suffix validated to 12 characters keeps the role name within 64: compliant', async () => {
    const r = await tf(
      role(
        'validation {\n    condition     = can(regex("^[a-z0-9]{2,12}$", var.suffix))\n    error_message = "2-12 characters"\n  }',
      ),
    );
    assert.equal(r.verdict, 'compliant', r.messages);
  });
  test('Terraform: a suffix validated to 30 characters makes the role name 69: non-compliant, although "dev" fits', async () => {
    const r = await tf(
      role('validation {\n    condition     = length(var.suffix) <= 30\n    error_message = "at most 30"\n  }'),
    );
    assert.equal(r.verdict, 'non-compliant', r.messages);
    assert.match(
      r.messages,
      /IAM role name is 69 characters, over the 64 AWS allows with the longest inputs the validation accepts \(suffix = 30 characters\)/,
    );
  });
  test('Terraform: a security group named sg-… is refused as written; a name from a variable without default is unknown', async () => {
    const sg = (name: string) =>
      `variable "name" { type = string }\nresource "aws_security_group" "app" {\n  name = ${name}\n}`;
    const bad = await tf(sg('"sg-app-dev"'));
    assert.equal(bad.verdict, 'non-compliant', bad.messages);
    assert.match(bad.messages, /has the prefix sg-/);
    assert.equal((await tf(sg('var.name'))).verdict, 'unknown');
  });
  test('CloudFormation: an AllowedPattern allowing 20 characters pushes a role name to 65; a 63-character bucket name fits', async () => {
    const template = (roleBase: string) => ({
      Parameters: {
        EnvironmentSuffix: { Type: 'String', Default: 'dev', AllowedPattern: '^[a-z0-9][a-z0-9-]{0,19}$' },
      },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: { 'Fn::Sub': `${roleBase}-\${EnvironmentSuffix}` },
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
          },
        },
        Audit: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: { 'Fn::Sub': 'payment-processing-audit-logs-${EnvironmentSuffix}-${AWS::AccountId}' },
          },
        },
      },
    });
    const long = await cfn(template('payment-processing-log-archive-delivery-role'));
    assert.equal(long.verdict, 'non-compliant', long.messages);
    assert.match(long.messages, /IAM role name is 65 characters/);
    assert.match(long.messages, /compliant: Audit's S3 bucket name fits AWS's limits \(63 of 63/);
    assert.equal((await cfn(template('payment-log-archive-role'))).verdict, 'compliant');
  });
  test('CloudFormation: a role name from a parameter without any bound or default is unknown', async () => {
    const r = await cfn({
      Parameters: { Name: { Type: 'String' } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: { Ref: 'Name' }, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
        },
      },
    });
    assert.equal(r.verdict, 'unknown', r.messages);
  });
});

describe('ENC-NAME-001 with a name_prefix (the provider appends a 26-character unique id)', () => {
  test('a role name_prefix of 38 characters reaches 64: passes; of 39 it reaches 65: fails', async () => {
    const prefixed = (prefix: string) => `
resource "aws_iam_role" "r" {
  name_prefix        = "${prefix}"
  assume_role_policy = "{}"
}`;
    assert.equal((await tf(prefixed('p'.repeat(38)))).verdict, 'compliant');
    const long = await tf(prefixed('p'.repeat(39)));
    assert.equal(long.verdict, 'non-compliant', long.messages);
    assert.match(long.messages, /65/);
  });
});
