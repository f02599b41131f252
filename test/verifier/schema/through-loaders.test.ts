// Schema validation through the real Terraform loader: each kind of error at its file:line, and no false error on
// any environment, module or module example of ours.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCloudFormation } from '../../../src/verifier/load/cloudformation/index.ts';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { validateStack } from '../../../src/verifier/schema/index.ts';

const root = new URL('../../../', import.meta.url).pathname;

async function validateHcl(hcl: string) {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-schema-'));
  await writeFile(join(dir, 'main.tf'), hcl);
  // These cases are facts of provider 5 (deprecations, arguments 6.0 removed).
  await writeFile(
    join(dir, 'versions.tf'),
    'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n',
  );
  const stack = await loadTerraform(dir, { cwd: dir });
  assert.deepEqual(
    stack.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the HCL itself loads',
  );
  return validateStack(stack).map((d) => ({
    code: d.code,
    line: d.location?.line,
    file: d.location?.file,
    message: d.message,
    severity: d.severity,
  }));
}

describe('Terraform schema validation through the loader', () => {
  test('each kind of error is reported at the line it was written on', async () => {
    const diagnostics = await validateHcl(`resource "aws_s3_bucket" "raw" {
  bucket = "s3-raw-data-dev"
}

resource "aws_s3_bucket_versioning" "raw" {
  bucket = aws_s3_bucket.raw.id
  versioning_configuration = {
    status = "Enabled"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/aws/lambda/x"
  retention_in_days = "forever"
  kms_key           = "alias/logs"
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  runtime       = "nodejs22.x"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  environment {
    variables = { BUCKET = aws_s3_bucket.raw.bucket_arn }
  }
}

resource "aws_eip" "nat" {
  vpc = true
}
`);
    const find = (code: string, text: string) => diagnostics.find((d) => d.code === code && d.message.includes(text));
    assert.equal(find('schema-attribute-not-expected', 'versioning_configuration')?.line, 7);
    assert.equal(find('schema-type-mismatch', 'retention_in_days')?.line, 14);
    const unknownArgument = find('schema-unknown-argument', '"kms_key"');
    assert.equal(unknownArgument?.line, 15);
    assert.match(unknownArgument!.message, /did you mean "kms_key_id"/);
    assert.equal(find('schema-missing-argument', '"role"')?.line, 18);
    assert.equal(find('schema-missing-argument', '"security_group_ids"')?.line, 21);
    assert.equal(find('schema-unknown-attribute', '"bucket_arn"')?.line, 25);
    assert.equal(find('schema-deprecated-argument', '"vpc"')?.severity, 'warning');
    assert.equal(find('schema-deprecated-argument', '"vpc"')?.line, 30);
    assert.equal(find('schema-unknown-argument', '"vpc"'), undefined, 'deprecated is not unknown');
    assert.ok(diagnostics.every((d) => d.file === 'main.tf'));
  });

  test('attributes of list-of-object type may be written as blocks (attributes-as-blocks), other attributes may not', async () => {
    const diagnostics = await validateHcl(`resource "aws_route_table" "private" {
  vpc_id = "vpc-1"
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = "nat-1"
  }
}
resource "aws_security_group" "app" {
  name = "app"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  tags {
    Name = "app"
  }
}
`);
    assert.deepEqual(
      diagnostics.map((d) => `${d.line} ${d.code}`),
      ['16 schema-block-not-expected'],
    );
  });

  test('a block written with the wrong name inside a dynamic block is caught', async () => {
    const diagnostics = await validateHcl(`variable "rules" {
  type    = list(object({ days = number }))
  default = [{ days = 30 }]
}
resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = "b"
  dynamic "rule" {
    for_each = var.rules
    content {
      id     = "r"
      status = "Enabled"
      filter {}
      transitions {
        days          = rule.value.days
        storage_class = "GLACIER"
      }
    }
  }
}
`);
    const wrong = diagnostics.find((d) => d.message.includes('"transitions"'));
    assert.ok(wrong, JSON.stringify(diagnostics));
    assert.match(wrong.message, /did you mean "transition"/);
    assert.equal(wrong.line, 13);
  });
});

describe('no false error on our own infrastructure', () => {
  const dirs: string[] = [];
  for (const base of ['infra/terraform/stacks', 'infra/terraform/modules']) {
    if (!existsSync(join(root, base))) continue;
    for (const entry of readdirSync(join(root, base), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const name = entry.name;
      dirs.push(`${base}/${name}`);
      const examples = join(root, base, name, 'examples');
      if (existsSync(examples)) {
        for (const example of readdirSync(examples, { withFileTypes: true }))
          if (example.isDirectory()) dirs.push(`${base}/${name}/examples/${example.name}`);
      }
    }
  }
  for (const dir of dirs) {
    test(`${dir} loads and validates with no error`, async () => {
      const stack = await loadTerraform(dir, { cwd: root });
      const errors = [...stack.diagnostics, ...validateStack(stack)]
        .filter((d) => d.severity === 'error' || (d.severity === 'warning' && d.code.startsWith('schema-')))
        .map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`);
      assert.deepEqual(errors, []);
    });
  }
  test('infra/cloudformation/payment-files.json validates with no error', async (t) => {
    if (!existsSync(join(root, 'infra/cloudformation/payment-files.json'))) return t.skip('template not present');
    const stack = await loadCloudFormation('infra/cloudformation/payment-files.json', {
      cwd: root,
      region: 'us-east-1',
    });
    const errors = [...stack.diagnostics, ...validateStack(stack)]
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.location?.line} ${d.code} ${d.message}`);
    assert.deepEqual(errors, []);
  });
});
