// *.tf.json files and override files, read as Terraform reads them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { errors, load, output, resource } from './helpers.ts';

const HCL = `
variable "name" {
  type    = string
  default = "audit"
}
locals {
  bucket = "\${var.name}-logs"
  ports  = [443, 8443]
}
resource "aws_s3_bucket" "this" {
  bucket = local.bucket
  tags   = { Name = local.bucket, Tier = "audit" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}
resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
resource "aws_s3_bucket_versioning" "this" {
  count  = 2
  bucket = "\${aws_s3_bucket.this.id}-\${count.index}"
  versioning_configuration {
    status = "Enabled"
  }
  depends_on = [aws_s3_bucket.this]
}
output "bucket" { value = aws_s3_bucket.this.bucket }
`;

const JSON_CONFIG = {
  variable: { name: { type: 'string', default: 'audit' } },
  locals: { bucket: '${var.name}-logs', ports: [443, 8443] },
  resource: {
    aws_s3_bucket: { this: { bucket: '${local.bucket}', tags: { Name: '${local.bucket}', Tier: 'audit' } } },
    aws_s3_bucket_server_side_encryption_configuration: {
      this: { bucket: '${aws_s3_bucket.this.id}', rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true } },
    },
    aws_security_group: {
      web: {
        '//': 'comments are keys named //',
        name: 'web',
        dynamic: { ingress: { for_each: '${local.ports}', content: { from_port: '${ingress.value}', to_port: '${ingress.value}', protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] } } },
      },
    },
    aws_s3_bucket_versioning: {
      this: { count: 2, bucket: '${aws_s3_bucket.this.id}-${count.index}', versioning_configuration: [{ status: 'Enabled' }], depends_on: ['aws_s3_bucket.this'] },
    },
  },
  output: { bucket: { value: '${aws_s3_bucket.this.bucket}' } },
};

test('a *.tf.json configuration loads to the same resources as its HCL twin', async () => {
  const hcl = await load({ 'root/main.tf': HCL });
  const json = await load({ 'root/main.tf.json': JSON.stringify(JSON_CONFIG, null, 2) });
  assert.deepEqual(errors(json), []);
  assert.deepEqual(errors(hcl), []);
  const shape = (stack: typeof hcl) => stack.resources.map((r) => ({ address: r.address, attributes: r.attributes, dependsOn: r.dependsOn, syntax: r.syntax }));
  assert.deepEqual(shape(json), shape(hcl));
  assert.equal(output(json, 'bucket'), 'audit-logs');
  const sg = resource(json, 'aws_security_group.web');
  assert.equal((sg.attributes['ingress'] as unknown[]).length, 2);
  assert.equal(sg.locations['name']!.file, 'root/main.tf.json');
  assert.equal(sg.locations['name']!.line, JSON.stringify(JSON_CONFIG, null, 2).split('\n').findIndex((l) => l.includes('"name": "web"')) + 1);
});

test('a *.tf.json dynamic block inside a dynamic block\'s content generates nested blocks, as in HCL', async () => {
  const HCL_NESTED = `
variable "rules" {
  default = [{ id = "a", days = 30 }, { id = "b", days = null }]
}
resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = "b"
  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value.id
      status = "Enabled"
      filter {}
      dynamic "expiration" {
        for_each = rule.value.days == null ? [] : [rule.value.days]
        content {
          days = expiration.value
        }
      }
    }
  }
}
`;
  const JSON_NESTED = {
    variable: { rules: { default: [{ id: 'a', days: 30 }, { id: 'b', days: null }] } },
    resource: {
      aws_s3_bucket_lifecycle_configuration: {
        this: {
          bucket: 'b',
          dynamic: { rule: { for_each: '${var.rules}', content: { id: '${rule.value.id}', status: 'Enabled', filter: {}, dynamic: { expiration: { for_each: '${rule.value.days == null ? [] : [rule.value.days]}', content: { days: '${expiration.value}' } } } } } },
        },
      },
    },
  };
  const hcl = await load({ 'root/main.tf': HCL_NESTED });
  const json = await load({ 'root/main.tf.json': JSON.stringify(JSON_NESTED, null, 2) });
  assert.deepEqual(errors(json), []);
  assert.deepEqual(errors(hcl), []);
  const rules = (stack: typeof hcl) => resource(stack, 'aws_s3_bucket_lifecycle_configuration.this').attributes['rule'];
  assert.deepEqual(rules(json), rules(hcl));
  assert.deepEqual((rules(json) as { expiration?: unknown[] }[]).map((r) => r.expiration?.length ?? 0), [1, 0]);
});

