import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJson } from '../../../../src/verifier/load/terraform/index.ts';
import { errors, loadMain, output, resource, u } from './helpers.ts';

test('computed attributes keep their identity through tolist, indexing, interpolation and jsonencode', async () => {
  const stack = await loadMain(`
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.s3"
}
data "aws_availability_zones" "available" {}
data "aws_caller_identity" "current" {}
locals {
  pl = tolist([aws_vpc_endpoint.s3.prefix_list_id])
}
resource "aws_security_group_rule" "egress" {
  type            = "egress"
  prefix_list_ids = local.pl
  from_port       = 443
  to_port         = 443
  protocol        = "tcp"
  security_group_id = "sg-1"
}
output "first"  { value = local.pl[0] }
output "az"     { value = data.aws_availability_zones.available.names[1] }
output "arn"    { value = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
output "count"  { value = length([aws_vpc_endpoint.s3.id, aws_vpc_endpoint.s3.arn]) }
output "sum"    { value = aws_vpc_endpoint.s3.policy_size + 1 }
output "json"   { value = jsonencode({ Resource = aws_vpc_endpoint.s3.arn, N = 1 }) }
output "upper"  { value = upper(aws_vpc_endpoint.s3.id) }
output "and"    { value = false && aws_vpc_endpoint.s3.private_dns_enabled }
output "known"  { value = aws_vpc_endpoint.s3.service_name }
output "time"   { value = timestamp() }
`);
  assert.deepEqual(errors(stack), []);
  const pl = u('aws_vpc_endpoint.s3', 'prefix_list_id');
  assert.deepEqual(resource(stack, 'aws_security_group_rule.egress').attributes['prefix_list_ids'], [pl]);
  assert.deepEqual(output(stack, 'first'), pl);
  assert.deepEqual(output(stack, 'az'), u('data.aws_availability_zones.available', 'names[1]'));
  assert.deepEqual(output(stack, 'arn'), {
    kind: 'template',
    parts: ['arn:aws:iam::', u('data.aws_caller_identity.current', 'account_id'), ':root'],
  });
  assert.equal(output(stack, 'count'), 2, 'length of a list of unknowns is known');
  assert.deepEqual(output(stack, 'sum'), u('aws_vpc_endpoint.s3', 'policy_size'));
  const json = output(stack, 'json');
  assert.deepEqual(json, { kind: 'template', parts: ['{"N":1,"Resource":"', u('aws_vpc_endpoint.s3', 'arn'), '"}'] });
  assert.deepEqual(decodeJson(json), { N: 1, Resource: u('aws_vpc_endpoint.s3', 'arn') });
  assert.deepEqual(output(stack, 'upper'), u('aws_vpc_endpoint.s3', 'id'));
  assert.equal(output(stack, 'and'), false);
  assert.equal(output(stack, 'known'), 'com.amazonaws.eu-west-1.s3');
  assert.deepEqual(output(stack, 'time'), u('timestamp()'));
});

test('a missing variable is unknown with a note; conditionals on unknowns are unknown unless both branches agree', async () => {
  const stack = await loadMain(`
variable "environment" { type = string }
output "env"   { value = var.environment }
output "name"  { value = "app-\${var.environment}" }
output "cond"  { value = var.environment == "prod" ? "big" : "small" }
output "same"  { value = var.environment == "prod" ? "x" : "x" }
`);
  assert.deepEqual(errors(stack), []);
  assert.ok(
    stack.diagnostics.some((d) => d.severity === 'note' && d.code === 'tf-variable-unset' && d.location?.line === 2),
  );
  assert.deepEqual(output(stack, 'env'), u('var.environment'));
  assert.deepEqual(output(stack, 'name'), { kind: 'template', parts: ['app-', u('var.environment')] });
  assert.deepEqual(output(stack, 'cond'), u('var.environment', '?'));
  assert.equal(output(stack, 'same'), 'x');
});

test('count and for_each over unknowns: a warning and one [*] instance with unknown count.index / each', async () => {
  const stack = await loadMain(`
data "aws_availability_zones" "available" {}
resource "aws_subnet" "a" {
  count             = length(data.aws_availability_zones.available.names)
  vpc_id            = "vpc-1"
  availability_zone = data.aws_availability_zones.available.names[count.index]
}
resource "aws_subnet" "b" {
  for_each          = toset(data.aws_availability_zones.available.names)
  vpc_id            = "vpc-1"
  availability_zone = each.value
}
output "ids" { value = aws_subnet.a[*].id }
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    stack.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.location?.line]),
    [
      ['tf-count-unknown', 4],
      ['tf-for-each-unknown', 9],
    ],
  );
  assert.deepEqual(
    resource(stack, 'aws_subnet.a[*]').attributes['availability_zone'],
    u('data.aws_availability_zones.available', 'names[*]'),
  );
  assert.deepEqual(resource(stack, 'aws_subnet.b[*]').attributes['availability_zone'], u('aws_subnet.b.each', 'value'));
  assert.deepEqual(output(stack, 'ids'), u('aws_subnet.a'));
});

test('a dynamic block over an unknown collection makes the block unknown, with a warning', async () => {
  const stack = await loadMain(`
data "aws_availability_zones" "available" {}
resource "aws_security_group" "this" {
  name = "x"
  dynamic "ingress" {
    for_each = data.aws_availability_zones.available.names
    content { description = ingress.value }
  }
}
`);
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    resource(stack, 'aws_security_group.this').attributes['ingress'],
    u('aws_security_group.this', 'ingress'),
  );
  assert.ok(stack.diagnostics.some((d) => d.code === 'tf-dynamic-unknown'));
});

test('a string template is known not to be null even with unknown parts', async () => {
  const stack = await loadMain(`
resource "aws_s3_bucket" "b" { bucket_prefix = "x" }
output "notnull" { value = "\${aws_s3_bucket.b.id}/logs" != null }
output "maybe"   { value = aws_s3_bucket.b.id != null }
`);
  assert.equal(output(stack, 'notnull'), true);
  assert.deepEqual(output(stack, 'maybe'), u('aws_s3_bucket.b', 'id'));
});

test('decodeJson puts each unknown back where it stood, inside or outside a string, past escaped quotes and backslashes', () => {
  const arn = u('aws_s3_bucket.b', 'arn');
  const id = u('aws_vpc_endpoint.s3', 'id');
  const template = (...parts: (string | ReturnType<typeof u>)[]) => ({ kind: 'template' as const, parts });
  // An escaped quote does not end the string: the unknown after it is inside one.
  assert.deepEqual(decodeJson(template('{"a":"say \\"', arn, '\\" now","b":', id, '}')), {
    a: template('say "', arn, '" now'),
    b: id,
  });
  // An escaped backslash before a quote: the quote ends the string, so the next unknown stands outside one.
  assert.deepEqual(decodeJson(template('{"a":"C:\\\\","b":', arn, '}')), { a: 'C:\\', b: arn });
  // An escaped backslash ending a part, then an unknown inside the same string.
  assert.deepEqual(decodeJson(template('{"a":"x\\\\', arn, '"}')), { a: template('x\\', arn) });
  // A lone backslash ending a part would escape the unknown's first character: not JSON, so no result.
  assert.equal(decodeJson(template('{"a":"x\\', arn, '"}')), undefined);
  // Outside strings a backslash is not JSON: no result, not a guess.
  assert.equal(decodeJson(template('{"a":1}\\', arn)), undefined);
  assert.equal(decodeJson(template('{"a": ', arn, ' "b"}')), undefined);
});
