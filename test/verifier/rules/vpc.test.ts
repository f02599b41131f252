import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultSecurityGroupClosed } from '../../../src/verifier/rules/vpc/default-security-group-closed.ts';
import { egressLimited } from '../../../src/verifier/rules/vpc/egress-limited.ts';
import { endpointsHttpsOnly } from '../../../src/verifier/rules/vpc/endpoints-https-only.ts';
import { flowLogsEnabled } from '../../../src/verifier/rules/vpc/flow-logs-enabled.ts';
import { isolatedTierNoInternet } from '../../../src/verifier/rules/vpc/isolated-tier-no-internet.ts';
import { naclDenyOrder } from '../../../src/verifier/rules/vpc/nacl-deny-order.ts';
import { noOpenIngress } from '../../../src/verifier/rules/vpc/no-open-ingress.ts';
import { noPublicIpOnLaunch } from '../../../src/verifier/rules/vpc/no-public-ip-on-launch.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const VPC = `
variable "unknown" {}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
`;

async function expectTf(rule: Rule, hcl: string, verdict: Verdict) {
  const result = judge(rule, await tfModel(VPC + hcl));
  assert.equal(result.verdict, verdict, result.messages);
}

async function expectCfn(rule: Rule, resources: object, verdict: Verdict) {
  const result = judge(
    rule,
    await cfnModel({
      Parameters: { Unknown: { Type: 'String' } },
      Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, ...resources },
    }),
  );
  assert.equal(result.verdict, verdict, result.messages);
}

const isolatedSubnet = `
resource "aws_subnet" "data" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.1.0/24"
  tags       = { Tier = "isolated" }
}
resource "aws_route_table" "data" { vpc_id = aws_vpc.this.id }
resource "aws_route_table_association" "data" {
  subnet_id      = aws_subnet.data.id
  route_table_id = aws_route_table.data.id
}
`;

describe('ENC-VPC-001 isolated tiers have no internet path', () => {
  test('Terraform: no route out is compliant', () => expectTf(isolatedTierNoInternet, isolatedSubnet, 'compliant'));
  test('Terraform: a default route to an internet gateway is non-compliant', () =>
    expectTf(
      isolatedTierNoInternet,
      `${isolatedSubnet}
resource "aws_internet_gateway" "this" { vpc_id = aws_vpc.this.id }
resource "aws_route" "out" {
  route_table_id         = aws_route_table.data.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}`,
      'non-compliant',
    ));
  test('Terraform: a route to a gateway known only after apply is unknown', () =>
    expectTf(
      isolatedTierNoInternet,
      `${isolatedSubnet}
