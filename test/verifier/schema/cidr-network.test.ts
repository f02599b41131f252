// A CIDR block with host bits set where the AWS provider takes a network is an error, as terraform validate says
// (`"192.168.1.0/0" is not a valid IPv4 CIDR block; did you mean "0.0.0.0/0"?`), so a security group "from
// 192.168.1.0/0" is never read as a narrow range. Where Terraform and the provider mirror are on the machine, the
// same configuration goes through the real `terraform validate` and both must flag exactly the same resources.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeMirrorCliConfig } from '../../../scripts/generate-tf-schema.ts';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { validateStack } from '../../../src/verifier/schema/index.ts';

const CONFIG = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "v" { cidr_block = "10.0.0.1/16" }
resource "aws_subnet" "s" {
  vpc_id          = "vpc-1"
  cidr_block      = "10.0.0.0/24"
  ipv6_cidr_block = "2001:db8::1/64"
}
resource "aws_route_table" "t" {
  vpc_id = "vpc-1"
  route {
    cidr_block = "192.168.1.0/0"
    gateway_id = "igw-1"
  }
}
resource "aws_network_acl" "a" {
  vpc_id = "vpc-1"
  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "192.168.1.0/0"
    from_port  = 443
    to_port    = 443
  }
}
resource "aws_security_group" "sg" {
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/8", "192.168.1.0/0"]
  }
  egress {
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    ipv6_cidr_blocks = ["2001:DB8:0::/32"]
  }
}
resource "aws_security_group_rule" "r" {
  type              = "ingress"
  security_group_id = "sg-1"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  ipv6_cidr_blocks  = ["2001:db8::/0"]
}
resource "aws_route" "r" {
  route_table_id         = "rtb-1"
  destination_cidr_block = "10.1.2.3/0"
  gateway_id             = "igw-1"
}
resource "aws_network_acl_rule" "accepted" {
  network_acl_id = "acl-1"
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "192.168.1.0/0"
  from_port      = 443
  to_port        = 443
}
`;

const FLAGGED = ['aws_network_acl.a', 'aws_route.r', 'aws_route_table.t', 'aws_security_group.sg', 'aws_security_group_rule.r', 'aws_subnet.s', 'aws_vpc.v'];

function enclaveErrors(dir: string) {
  return loadTerraform(dir, { cwd: dir }).then((stack) => validateStack(stack).filter((d) => d.code === 'schema-invalid-cidr'));
}

test('host bits set in a network CIDR are an error, with the network Terraform suggests', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-cidr-'));
  writeFileSync(join(dir, 'main.tf'), CONFIG);
  const errors = await enclaveErrors(dir);
  assert.deepEqual([...new Set(errors.map((d) => d.message.split(':')[0]!))].sort(), FLAGGED);
  const messages = errors.map((d) => d.message);
  assert.ok(messages.includes('aws_security_group.sg: "192.168.1.0/0" is not a valid IPv4 CIDR block; did you mean "0.0.0.0/0"?'));
  assert.ok(messages.includes('aws_security_group_rule.r: "2001:db8::/0" is not a valid IPv6 CIDR block; did you mean "::/0"?'));
  assert.ok(messages.includes('aws_vpc.v: "10.0.0.1/16" is not a valid IPv4 CIDR block; did you mean "10.0.0.0/16"?'));
  // Only the bad element: 10.0.0.0/8 beside it, and an upper-case IPv6 network, are fine.
  assert.equal(errors.filter((d) => d.message.startsWith('aws_security_group.sg')).length, 1);
  assert.equal(errors.find((d) => d.message.startsWith('aws_route_table.t'))!.location!.line, 17);
});

const terraform = '/usr/local/bin/terraform';
const mirror = '/opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0';
test('terraform validate with the real provider flags the same resources', { skip: !existsSync(terraform) || !existsSync(mirror) ? 'Terraform or the provider mirror is not on this machine' : false }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-cidr-tf-'));
  writeFileSync(join(dir, 'main.tf'), CONFIG);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: writeMirrorCliConfig(dir), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const init = spawnSync(terraform, ['init', '-input=false', '-backend=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const validate = spawnSync(terraform, ['validate', '-json', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
  const report = JSON.parse(validate.stdout) as { diagnostics: { summary: string; address?: string; snippet?: { context?: string } }[] };
  const flagged = new Set(report.diagnostics.map((d) => d.address ?? d.snippet?.context?.match(/resource "(\w+)" "(\w+)"/)?.slice(1).join('.')).filter(Boolean));
  assert.deepEqual([...flagged].sort(), FLAGGED);
});
