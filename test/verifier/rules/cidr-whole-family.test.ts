// Any /0 is the whole address family, however it is written (`192.168.1.0/0` is 0.0.0.0/0, `0::/0` is ::/0): AWS
// clears the host bits. The security-group rules ask the one CIDR normaliser instead of comparing strings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { egressLimited } from '../../../src/verifier/rules/vpc/egress-limited.ts';
import { noOpenIngress } from '../../../src/verifier/rules/vpc/no-open-ingress.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

const WHOLE = [['192.168.1.0/0', 'cidr_blocks', 'CidrIp'], ['10.1.2.3/0', 'cidr_blocks', 'CidrIp'], ['0::/0', 'ipv6_cidr_blocks', 'CidrIpv6'], ['2001:db8::/0', 'ipv6_cidr_blocks', 'CidrIpv6']] as const;

describe('ENC-VPC-002: ingress from a /0 written any way', () => {
  for (const [cidr, tfKey, cfnKey] of WHOLE) {
    test(`${cidr} (Terraform)`, async () => {
      const model = await tfModel(`
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.this.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    ${tfKey} = ["${cidr}"]
  }
}
`);
      assert.equal(judge(noOpenIngress, model).verdict, 'non-compliant');
    });
    test(`${cidr} (CloudFormation)`, async () => {
      const model = await cfnModel({
        Resources: {
          Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
          App: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'app', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, [cfnKey]: cidr }], SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }] } },
        },
      });
      assert.equal(judge(noOpenIngress, model).verdict, 'non-compliant');
    });
  }
  test('a narrow range still passes', async () => {
    const model = await tfModel(`
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.this.id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["192.168.1.0/24"]
  }
}
`);
    assert.equal(judge(noOpenIngress, model).verdict, 'compliant');
  });
});

describe('ENC-VPC-003: all traffic out to a /0 written any way', () => {
  for (const [cidr, tfKey] of WHOLE) {
    test(cidr, async () => {
      const model = await tfModel(`
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.this.id
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    ${tfKey} = ["${cidr}"]
  }
}
`);
      assert.equal(judge(egressLimited, model).verdict, 'non-compliant');
    });
  }
});
