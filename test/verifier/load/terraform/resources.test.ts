import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, loadMain, output, resource, u } from './helpers.ts';

test('count expands instances [0..n) with count.index; a splat over them lists their attributes', async () => {
  const stack = await loadMain(`
resource "aws_subnet" "private" {
  count      = 3
  vpc_id     = "vpc-1"
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
resource "aws_subnet" "none" {
  count  = 0
  vpc_id = "vpc-1"
}
output "ids"   { value = aws_subnet.private[*].id }
output "cidrs" { value = aws_subnet.private[*].cidr_block }
output "empty" { value = aws_subnet.none[*].id }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    stack.resources.map((r) => r.address),
    ['aws_subnet.private[0]', 'aws_subnet.private[1]', 'aws_subnet.private[2]'],
  );
  assert.equal(resource(stack, 'aws_subnet.private[2]').attributes['cidr_block'], '10.0.2.0/24');
  assert.deepEqual(output(stack, 'ids'), [
    u('aws_subnet.private[0]', 'id'),
    u('aws_subnet.private[1]', 'id'),
    u('aws_subnet.private[2]', 'id'),
  ]);
  assert.deepEqual(output(stack, 'cidrs'), ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  assert.deepEqual(output(stack, 'empty'), []);
});

test('for_each over a map and over a set of strings', async () => {
  const stack = await loadMain(`
locals {
  buckets = { raw = "r", processed = "p" }
}
resource "aws_s3_bucket" "by_map" {
  for_each = local.buckets
  bucket   = "\${each.key}-\${each.value}"
}
resource "aws_s3_bucket" "by_set" {
  for_each = toset(["b", "a", "b"])
  bucket   = each.value
}
output "arns"  { value = { for k, b in aws_s3_bucket.by_map : k => b.arn } }
output "names" { value = [for b in aws_s3_bucket.by_set : b.bucket] }
`);
  assert.deepEqual(errors(stack), []);
  assert.equal(resource(stack, 'aws_s3_bucket.by_map["raw"]').attributes['bucket'], 'raw-r');
  assert.equal(resource(stack, 'aws_s3_bucket.by_map["processed"]').attributes['bucket'], 'processed-p');
  assert.deepEqual(
    stack.resources.filter((r) => r.name === 'by_set').map((r) => r.address),
    ['aws_s3_bucket.by_set["a"]', 'aws_s3_bucket.by_set["b"]'],
  );
  assert.deepEqual(output(stack, 'arns'), {
    processed: u('aws_s3_bucket.by_map["processed"]', 'arn'),
    raw: u('aws_s3_bucket.by_map["raw"]', 'arn'),
  });
  assert.deepEqual(output(stack, 'names'), ['a', 'b']);
});

test('dynamic blocks expand in place, with iterator names, next to static blocks; locations and syntax per path', async () => {
  const stack = await loadMain(`
variable "ports" {
  type    = list(number)
  default = [443, 5432]
}
resource "aws_security_group" "this" {
  name = "sg"
  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
  }
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port = port.value
      to_port   = port.value
      protocol  = "tcp"
      description = "rule \${port.key}"
    }
  }
  lifecycle {
    create_before_destroy = true
  }
}
`);
  assert.deepEqual(errors(stack), []);
  const sg = resource(stack, 'aws_security_group.this');
  assert.deepEqual(sg.attributes['ingress'], [
    { from_port: 22, to_port: 22, protocol: 'tcp' },
    { from_port: 443, to_port: 443, protocol: 'tcp', description: 'rule 0' },
    { from_port: 5432, to_port: 5432, protocol: 'tcp', description: 'rule 1' },
  ]);
  assert.equal(sg.attributes['lifecycle'], undefined, 'meta-arguments are not attributes');
  assert.equal(sg.syntax?.['ingress'], 'block');
  assert.equal(sg.syntax?.['name'], 'attribute');
  assert.equal(sg.syntax?.['ingress.1.from_port'], 'attribute');
  assert.deepEqual(sg.locations[''], { file: 'root/main.tf', line: 6 });
  assert.equal(sg.locations['ingress.0']?.line, 8);
  assert.equal(sg.locations['ingress.2']?.line, 16);
  assert.equal(sg.locations['ingress.2.description']?.line, 20);
});

test('nested blocks are lists of objects; depends_on addresses are kept', async () => {
  const stack = await loadMain(`
resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
  depends_on = [aws_s3_bucket.b]
}
`);
  assert.deepEqual(errors(stack), []);
  const enc = resource(stack, 'aws_s3_bucket_server_side_encryption_configuration.b');
  assert.deepEqual(enc.attributes['rule'], [
    { bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] },
  ]);
  assert.equal(enc.locations['rule.0.apply_server_side_encryption_by_default.0.sse_algorithm']?.line, 7);
  assert.deepEqual(enc.dependsOn, ['aws_s3_bucket.b']);
  assert.deepEqual(enc.attributes['bucket'], u('aws_s3_bucket.b', 'id'));
});

test('an argument set to null is not set: absent from attributes, unknown when referenced, location kept', async () => {
  const stack = await loadMain(`