test('a *.tf.json file with broken JSON is a load error with its line', async () => {
  const stack = await load({ 'root/main.tf.json': '{\n  "resource": {\n    "aws_s3_bucket": { "x": { "bucket": "a" } ,}\n  }\n}\n' });
  const [error] = errors(stack);
  assert.equal(error?.code, 'tf-json-syntax');
  assert.equal(error?.location?.line, 3);
});

test('override files replace arguments, replace nested blocks of a type, and merge lifecycle', async () => {
  const stack = await load({
    'root/main.tf': `
resource "aws_s3_bucket_versioning" "this" {
  bucket = "original"
  versioning_configuration {
    status = "Enabled"
  }
  lifecycle {
    prevent_destroy = true
  }
}
locals {
  retention = 365
  region    = "eu-west-1"
}
output "retention" { value = local.retention }
`,
    'root/override.tf': `
resource "aws_s3_bucket_versioning" "this" {
  versioning_configuration {
    status = "Suspended"
  }
}
locals {
  retention = 1
}
`,
    'root/z_override.tf.json': JSON.stringify({ resource: { aws_s3_bucket_versioning: { this: { bucket: 'from-json' } } } }),
  });
  assert.deepEqual(errors(stack), []);
  const versioning = resource(stack, 'aws_s3_bucket_versioning.this');
  assert.equal(versioning.attributes['bucket'], 'from-json', 'the later override file wins');
  assert.deepEqual(versioning.attributes['versioning_configuration'], [{ status: 'Suspended' }]);
  assert.equal(versioning.locations['versioning_configuration.0.status']!.file, 'root/override.tf', 'a finding points at the override that set it');
  assert.equal(versioning.locations['bucket']!.file, 'root/z_override.tf.json');
  assert.equal(output(stack, 'retention'), 1);
});

