// Prints how long the Terraform loader (and schema validation) takes on generated configurations of 1,000,
// 2,000 and 5,000 resources across 50 modules. A script that prints figures, not a test:
//   npx tsx test/verifier/load/terraform/measure-load.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTerraform } from '../../../../src/verifier/load/terraform/index.ts';
import { validateTerraform } from '../../../../src/verifier/schema/terraform.ts';
import { loadProviderSchema } from '../../../../src/verifier/schema/provider-schema.ts';

const MODULES = 50;

/**
 * Ten resources and data sources per group: a bucket with its settings and policy, a security group, a log group, a
 * role.
 */
function group(i: number): string {
  return `
resource "aws_s3_bucket" "b${i}" {
  bucket = "\${var.prefix}-b${i}"
  tags   = merge(var.tags, { Index = "${i}" })
}
resource "aws_s3_bucket_versioning" "b${i}" {
  bucket = aws_s3_bucket.b${i}.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_public_access_block" "b${i}" {
  bucket                  = aws_s3_bucket.b${i}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b${i}" {
  bucket = aws_s3_bucket.b${i}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}
data "aws_iam_policy_document" "b${i}" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b${i}.arn, "\${aws_s3_bucket.b${i}.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket_policy" "b${i}" {
  bucket = aws_s3_bucket.b${i}.id
  policy = data.aws_iam_policy_document.b${i}.json
}
resource "aws_security_group" "s${i}" {
  name   = "\${var.prefix}-s${i}"
  vpc_id = var.vpc_id
  dynamic "egress" {
    for_each = var.ports
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = [cidrsubnet("10.0.0.0/16", 8, ${i % 200})]
    }
  }
}
resource "aws_iam_role" "r${i}" {
  name               = "\${var.prefix}-r${i}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_cloudwatch_log_group" "l${i}" {
  name              = "/enclave/\${var.prefix}/l${i}"
  retention_in_days = 365
  kms_key_id        = var.kms_key_arn
}
resource "aws_iam_role_policy" "r${i}" {
  role   = aws_iam_role.r${i}.id
  policy = data.aws_iam_policy_document.b${i}.json
}
`;
}

function generate(total: number): string {
  const dir = mkdtempSync(join(tmpdir(), `enclave-tf-bench-${total}-`));
  const perModule = Math.round(total / MODULES);
  const groups = Math.ceil(perModule / 10);
  let root =
    'resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }\nresource "aws_kms_key" "this" { description = "bench" }\n';
  for (let m = 0; m < MODULES; m++) {
    const moduleDir = join(dir, 'modules', `m${m}`);
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(
      join(moduleDir, 'variables.tf'),
      'variable "prefix" { type = string }\nvariable "vpc_id" { type = string }\nvariable "kms_key_arn" { type = string }\nvariable "tags" {\n  type = map(string)\n  default = {}\n}\nvariable "ports" {\n  type = list(number)\n  default = [443]\n}\n',
    );
    writeFileSync(join(moduleDir, 'main.tf'), Array.from({ length: groups }, (_, i) => group(i)).join(''));
    writeFileSync(join(moduleDir, 'outputs.tf'), `output "first_bucket_arn" { value = aws_s3_bucket.b0.arn }\n`);
    root += `module "m${m}" {\n  source      = "../modules/m${m}"\n  prefix      = "m${m}"\n  vpc_id      = aws_vpc.this.id\n  kms_key_arn = aws_kms_key.this.arn\n  tags        = { Module = "m${m}" }\n}\n`;
  }
  mkdirSync(join(dir, 'root'));
  writeFileSync(join(dir, 'root', 'main.tf'), root);
  return dir;
}

const schema = loadProviderSchema();
// Warm up the parser and the JIT once.
{
  const dir = generate(500);
  await loadTerraform(join(dir, 'root'));
  rmSync(dir, { recursive: true, force: true });
}
for (const total of [1000, 2000, 5000]) {
  const dir = generate(total);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const stack = await loadTerraform(join(dir, 'root'));
  const loaded = performance.now();
  const diagnostics = validateTerraform(stack, schema);
  const validated = performance.now();
  const used = process.cpuUsage(cpu);
  const problems = [...stack.diagnostics, ...diagnostics].filter((d) => d.severity === 'error');
  console.log(
    `${total} requested: ${stack.resources.length} resources, load ${(loaded - started).toFixed(0)} ms, validate ${(validated - loaded).toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms (wall time counts other processes on a shared machine), errors ${problems.length}${problems[0] ? ` (first: ${problems[0].message})` : ''}`,
  );
  console.log(`load_ms_${total}=${(validated - started).toFixed(0)}`);
  rmSync(dir, { recursive: true, force: true });
}
