// Reachability that must hold from every subnet and to every endpoint interface, on every ephemeral port; the route
// AWS takes (private DNS, then a gateway endpoint on the route table, then the public endpoint) and nothing else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reachability } from '../../../src/verifier/analysis/network/index.ts';
import { endpointsNotBypassed } from '../../../src/verifier/rules/vpc/endpoints-not-bypassed.ts';
import { privateDnsResolves } from '../../../src/verifier/rules/vpc/private-dns-resolves.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

/** Allow 443 both ways inside the VPC, and the replies on `ephemeralFrom`-65535. */
function naclRules(ephemeralFrom = 1024): string {
  const entry = (kind: string, no: number, from: number, to: number) => `
  ${kind} {
    rule_no    = ${no}
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = ${from}
    to_port    = ${to}
  }`;
  return entry('ingress', 100, 443, 443) + entry('ingress', 110, ephemeralFrom, 65535) + entry('egress', 100, 443, 443) + entry('egress', 110, 1024, 65535);
}

/** A VPC, subnets a, b (private) and c, a KMS interface endpoint in a and b, a function in `fnSubnets`. */
function tf(options: { dns?: string; fnSubnets?: string; naclB?: string; extra?: string } = {}): string {
  const naclB = options.naclB ?? naclRules();
  return `
variable "dns" {
  type    = bool
  default = true
}
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  ${options.dns ?? 'enable_dns_support   = true\n  enable_dns_hostnames = true'}
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1b"
}
resource "aws_subnet" "c" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.3.0/24"
  availability_zone = "eu-west-1c"
}
resource "aws_network_acl" "b" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [aws_subnet.b.id]
${naclB}
}
resource "aws_security_group" "fn" {
  name   = "fn"
  vpc_id = aws_vpc.this.id
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_security_group" "endpoint" {
  name   = "endpoint"
  vpc_id = aws_vpc.this.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_vpc_endpoint" "kms" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.eu-west-1.kms"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
  security_group_ids  = [aws_security_group.endpoint.id]
}
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "fn.zip"
  vpc_config {
    subnet_ids         = ${options.fnSubnets ?? '[aws_subnet.a.id]'}
    security_group_ids = [aws_security_group.fn.id]
  }
}
${options.extra ?? ''}`;
}

const kms = async (hcl: string) => reachability(await tfModel(hcl), 'aws_lambda_function.fn', ['kms']).services.kms!;

describe('reachability that must hold everywhere', () => {
  test('Terraform: open ACLs, every endpoint interface reachable: KMS is reachable through the endpoint', async () => {
    const r = await kms(tf());
    assert.equal(r.verdict, 'reachable', r.reason);
    assert.equal(r.via, 'interface-endpoint');
    assert.equal(r.endpoint, 'aws_vpc_endpoint.kms');
  });

  test('Terraform: an ACL allowing only 32768-65535 back does not carry Lambda replies (1024-65535): unreachable, port 1024 named', async () => {
    const r = await kms(tf({ naclB: naclRules(32768), fnSubnets: '[aws_subnet.b.id]' }));
    assert.equal(r.verdict, 'unreachable', r.reason);
    assert.match(r.reason, /only part of ports 1024-65535/);
    assert.match(r.reason, /port 1024/);
  });

  test('Terraform: the interface in the other AZ is cut off by its subnet ACL: unreachable although the local one works', async () => {
    // The function runs in a; private DNS may hand it the interface in b, whose ACL admits 443 from nowhere.
    const r = await kms(tf({ naclB: '' }));
    assert.equal(r.verdict, 'unreachable', r.reason);
    assert.match(r.reason, /aws_subnet\.b inbound/);
  });

  test('Terraform: one subnet of the function reaching the service is not enough: worst case over subnets', async () => {
    // Function in a and c; the S3 gateway endpoint is on a's route table only, c has no way out at all.
    const extra = `
resource "aws_route_table" "a" { vpc_id = aws_vpc.this.id }
resource "aws_route_table" "c" { vpc_id = aws_vpc.this.id }
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}
resource "aws_route_table_association" "c" {
  subnet_id      = aws_subnet.c.id
  route_table_id = aws_route_table.c.id
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.this.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = [aws_route_table.a.id]
}
resource "aws_security_group_rule" "s3" {
  type              = "egress"
  security_group_id = aws_security_group.fn.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = [aws_vpc_endpoint.s3.prefix_list_id]
}`;
    const model = await tfModel(tf({ fnSubnets: '[aws_subnet.a.id, aws_subnet.c.id]', extra }));
    const r = reachability(model, 'aws_lambda_function.fn', ['s3']);
    assert.equal(r.perSubnet[0]!.services.s3!.verdict, 'reachable', r.perSubnet[0]!.services.s3!.reason);
    assert.equal(r.services.s3!.verdict, 'unreachable', r.services.s3!.reason);
    assert.match(r.services.s3!.reason, /^from aws_subnet\.c/);
  });

  test('Terraform: DNS hostnames left at the default, or known only after apply', async () => {
    const off = await tfModel(tf({ dns: 'enable_dns_support = true' }));
    const r = reachability(off, 'aws_lambda_function.fn', ['kms']).services.kms!;
    assert.equal(r.verdict, 'unreachable', r.reason);
    assert.match(r.reason, /DNS hostnames off/);
    assert.equal(judge(privateDnsResolves, off).verdict, 'non-compliant');
    assert.equal(judge(privateDnsResolves, await tfModel(tf())).verdict, 'compliant');
    const unknown = await tfModel(tf({ dns: 'enable_dns_support = true\n  enable_dns_hostnames = var.dns' }), { dns: 'true' });
    assert.equal(judge(privateDnsResolves, unknown).verdict, 'compliant');
  });

  test('CloudFormation: DNS support off is non-compliant; a parameter is unknown', async () => {
    const template = (dns: unknown) => ({
      Parameters: { Dns: { Type: 'String' } },
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: dns, EnableDnsHostnames: true } },
        A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
        Kms: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.kms', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SubnetIds: [{ Ref: 'A' }] } },
      },
    });
    assert.equal(judge(privateDnsResolves, await cfnModel(template(true))).verdict, 'compliant');
    assert.equal(judge(privateDnsResolves, await cfnModel(template(false))).verdict, 'non-compliant');
    assert.equal(judge(privateDnsResolves, await cfnModel(template({ Ref: 'Dns' }))).verdict, 'unknown');
  });
});