test('an override of a block no other file declares is an error, as in Terraform', async () => {
  const stack = await load({
    'root/main.tf': 'locals {\n  a = 1\n}\n',
    'root/override.tf': 'resource "aws_s3_bucket" "ghost" {\n  bucket = "x"\n}\n',
  });
  assert.deepEqual(errors(stack).map((d) => d.code), ['tf-override-missing-base']);
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

test('Terraform agrees: the same override and JSON files give the same local values and outputs', { skip: terraform ? false : 'terraform is not installed' }, async () => {
  const files: Record<string, string> = {
    'main.tf': 'locals {\n  a = 1\n  b = "x"\n}\nvariable "v" {\n  type    = string\n  default = "plain"\n}\n',
    'json.tf.json': JSON.stringify({
      locals: {
        c: '${local.b}-${var.v}', d: [1, '${local.a + 1}'], e: { k: '${upper(local.b)}' }, f: 'no $${interpolation}',
        // Inside ${…} and %{…} is an expression: its quotes are not the string's, and it may run over lines.
        g: '${ "x-${local.b}" }', h: '${ {k = "v"}.k }', i: 'a "quoted" ${local.b}', j: '${ merge(\n {a = 1},\n {b = 2}) }', k: '%{ if local.b == "y" }yes%{ else }no%{ endif }',
      },
    }),
    'override.tf': 'locals {\n  b = "y"\n}\n',
    'a_override.tf.json': JSON.stringify({ variable: { v: { default: '${not.a.template}' } } }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'enclave-override-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const expressions = ['local.a', 'local.b', 'local.c', 'local.d', 'local.e', 'local.f', 'local.g', 'local.h', 'local.i', 'local.j', 'local.k', 'var.v'];
  const run = spawnSync('terraform', ['console'], {
    cwd: dir,
    // The console prints only its last result: one tuple of them all.
    input: `jsonencode([${expressions.join(', ')}])\n`,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', NO_COLOR: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  const fromTerraform = JSON.parse(JSON.parse(run.stdout.trim()) as string) as unknown[];
  const ours = await load(Object.fromEntries([...Object.entries(files).map(([name, text]) => [`root/${name}`, text]), ['root/outputs.tf', expressions.map((e, i) => `output "o${i}" { value = ${e} }\n`).join('')]]));
  assert.deepEqual(errors(ours), []);
  assert.deepEqual(expressions.map((_, i) => output(ours, `o${i}`)), fromTerraform);
});

test('a *.tf.json resource carries a suppression in its "//" comment property', async () => {
  const stack = await load({
    'root/main.tf.json': JSON.stringify({ resource: { aws_kms_key: { k: { '//': 'enclave:ignore ENC-KMS-001 reason="imported key material cannot rotate" expires=2027-06-30', enable_key_rotation: false } } } }, null, 2),
  });
  assert.deepEqual(errors(stack), []);
  const [suppression] = resource(stack, 'aws_kms_key.k').suppressions;
  assert.equal(suppression?.ruleId, 'ENC-KMS-001');
  assert.equal(suppression?.reason, 'imported key material cannot rotate');
  assert.equal(suppression?.location.line, 5);
});

test('a required argument set only in an override file is still missing, as terraform validate says', async () => {
  const { validateStack } = await import('../../../../src/verifier/schema/index.ts');
  const files = {
    'main.tf': 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n}\nresource "aws_s3_bucket_policy" "q" {\n  bucket = "c"\n  policy = "{}"\n}\n',
    'override.tf': 'resource "aws_s3_bucket_policy" "p" {\n  policy = "{}"\n}\nresource "aws_s3_bucket_policy" "q" {\n  policy = "{\\"Version\\": \\"2012-10-17\\"}"\n}\n',
  };
  const stack = await load(Object.fromEntries(Object.entries(files).map(([name, text]) => [`root/${name}`, text])));
  const missing = validateStack(stack).filter((d) => d.code === 'schema-missing-argument');
  // p: policy only in the override; q: the override replaces a policy the block has.
  assert.deepEqual(missing.map((d) => d.message.split(':')[0]), ['aws_s3_bucket_policy.p']);
  const { PLUGIN_MIRROR, writeMirrorCliConfig } = await import('../../../../scripts/generate-tf-schema.ts');
  const { existsSync } = await import('node:fs');
  if (!terraform || !existsSync(PLUGIN_MIRROR)) return;
  const dir = mkdtempSync(join(tmpdir(), 'enclave-override-validate-'));
  writeFileSync(join(dir, 'versions.tf'), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "5.100.0" }\n  }\n}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: writeMirrorCliConfig(dir), TF_IN_AUTOMATION: '1' };
  assert.equal(spawnSync('terraform', ['init', '-backend=false', '-input=false'], { cwd: dir, env, encoding: 'utf8' }).status, 0);
  const validate = spawnSync('terraform', ['validate', '-json'], { cwd: dir, env, encoding: 'utf8' });
  const report = JSON.parse(validate.stdout) as { diagnostics: { summary: string; detail: string; range?: { start: { line: number } } }[] };
  assert.deepEqual(report.diagnostics.map((d) => `${d.summary} ${d.range?.start.line}`), ['Missing required argument 1']);
});