variable "kms_key_arn" {
  type    = string
  default = null
}
resource "aws_s3_bucket" "b" {
  bucket    = null
  tags      = { Owner = null }
}
resource "aws_cloudwatch_log_group" "l" {
  name       = "x"
  kms_key_id = var.kms_key_arn
}
output "bucket" { value = aws_s3_bucket.b.bucket }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(resource(stack, 'aws_s3_bucket.b').attributes, { tags: { Owner: null } });
  assert.equal('kms_key_id' in resource(stack, 'aws_cloudwatch_log_group.l').attributes, false);
  assert.equal(
    resource(stack, 'aws_cloudwatch_log_group.l').locations['kms_key_id']?.line,
    4,
    'where the null came from',
  );
  assert.deepEqual(output(stack, 'bucket'), u('aws_s3_bucket.b', 'bucket'));
});

test('suppressions above or inside a block are parsed; a malformed one is an error', async () => {
  const stack = await loadMain(`
# Raw uploads.
# enclave:ignore ENC-S3-004 reason="replication is out of scope for the demo" expires=2027-03-31
resource "aws_s3_bucket" "a" {
  bucket = "a" # enclave:ignore ENC-S3-001 reason="x" expires=2027-01-01
}

# enclave:ignore ENC-S3-002 reason="no expiry"
resource "aws_s3_bucket" "b" {
  # enclave:ignore ENC-S3-003 reason="bad date" expires=2027-02-30
  bucket = "b"
}
`);
  const a = resource(stack, 'aws_s3_bucket.a');
  assert.deepEqual(a.suppressions, [
    {
      ruleId: 'ENC-S3-004',
      reason: 'replication is out of scope for the demo',
      expires: '2027-03-31',
      location: { file: 'root/main.tf', line: 3 },
    },
  ]);
  // "bucket = \"a\" # enclave:ignore" is a trailing comment, not a comment line: it does not count.
  assert.deepEqual(resource(stack, 'aws_s3_bucket.b').suppressions, []);
  assert.deepEqual(
    errors(stack).map((d) => [d.code, d.location?.line]),
    [
      ['suppression-malformed', 8],
      ['suppression-malformed', 10],
    ],
  );
});

test('resources of other providers are evaluated but left out with a note; data sources are kept', async () => {
  const stack = await loadMain(`
resource "google_storage_bucket" "g" { name = "g" }
data "aws_region" "current" {}
resource "aws_s3_bucket" "b" { bucket = "\${google_storage_bucket.g.name}-\${data.aws_region.current.name}" }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    stack.resources.map((r) => r.address),
    ['data.aws_region.current', 'aws_s3_bucket.b'],
  );
  assert.ok(stack.diagnostics.some((d) => d.severity === 'note' && d.code === 'tf-provider-ignored'));
  assert.deepEqual(resource(stack, 'aws_s3_bucket.b').attributes['bucket'], {
    kind: 'template',
    parts: ['g-', u('data.aws_region.current', 'name')],
  });
});

test('provider blocks are evaluated and returned (default_tags), not merged into resources', async () => {
  const stack = await loadMain(`
variable "region" { default = "eu-west-1" }
provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = "enclave" }
  }
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_s3_bucket" "b" { bucket = "b" }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    stack.providers.map((p) => [p.address, p.attributes['region']]),
    [
      ['aws', 'eu-west-1'],
      ['aws.us', 'us-east-1'],
    ],
  );
  assert.deepEqual(stack.providers[0]!.attributes['default_tags'], [{ tags: { Project: 'enclave' } }]);
  assert.equal(resource(stack, 'aws_s3_bucket.b').attributes['tags_all'], undefined);
});

test('for_each over a list is an error (Terraform wants a map or a set); a set-typed variable is a set', async () => {
  const stack = await loadMain(`
variable "names" {
  type    = set(string)
  default = ["b", "a"]
}
resource "aws_sqs_queue" "from_list" {
  for_each = ["x", "y"]
  name     = each.key
}
resource "aws_sqs_queue" "from_set_var" {
  for_each = var.names
  name     = each.key
}
`);
  assert.deepEqual(
    errors(stack).map((d) => [d.code, d.location?.line]),
    [['tf-for-each-list', 7]],
  );
  assert.deepEqual(
    stack.resources.map((r) => r.address),
    [
      'aws_sqs_queue.from_list["x"]',
      'aws_sqs_queue.from_list["y"]',
      'aws_sqs_queue.from_set_var["a"]',
      'aws_sqs_queue.from_set_var["b"]',
    ],
  );
});
