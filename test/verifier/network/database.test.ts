// A function's path to its database: security groups both ways and both subnets' network ACLs, on the database port.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { databaseReachability } from '../../../src/verifier/analysis/network/index.ts';
import { tfModel } from '../helpers.ts';

function stack(dbIngress: string, subnetIds = '[aws_subnet.db_a.id, aws_subnet.db_b.id]'): string {
  return `
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "db_a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.11.0/24"
}
resource "aws_subnet" "db_b" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.12.0/24"
}
resource "aws_security_group" "fn" {
  name   = "fn"
  vpc_id = aws_vpc.this.id
}
resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.this.id
}
resource "aws_vpc_security_group_egress_rule" "fn_to_db" {
  security_group_id            = aws_security_group.fn.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}
resource "aws_vpc_security_group_ingress_rule" "db_from" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  ${dbIngress}
}
resource "aws_db_subnet_group" "this" {
  name       = "db"
  subnet_ids = ${subnetIds}
}
resource "aws_db_instance" "this" {
  engine                 = "postgres"
  instance_class         = "db.t4g.micro"
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
}
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  vpc_config {
    subnet_ids         = [aws_subnet.app.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
`;
}

describe('function → database reachability', () => {
  test('security groups that name each other on 5432: reachable in every database subnet', async () => {
    const model = await tfModel(stack('referenced_security_group_id = aws_security_group.fn.id'));
    const r = databaseReachability(model, 'aws_lambda_function.api', model.dbInstances[0]!);
    assert.equal(r.verdict, 'reachable', r.reason);
    assert.match(r.reason, /each of its 2 subnets/);
  });

  test('a database group that admits another group: unreachable, with the deciding rule', async () => {
    const model = await tfModel(stack('cidr_ipv4 = "10.0.99.0/24"'));
    const r = databaseReachability(model, 'aws_lambda_function.api', model.dbInstances[0]!);
    assert.equal(r.verdict, 'unreachable');
    assert.match(r.reason, /ingress on port 5432/);
  });

  test('database subnets known only after apply: unknown, never a pass', async () => {
    const model = await tfModel(
      `variable "db_subnets" { type = list(string) }\n${stack('referenced_security_group_id = aws_security_group.fn.id', 'var.db_subnets')}`,
    );
    const r = databaseReachability(model, 'aws_lambda_function.api', model.dbInstances[0]!);
    assert.equal(r.verdict, 'unknown');
  });
});
