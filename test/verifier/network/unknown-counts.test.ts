// Routes and associations whose count or for_each is known only after apply (terraform-aws-vpc's pattern: counts
// from a data source or an IPAM pool) stand for all their instances; a reference to `x[0]` or `x[*]` of such a
// resource is a reference to it, never an orphan. A route that may or may not exist makes reachability unknown:
// a database tier that may have a route to the internet never passes, and a public subnet is not "isolated".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isolatedTierNoInternet } from '../../../src/verifier/rules/vpc/isolated-tier-no-internet.ts';
import { analysisOf, judge, tfModel } from '../helpers.ts';

/** terraform-aws-vpc's shape, cut down: per-tier counts from data.aws_availability_zones (unknown here). */
const VPC = (databaseRoute: string) => `
data "aws_availability_zones" "available" {}
locals {
  azs = data.aws_availability_zones.available.names
}
resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "this" {
  count  = length(local.azs) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id
}
resource "aws_subnet" "public" {
  count      = length(local.azs)
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
  tags       = { Name = "public" }
}
resource "aws_route_table" "public" {
  count  = length(local.azs) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id
}
resource "aws_route" "public_internet_gateway" {
  count                  = length(local.azs) > 0 ? 1 : 0
  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}
resource "aws_route_table_association" "public" {
  count          = length(local.azs)
  subnet_id      = element(aws_subnet.public[*].id, count.index)
  route_table_id = element(aws_route_table.public[*].id, 0)
}
resource "aws_subnet" "database" {
  count      = length(local.azs)
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 100)
  tags       = { Name = "database", Tier = "database" }
}
resource "aws_route_table" "database" {
  count  = length(local.azs) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id
}
${databaseRoute}
resource "aws_route_table_association" "database" {
  count          = length(local.azs)
  subnet_id      = element(aws_subnet.database[*].id, count.index)
  route_table_id = element(aws_route_table.database[*].id, 0)
}
`;

const DATABASE_TO_IGW = `
resource "aws_route" "database_internet_gateway" {
  count                  = length(local.azs) > 0 ? 1 : 0
  route_table_id         = aws_route_table.database[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}
`;

describe('counts from a data source', () => {
  test('routes and associations link to the [*] instances instead of being orphaned', async () => {
    const model = await tfModel(VPC(DATABASE_TO_IGW));
    assert.deepEqual(model.unattached, []);
    const table = model.routeTables.find((t) => t.address === 'aws_route_table.database[*]')!;
    assert.deepEqual(table.routes.map((r) => [r.address, r.target.target]), [['aws_route.database_internet_gateway[*]', 'aws_internet_gateway.this[*]']]);
    assert.equal(table.subnets[0]!.target, 'aws_subnet.database[*]');
  });

  test('a database tier that may route to the internet gateway is not compliant (unknown or non-compliant), never a pass', async () => {
    const model = await tfModel(VPC(DATABASE_TO_IGW));
    const result = judge(isolatedTierNoInternet, model);
    assert.ok(result.verdict === 'unknown' || result.verdict === 'non-compliant', result.messages);
    assert.match(result.messages, /aws_route\.database_internet_gateway\[\*\]/);
  });

  test('a database tier with no such route passes', async () => {
    const model = await tfModel(VPC(''));
    assert.equal(judge(isolatedTierNoInternet, model).verdict, 'compliant');
  });

  test('the public subnets are recognised as reachable from the internet (or unknown), not isolated', async () => {
    const model = await tfModel(VPC(''));
    const exposure = analysisOf(model).network.subnets.find((s) => s.subnet === 'aws_subnet.public[*]')!;
    assert.notEqual(exposure.via, 'none', exposure.internet.reason);
  });
});
