import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computePlaces, reachability } from '../../../src/verifier/analysis/network/index.ts';
import { cfnModel } from '../helpers.ts';

const ref = (id: string) => ({ Ref: id });
const att = (id: string, a: string) => ({ 'Fn::GetAtt': [id, a] });

function network(extra: Record<string, object> = {}) {
  return {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: true } },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24', AvailabilityZone: 'eu-west-1a' } },
      Private: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1a' } },
      Isolated: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), CidrBlock: '10.0.2.0/24', AvailabilityZone: 'eu-west-1a' } },
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Attach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('Igw') } },
      PublicRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
      PublicDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PublicRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') } },
      PublicAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('Public'), RouteTableId: ref('PublicRt') } },
      Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('Public'), AllocationId: att('Eip', 'AllocationId') } },
      PrivateRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
      PrivateDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRt'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat') } },
      PrivateAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('Private'), RouteTableId: ref('PrivateRt') } },
      IsolatedRt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
      IsolatedAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref('Isolated'), RouteTableId: ref('IsolatedRt') } },
      S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('Vpc'), ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, RouteTableIds: [ref('IsolatedRt')] } },
      EndpointSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'kms endpoint', VpcId: ref('Vpc'), SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: ref('FnSg') }], SecurityGroupEgress: [] } },
      KmsEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: ref('Vpc'), ServiceName: 'com.amazonaws.eu-west-1.kms', VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SubnetIds: [ref('Isolated')], SecurityGroupIds: [ref('EndpointSg')] } },
      FnSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'fn', VpcId: ref('Vpc'), SecurityGroupEgress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: att('S3Endpoint', 'PrefixListId') },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: ref('EndpointSg') },
      ] } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: att('Role', 'Arn'), Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [ref('Isolated')], SecurityGroupIds: [ref('FnSg')] } } },
      ...extra,
    },
  };
}

describe('network reachability', () => {
  test('an isolated subnet with endpoints: no internet, S3 through the gateway endpoint, KMS through the interface endpoint', async () => {
    const model = await cfnModel(network());
    const r = reachability(model, 'Fn');
    assert.equal(r.internet.verdict, 'unreachable', r.internet.reason);
    assert.equal(r.services.s3!.verdict, 'reachable', r.services.s3!.reason);
    assert.ok(r.services.s3!.path.includes('S3Endpoint'));
    assert.equal(r.services.kms!.verdict, 'reachable', r.services.kms!.reason);
    assert.ok(r.services.kms!.path.includes('KmsEndpoint'));
    assert.equal(r.services.dynamodb!.verdict, 'unreachable');
    assert.equal(r.services.logs!.verdict, 'unreachable');
  });

  test('a subnet routed to a NAT in a subnet routed to the IGW reaches the internet; without SG egress it does not', async () => {
    const open = await cfnModel(network({
      OpenSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'open', VpcId: ref('Vpc') } },
      Fn2: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'i.h', Role: att('Role', 'Arn'), Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [ref('Private')], SecurityGroupIds: [ref('OpenSg')] } } },
    }));
    const r = reachability(open, 'Fn2');
    assert.equal(r.internet.verdict, 'reachable', r.internet.reason);
    assert.ok(r.internet.path.includes('Nat'));
    assert.equal(r.services.logs!.verdict, 'reachable'); // over the internet
    const closed = reachability(await cfnModel(network({
      Fn2: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'i.h', Role: att('Role', 'Arn'), Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [ref('Private')], SecurityGroupIds: [ref('FnSg')] } } },
    })), 'Fn2');
    assert.equal(closed.internet.verdict, 'unreachable', closed.internet.reason);
  });

  test('a NACL that denies return traffic blocks the S3 path; an unknown subnet makes the verdict unknown', async () => {
    const model = await cfnModel(network({
      Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: ref('Vpc') } },
      AclOut: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: ref('Acl'), RuleNumber: 100, Protocol: 6, RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } } },
      AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: ref('Isolated'), NetworkAclId: ref('Acl') } },
    }));
    const r = reachability(model, 'Fn');
    assert.equal(r.services.s3!.verdict, 'unreachable');
    assert.match(r.services.s3!.reason, /return traffic/);

    const unknown = await cfnModel({ Parameters: { SubnetId: { Type: 'String' } }, Resources: { ...network().Resources,
      Fn3: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'i.h', Role: att('Role', 'Arn'), Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: [ref('SubnetId')], SecurityGroupIds: [ref('FnSg')] } } } } });
    assert.equal(reachability(unknown, 'Fn3').internet.verdict, 'unknown');
  });

  test('subnet to subnet: SG egress and both NACLs decide', async () => {
    const model = await cfnModel(network());
    const r = reachability(model, 'Fn');
    // FnSg egress only to the prefix list and the endpoint SG: the public subnet is unreachable.
    assert.equal(r.subnets.Public!.verdict, 'unreachable');
    assert.deepEqual(computePlaces(model).map((p) => p.address), ['Fn']);
  });

  test('a literal AWS-managed prefix list counts for the gateway endpoint of its service, once the region is pinned', async () => {
    const pinned = (prefixList: string) => ({
      Rules: { Region: { Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }] } },
      ...network({
        FnSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'fn', VpcId: ref('Vpc'), SecurityGroupEgress: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: prefixList },
        ] } },
      }),
    });
    // pl-63a5400a is com.amazonaws.us-east-1.s3.
    assert.equal(reachability(await cfnModel(pinned('pl-63a5400a')), 'Fn').services.s3!.verdict, 'reachable');
    // pl-02cd2c6b is DynamoDB's list: it opens no path to the S3 endpoint.
    assert.equal(reachability(await cfnModel(pinned('pl-02cd2c6b')), 'Fn').services.s3!.verdict, 'unreachable');
    // An id we cannot vouch for may be anything: unknown, never a pass.
    assert.equal(reachability(await cfnModel(pinned('pl-0123456789abcdef0')), 'Fn').services.s3!.verdict, 'unknown');
  });
});