describe('ENC-VPC-010 endpoints are not bypassed through a NAT', () => {
  const natStack = (tables: string) => `
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.this.id
  cidr_block = "10.0.9.0/24"
}
resource "aws_internet_gateway" "this" { vpc_id = aws_vpc.this.id }
resource "aws_route_table" "public" { vpc_id = aws_vpc.this.id }
resource "aws_route" "public" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
resource "aws_eip" "nat" { domain = "vpc" }
resource "aws_nat_gateway" "this" {
  subnet_id     = aws_subnet.public.id
  allocation_id = aws_eip.nat.id
}
resource "aws_route_table" "a" { vpc_id = aws_vpc.this.id }
resource "aws_route_table" "c" { vpc_id = aws_vpc.this.id }
resource "aws_route" "a" {
  route_table_id         = aws_route_table.a.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this.id
}
resource "aws_route" "c" {
  route_table_id         = aws_route_table.c.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this.id
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}
resource "aws_route_table_association" "c" {
  subnet_id      = aws_subnet.c.id
  route_table_id = aws_route_table.c.id
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.this.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = ${tables}
}
resource "aws_security_group_rule" "https_out" {
  type              = "egress"
  security_group_id = aws_security_group.fn.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}
variable "tables" { type = list(string) }`;
  const fnSubnets = '[aws_subnet.a.id, aws_subnet.c.id]';

  test('Terraform: the gateway endpoint on both route tables is compliant', async () => {
    const r = judge(endpointsNotBypassed, await tfModel(tf({ fnSubnets, extra: natStack('[aws_route_table.a.id, aws_route_table.c.id]') })));
    assert.equal(r.verdict, 'compliant', r.messages);
  });

  test('Terraform: subnet c\'s table lacks the endpoint and routes to the NAT: non-compliant, the subnet named', async () => {
    const r = judge(endpointsNotBypassed, await tfModel(tf({ fnSubnets, extra: natStack('[aws_route_table.a.id]') })));
    assert.equal(r.verdict, 'non-compliant', r.messages);
    assert.match(r.messages, /aws_subnet\.c: aws_subnet\.c reaches the public s3 endpoint instead of aws_vpc_endpoint\.s3/);
  });

  test('Terraform: route tables known only after apply: unknown', async () => {
    const r = judge(endpointsNotBypassed, await tfModel(tf({ fnSubnets, extra: natStack('var.tables') })));
    assert.equal(r.verdict, 'unknown', r.messages);
  });

  test('Terraform: egress only to the S3 prefix list still reaches S3 through the NAT when the endpoint is not on the route table', async () => {
    const extra = natStack('[aws_route_table.a.id]').replace(/resource "aws_security_group_rule" "https_out" \{[\s\S]*?\n\}/, `resource "aws_security_group_rule" "s3_out" {
  type              = "egress"
  security_group_id = aws_security_group.fn.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = [aws_vpc_endpoint.s3.prefix_list_id]
}`);
    const r = judge(endpointsNotBypassed, await tfModel(tf({ fnSubnets, extra })));
    assert.equal(r.verdict, 'non-compliant', r.messages);
    assert.match(r.messages, /aws_subnet\.c reaches the public s3 endpoint/);
  });

  test('CloudFormation: an interface endpoint with private DNS off, the function behind a NAT: non-compliant', async () => {
    const ref = (id: string) => ({ Ref: id });
    const template = (privateDns: boolean) => ({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true } },
        Public: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24' } },
        Private: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.1.0/24' } },
        Igw: { Type: 'AWS::EC2::InternetGateway' },
        Attach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('Igw') } },
        PublicRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
        PublicDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PublicRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') } },
        PublicAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('Public'), RouteTableId: ref('PublicRt') } },
        Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('Public'), AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } } },
        PrivateRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
        PrivateDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRt'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat') } },
        PrivateAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('Private'), RouteTableId: ref('PrivateRt') } },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'fn', VpcId: ref('Vpc'), SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] } },
        Logs: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('Vpc'), ServiceName: 'com.amazonaws.eu-west-1.logs', VpcEndpointType: 'Interface', PrivateDnsEnabled: privateDns, SubnetIds: [ref('Private')], SecurityGroupIds: [ref('Sg')] } },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'i.h', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [ref('Private')], SecurityGroupIds: [ref('Sg')] } } },
      },
    });
    const off = judge(endpointsNotBypassed, await cfnModel(template(false)));
    assert.equal(off.verdict, 'non-compliant', off.messages);
    assert.match(off.messages, /instead of Logs/);
    const on = judge(endpointsNotBypassed, await cfnModel(template(true)));
    assert.notEqual(on.verdict, 'non-compliant', on.messages);
  });
});
