// slice() of a list known only at plan (the availability zones) has a known length: the plan fails unless the list
// holds those indices. Subnets counted from it are then real instances, not one [*] standing for all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors, loadMain, output, u } from './helpers.ts';

test('slice(unknown list, 0, 3) is three unknown elements, so counts and for expressions over it are known', async () => {
  const stack = await loadMain(`
data "aws_availability_zones" "available" {}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = "vpc-1"
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
}
output "cidrs" { value = [for k, v in local.azs : cidrsubnet("10.0.0.0/16", 4, k)] }
output "open" { value = slice(data.aws_availability_zones.available.names, 0, length(data.aws_availability_zones.available.names)) }
`);
  assert.deepEqual(errors(stack), []);
  assert.ok(!stack.diagnostics.some((d) => d.code === 'tf-count-unknown'));
  assert.deepEqual(
    stack.resources
      .filter((r) => r.type === 'aws_subnet')
      .map((r) => [r.address, r.attributes['cidr_block'], r.attributes['availability_zone']]),
    [
      ['aws_subnet.private[0]', '10.0.0.0/24', u('data.aws_availability_zones.available', 'names[0]')],
      ['aws_subnet.private[1]', '10.0.1.0/24', u('data.aws_availability_zones.available', 'names[1]')],
      ['aws_subnet.private[2]', '10.0.2.0/24', u('data.aws_availability_zones.available', 'names[2]')],
    ],
  );
  assert.deepEqual(output(stack, 'cidrs'), ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
  assert.deepEqual(
    output(stack, 'open'),
    u('data.aws_availability_zones.available', 'names'),
    'an unknown end leaves the length unknown',
  );
});