resource "aws_route" "out" {
  route_table_id         = aws_route_table.data.id
  destination_cidr_block = "0.0.0.0/0"
  transit_gateway_id     = var.unknown
}`,
      'unknown',
    ));
  test('CloudFormation: a NAT route from a database subnet is non-compliant', () =>
    expectCfn(
      isolatedTierNoInternet,
      {
        Db: {
          Type: 'AWS::EC2::Subnet',
          Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', Tags: [{ Key: 'Tier', Value: 'database' }] },
        },
        Pub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
        Igw: { Type: 'AWS::EC2::InternetGateway' },
        Att: {
          Type: 'AWS::EC2::VPCGatewayAttachment',
          Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } },
        },
        PubRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
        PubOut: {
          Type: 'AWS::EC2::Route',
          Properties: { RouteTableId: { Ref: 'PubRt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } },
        },
        PubAssoc: {
          Type: 'AWS::EC2::SubnetRouteTableAssociation',
          Properties: { SubnetId: { Ref: 'Pub' }, RouteTableId: { Ref: 'PubRt' } },
        },
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Pub' }, AllocationId: 'eipalloc-1' } },
        DbRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
        DbOut: {
          Type: 'AWS::EC2::Route',
          Properties: {
            RouteTableId: { Ref: 'DbRt' },
            DestinationCidrBlock: '0.0.0.0/0',
            NatGatewayId: { Ref: 'Nat' },
          },
        },
        DbAssoc: {
          Type: 'AWS::EC2::SubnetRouteTableAssociation',
          Properties: { SubnetId: { Ref: 'Db' }, RouteTableId: { Ref: 'DbRt' } },
        },
      },
      'non-compliant',
    ));
});

const sg = (ingress: string, egress = '') => `
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.this.id
  ${ingress}
  ${egress}
}`;

describe('ENC-VPC-002 no ingress from 0.0.0.0/0', () => {
  test('Terraform: ingress from the VPC only is compliant', () =>
    expectTf(
      noOpenIngress,
      sg('ingress {\n protocol = "tcp"\n from_port = 443\n to_port = 443\n cidr_blocks = ["10.0.0.0/16"]\n }'),
      'compliant',
    ));
  test('Terraform: a separate rule from 0.0.0.0/0 is non-compliant', () =>
    expectTf(
      noOpenIngress,
      `${sg('')}
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}`,
      'non-compliant',
    ));
  test('Terraform: a CIDR from a variable is unknown', () =>
    expectTf(
      noOpenIngress,
      sg('ingress {\n protocol = "tcp"\n from_port = 443\n to_port = 443\n cidr_blocks = [var.unknown]\n }'),
      'unknown',
    ));
  test('CloudFormation: ::/0 ingress is non-compliant', () =>
    expectCfn(
      noOpenIngress,
      {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'x',
            VpcId: { Ref: 'Vpc' },
            SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' }],
            SecurityGroupEgress: [],
          },
        },
      },
      'non-compliant',
    ));
});

describe('ENC-VPC-003 egress limited', () => {
  test('Terraform: HTTPS to the VPC is compliant', () =>
    expectTf(
      egressLimited,
      sg('', 'egress {\n protocol = "tcp"\n from_port = 443\n to_port = 443\n cidr_blocks = ["10.0.0.0/16"]\n }'),
      'compliant',
    ));
  test('Terraform: all traffic to 0.0.0.0/0 is non-compliant', () =>
    expectTf(
      egressLimited,
      sg('', 'egress {\n protocol = "-1"\n from_port = 0\n to_port = 0\n cidr_blocks = ["0.0.0.0/0"]\n }'),
      'non-compliant',
    ));
  test('Terraform: a protocol from a variable is unknown', () =>
    expectTf(
      egressLimited,
      sg('', 'egress {\n protocol = var.unknown\n from_port = 0\n to_port = 0\n cidr_blocks = ["0.0.0.0/0"]\n }'),
      'unknown',
    ));
  test('CloudFormation: a group without SecurityGroupEgress keeps the implicit allow-all: non-compliant', () =>
    expectCfn(
      egressLimited,
      {
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' } } },
      },
      'non-compliant',
    ));
  test('CloudFormation: explicit HTTPS egress only is compliant', () =>
    expectCfn(
      egressLimited,
      {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'x',
            VpcId: { Ref: 'Vpc' },
            SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }],
          },
        },
      },
      'compliant',
    ));
});

const nacl = (rules: string) => `
resource "aws_network_acl" "data" {
  vpc_id = aws_vpc.this.id
  ${rules}
}`;

describe('ENC-VPC-004 NACL denies before allows', () => {
  test('Terraform: a deny numbered before the allow is compliant', () =>
    expectTf(
      naclDenyOrder,
      nacl(`
  ingress {
    rule_no    = 100
    action     = "deny"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
  ingress {
    rule_no    = 200
    action     = "allow"
    protocol   = "-1"
    cidr_block = "10.0.0.0/16"
    from_port  = 0
    to_port    = 0
  }`),
      'compliant',
    ));
  test('Terraform: a deny shadowed by an earlier allow is non-compliant', () =>
    expectTf(
      naclDenyOrder,
      `${nacl('')}
resource "aws_network_acl_rule" "allow_all" {
  network_acl_id = aws_network_acl.data.id
  rule_number    = 100
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}
resource "aws_network_acl_rule" "deny_ssh" {
  network_acl_id = aws_network_acl.data.id
  rule_number    = 200
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}`,
      'non-compliant',
    ));
  test('Terraform: an allow whose CIDR is a variable may shadow: unknown', () =>
    expectTf(
      naclDenyOrder,
      nacl(`
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = var.unknown
    from_port  = 0
    to_port    = 0
  }
  ingress {
    rule_no    = 200
    action     = "deny"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }`),
      'unknown',
    ));
  test('CloudFormation: NetworkAclEntry resources, deny shadowed: non-compliant', () =>
    expectCfn(
      naclDenyOrder,
      {
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        Allow: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: {
            NetworkAclId: { Ref: 'Acl' },
            RuleNumber: 90,
            Protocol: -1,
            RuleAction: 'allow',
            CidrBlock: '0.0.0.0/0',
          },
        },
        Deny: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: {
            NetworkAclId: { Ref: 'Acl' },
            RuleNumber: 100,
            Protocol: 6,
            RuleAction: 'deny',
            CidrBlock: '203.0.113.0/24',
            PortRange: { From: 22, To: 22 },
          },
        },
      },
      'non-compliant',
    ));
});

describe('ENC-VPC-005 default security group closed', () => {
  test('Terraform: aws_default_security_group with no rules is compliant', () =>
    expectTf(
      defaultSecurityGroupClosed,
      'resource "aws_default_security_group" "this" { vpc_id = aws_vpc.this.id }',
      'compliant',
    ));
  test('Terraform: no managed default group is non-compliant', () =>
    expectTf(defaultSecurityGroupClosed, '', 'non-compliant'));
  test('Terraform: a managed default group with ingress is non-compliant', () =>
    expectTf(
      defaultSecurityGroupClosed,
      `resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}`,
      'non-compliant',
    ));
  test('Terraform: a managed default group of a VPC known only after apply is unknown', () =>
    expectTf(
      defaultSecurityGroupClosed,
      'resource "aws_default_security_group" "this" { vpc_id = var.unknown }',
      'unknown',
    ));
  test('CloudFormation: nothing relies on the default group: compliant', () =>
    expectCfn(defaultSecurityGroupClosed, {}, 'compliant'));
});

const flowLog = (traffic: string) => `
resource "aws_cloudwatch_log_group" "flow" { name = "flow" }
resource "aws_flow_log" "this" {
  vpc_id          = aws_vpc.this.id
  traffic_type    = ${traffic}
  log_destination = aws_cloudwatch_log_group.flow.arn
}`;

describe('ENC-VPC-006 flow logs', () => {
  test('Terraform: ALL traffic is compliant', () => expectTf(flowLogsEnabled, flowLog('"ALL"'), 'compliant'));
  test('Terraform: REJECT only is non-compliant', () =>
    expectTf(flowLogsEnabled, flowLog('"REJECT"'), 'non-compliant'));
  test('Terraform: no flow log is non-compliant', () => expectTf(flowLogsEnabled, '', 'non-compliant'));
  test('Terraform: traffic type from a variable is unknown', () =>
    expectTf(flowLogsEnabled, flowLog('var.unknown'), 'unknown'));
  test('CloudFormation: a VPC flow log of ALL traffic is compliant', () =>
    expectCfn(
      flowLogsEnabled,
      {
        Flow: {
          Type: 'AWS::EC2::FlowLog',
          Properties: {
            ResourceId: { Ref: 'Vpc' },
            ResourceType: 'VPC',
            TrafficType: 'ALL',
            LogDestinationType: 's3',
            LogDestination: 'arn:aws:s3:::logs',
          },
        },
      },
      'compliant',
    ));
});

const endpoint = (ingress: string) => `
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.this.id
  ingress {
    ${ingress}
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_vpc_endpoint" "kms" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.eu-west-1.kms"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}`;

describe('ENC-VPC-007 interface endpoints HTTPS only', () => {
  test('Terraform: 443 only is compliant', () =>
    expectTf(endpointsHttpsOnly, endpoint('protocol = "tcp"\n from_port = 443\n to_port = 443'), 'compliant'));
  test('Terraform: all ports is non-compliant', () =>
    expectTf(endpointsHttpsOnly, endpoint('protocol = "tcp"\n from_port = 0\n to_port = 65535'), 'non-compliant'));
  test('Terraform: ports from a variable are unknown', () =>
    expectTf(endpointsHttpsOnly, endpoint('protocol = "tcp"\n from_port = var.unknown\n to_port = 443'), 'unknown'));
});

describe('ENC-VPC-008 no public IP on launch', () => {
  const subnet = (v: string) =>
    `resource "aws_subnet" "a" {\n vpc_id = aws_vpc.this.id\n cidr_block = "10.0.1.0/24"\n map_public_ip_on_launch = ${v}\n}`;
  test('Terraform: false is compliant', () => expectTf(noPublicIpOnLaunch, subnet('false'), 'compliant'));
  test('Terraform: true is non-compliant', () => expectTf(noPublicIpOnLaunch, subnet('true'), 'non-compliant'));
  test('Terraform: a variable is unknown', () => expectTf(noPublicIpOnLaunch, subnet('var.unknown'), 'unknown'));
  test('CloudFormation: MapPublicIpOnLaunch true is non-compliant', () =>
    expectCfn(
      noPublicIpOnLaunch,
      {
        S: {
          Type: 'AWS::EC2::Subnet',
          Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true },
        },
      },
      'non-compliant',
    ));
});
