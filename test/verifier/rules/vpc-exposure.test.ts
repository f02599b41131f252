// Internet exposure of every tier, egress to the whole internet, NACL contents and NACL order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { internetEgressHttpsOnly } from '../../../src/verifier/rules/vpc/internet-egress-https-only.ts';
import { naclDenyOrder } from '../../../src/verifier/rules/vpc/nacl-deny-order.ts';
import { naclInternetEntries } from '../../../src/verifier/rules/vpc/nacl-internet-entries.ts';
import { tierInternetExposure } from '../../../src/verifier/rules/vpc/tier-internet-exposure.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const VPC = `
variable "unknown" {}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "this" { vpc_id = aws_vpc.this.id }
`;

async function expectTf(rule: Rule, hcl: string, verdict: Verdict, pattern?: RegExp) {
  const result = judge(rule, await tfModel(VPC + hcl));
  assert.equal(result.verdict, verdict, result.messages);
  if (pattern) assert.match(result.messages, pattern);
}

async function expectCfn(rule: Rule, resources: object, verdict: Verdict, pattern?: RegExp) {
  const result = judge(rule, await cfnModel({ Parameters: { Unknown: { Type: 'String' } }, Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, ...resources } }));
  assert.equal(result.verdict, verdict, result.messages);
  if (pattern) assert.match(result.messages, pattern);
}

const tier = (name: string, tag: string, route: string) => `
resource "aws_subnet" "${name}" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.${name.length}.0/24"
  tags       = { Tier = "${tag}" }
}
resource "aws_route_table" "${name}" { vpc_id = aws_vpc.this.id }
resource "aws_route_table_association" "${name}" {
  subnet_id      = aws_subnet.${name}.id
  route_table_id = aws_route_table.${name}.id
}
resource "aws_route" "${name}" {
  route_table_id         = aws_route_table.${name}.id
  destination_cidr_block = "0.0.0.0/0"
  ${route}
}`;

describe('ENC-VPC-011 every tier reaches the internet only as its role allows', () => {
  const publicTier = tier('pub', 'public', 'gateway_id = aws_internet_gateway.this.id') + `
resource "aws_eip" "nat" { domain = "vpc" }
resource "aws_nat_gateway" "this" {
  subnet_id     = aws_subnet.pub.id
  allocation_id = aws_eip.nat.id
}`;
  test('Terraform: an app tier behind the NAT and a public tier holding only the NAT are compliant', () =>
    expectTf(tierInternetExposure, publicTier + tier('app', 'app', 'nat_gateway_id = aws_nat_gateway.this.id'), 'compliant'));
  test('Terraform: a management tier routed straight to the internet gateway is non-compliant', () =>
    expectTf(tierInternetExposure, publicTier + tier('management', 'management', 'gateway_id = aws_internet_gateway.this.id'), 'non-compliant', /aws_subnet\.management \(management\) is not a public tier but routes straight to an internet gateway/));
  test('Terraform: a route to a gateway known only after apply is unknown', () =>
    expectTf(tierInternetExposure, publicTier + tier('app', 'app', 'gateway_id = var.unknown'), 'unknown'));
  test('CloudFormation: a function in a public subnet is non-compliant', () => expectCfn(tierInternetExposure, {
    Pub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', Tags: [{ Key: 'Tier', Value: 'public' }] } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    Out: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Pub' }, RouteTableId: { Ref: 'Rt' } } },
    Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'i.h', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [{ Ref: 'Pub' }], SecurityGroupIds: [] } } },
  }, 'non-compliant', /runs Fn/));
  test('CloudFormation: an untagged subnet routed to the internet gateway is non-compliant', () => expectCfn(tierInternetExposure, {
    Web: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    Out: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Web' }, RouteTableId: { Ref: 'Rt' } } },
  }, 'non-compliant'));
});

const sg = (egress: string) => `
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.this.id
  egress {
${egress}
  }
}`;

describe('ENC-VPC-012 egress to the whole internet is HTTPS only', () => {
  test('Terraform: TCP 443 to 0.0.0.0/0 is compliant', () => expectTf(internetEgressHttpsOnly, sg('    protocol    = "tcp"\n    from_port   = 443\n    to_port     = 443\n    cidr_blocks = ["0.0.0.0/0"]'), 'compliant'));
  test('Terraform: a single port, SSH, to 0.0.0.0/0 is non-compliant', () => expectTf(internetEgressHttpsOnly, sg('    protocol    = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr_blocks = ["0.0.0.0/0"]'), 'non-compliant', /tcp 22 out to 0\.0\.0\.0\/0/));
  test('Terraform: a destination known only after apply is unknown', () => expectTf(internetEgressHttpsOnly, sg('    protocol    = "tcp"\n    from_port   = 25\n    to_port     = 25\n    cidr_blocks = [var.unknown]'), 'unknown'));
  test('CloudFormation: UDP 53 to 0.0.0.0/0 is non-compliant, a named range is not judged', async () => {
    await expectCfn(internetEgressHttpsOnly, { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, SecurityGroupEgress: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '0.0.0.0/0' }] } } }, 'non-compliant');
    await expectCfn(internetEgressHttpsOnly, { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '198.51.100.0/24' }] } } }, 'not-applicable');
  });
});

const acl = (entries: string) => `
resource "aws_network_acl" "this" {
  vpc_id = aws_vpc.this.id
${entries}
}`;
const entry = (kind: 'ingress' | 'egress', no: number, action: string, protocol: string, cidr: string, from: number, to: number) => `
  ${kind} {
    rule_no    = ${no}
    action     = "${action}"
    protocol   = "${protocol}"
    cidr_block = ${cidr.startsWith('var.') ? cidr : `"${cidr}"`}
    from_port  = ${from}
    to_port    = ${to}
  }`;

describe('ENC-VPC-013 network ACLs admit only return traffic from the internet', () => {
  test('Terraform: ephemeral replies from 0.0.0.0/0 and 443 out are compliant', () =>
    expectTf(naclInternetEntries, acl(entry('ingress', 100, 'allow', 'tcp', '0.0.0.0/0', 1024, 65535) + entry('egress', 100, 'allow', 'tcp', '0.0.0.0/0', 443, 443)), 'compliant'));
  test('Terraform: everything from 0.0.0.0/0 is non-compliant', () =>
    expectTf(naclInternetEntries, acl(entry('ingress', 100, 'allow', '-1', '0.0.0.0/0', 0, 0)), 'non-compliant', /admits all traffic from 0\.0\.0\.0\/0/));
  test('Terraform: SSH from 0.0.0.0/0 is non-compliant; a range from a variable is unknown', async () => {
    await expectTf(naclInternetEntries, acl(entry('ingress', 100, 'allow', 'tcp', '0.0.0.0/0', 22, 22)), 'non-compliant', /service port/);
    await expectTf(naclInternetEntries, acl(entry('ingress', 100, 'allow', 'tcp', 'var.unknown', 22, 22)), 'unknown');
  });
  test('CloudFormation: all traffic out to 0.0.0.0/0 is non-compliant', () => expectCfn(naclInternetEntries, {
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
    Out: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, Protocol: -1, RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' } },
  }, 'non-compliant'));
});

describe('ENC-VPC-004 catches a TCP allow from 0.0.0.0/0 before an all-protocol deny', () => {
  test('Terraform: the deny first is compliant', () =>
    expectTf(naclDenyOrder, acl(entry('ingress', 10, 'deny', '-1', '192.0.2.0/24', 0, 0) + entry('ingress', 100, 'allow', 'tcp', '0.0.0.0/0', 443, 443)), 'compliant'));
  test('Terraform: a TCP 443 allow from 0.0.0.0/0 numbered before the all-protocol deny is non-compliant', () =>
    expectTf(naclDenyOrder, acl(entry('ingress', 100, 'allow', 'tcp', '0.0.0.0/0', 443, 443) + entry('ingress', 200, 'deny', '-1', '192.0.2.0/24', 0, 0)), 'non-compliant', /shadowed by allow rule 100 \(0\.0\.0\.0\/0 tcp 443-443\)/));
  test('CloudFormation: an allow whose range is a parameter is unknown', () => expectCfn(naclDenyOrder, {
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
    Allow: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, Protocol: 6, RuleAction: 'allow', Egress: false, CidrBlock: { Ref: 'Unknown' }, PortRange: { From: 443, To: 443 } } },
    Deny: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 200, Protocol: -1, RuleAction: 'deny', Egress: false, CidrBlock: '192.0.2.0/24' } },
  }, 'unknown'));
});
