// CloudFormation → network model. Separate resources (Route, SubnetRouteTableAssociation, VPCGatewayAttachment,
// SecurityGroupIngress/Egress, NetworkAclEntry, SubnetNetworkAclAssociation) are folded into their owners.
import type { Value } from '../../load/types.ts';
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, objects, refAt, refsAt } from '../fields.ts';
import type { NetworkAcl, Ref, Route, RouteTable, SecurityGroup, SecurityGroupRule, VpcEndpoint } from '../model.ts';
import { destinationPrefix, implicitAllowAllEgress, numberField, protocolField, routeTargetKind, securityGroupRule, shortServiceName, stringField } from './common.ts';
import { createdAfter } from '../lambda/common.ts';

const ROUTE_TARGETS = ['GatewayId', 'NatGatewayId', 'VpcEndpointId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'NetworkInterfaceId', 'EgressOnlyInternetGatewayId', 'InstanceId', 'LocalGatewayId', 'CarrierGatewayId', 'CoreNetworkArn'];

function sgRule(address: string, location: SecurityGroupRule['location'], direction: 'ingress' | 'egress', r: Record<string, Value>, ctx: AdaptContext): SecurityGroupRule {
  const ingress = direction === 'ingress';
  return securityGroupRule({
    address, location, direction,
    protocol: r.IpProtocol, fromPort: r.FromPort, toPort: r.ToPort, cidrs: r.CidrIp, ipv6Cidrs: r.CidrIpv6,
    prefixLists: ingress ? r.SourcePrefixListId : r.DestinationPrefixListId,
    groups: ingress ? r.SourceSecurityGroupId ?? r.SourceSecurityGroupName : r.DestinationSecurityGroupId,
    description: r.Description,
  }, ctx);
}

export function adaptCloudFormationEc2(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'AWS::EC2::VPC')) {
    m.vpcs.push({
      ...base(raw, 'vpc'),
      cidr: field(raw, 'CidrBlock', asString),
      enableDnsSupport: field(raw, 'EnableDnsSupport', asBoolean, true),
      enableDnsHostnames: field(raw, 'EnableDnsHostnames', asBoolean, false),
      isDefault: false,
      // CloudFormation has no resource for the default security group: its rules stay as AWS made them.
      defaultSecurityGroupManageable: false,
    });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::Subnet')) {
    m.subnets.push({
      ...base(raw, 'subnet'),
      vpc: refAt(raw, 'VpcId', refs),
      cidr: field(raw, 'CidrBlock', asString),
      ipv6Cidr: field(raw, 'Ipv6CidrBlock', asString),
      availabilityZone: field(raw, 'AvailabilityZone', asString),
      mapPublicIpOnLaunch: field(raw, 'MapPublicIpOnLaunch', asBoolean, false),
    });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::RouteTable')) {
    m.routeTables.push({ ...base(raw, 'route-table'), vpc: refAt(raw, 'VpcId', refs), routes: [], subnets: [], isMain: false } satisfies RouteTable);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::Route')) {
    const table = find(refAt(raw, 'RouteTableId', refs), m.routeTables);
    if (!table) {
      orphan(ctx, raw, 'a route table');
      continue;
    }
    const a = raw.attributes as Record<string, Value>;
    const location = locate(raw, '');
    let argument = 'GatewayId';
    let target: Ref = { provenance: 'default', location };
    for (const key of ROUTE_TARGETS) {
      if (a[key] !== undefined && a[key] !== null) {
        argument = key;
        target = refAt(raw, key, refs);
        break;
      }
    }
    const r: Route = {
      address: raw.address,
      location,
      destinationCidr: stringField(a.DestinationCidrBlock, locate(raw, 'DestinationCidrBlock')),
      destinationIpv6Cidr: stringField(a.DestinationIpv6CidrBlock, locate(raw, 'DestinationIpv6CidrBlock')),
      destinationPrefixList: refAt(raw, 'DestinationPrefixListId', refs),
      targetKind: target.provenance === 'default' ? 'unknown' : routeTargetKind(argument, target, ctx),
      target,
    };
    table.routes.push(r);
    attach(table, raw);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::SubnetRouteTableAssociation')) {
    const table = find(refAt(raw, 'RouteTableId', refs), m.routeTables);
    if (!table) {
      orphan(ctx, raw, 'a route table');
      continue;
    }
    table.subnets.push(refAt(raw, 'SubnetId', refs));
    attach(table, raw);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::InternetGateway')) {
    m.internetGateways.push({ ...base(raw, 'internet-gateway'), vpc: { provenance: 'default', location: locate(raw, '') }, egressOnly: false });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::EgressOnlyInternetGateway')) {
    m.internetGateways.push({ ...base(raw, 'internet-gateway'), vpc: refAt(raw, 'VpcId', refs), egressOnly: true });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::VPCGatewayAttachment')) {
    if (at(raw.attributes, 'InternetGatewayId') === undefined) continue; // VPN gateway attachments
    const igw = find(refAt(raw, 'InternetGatewayId', refs), m.internetGateways);
    if (!igw) {
      orphan(ctx, raw, 'an internet gateway');
      continue;
    }
    igw.vpc = refAt(raw, 'VpcId', refs);
    attach(igw, raw);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::NatGateway')) {
    m.natGateways.push({ ...base(raw, 'nat-gateway'), subnet: refAt(raw, 'SubnetId', refs), connectivity: field(raw, 'ConnectivityType', asString, 'public'), allocation: refAt(raw, 'AllocationId', refs) });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::EIP')) {
    m.eips.push({ ...base(raw, 'eip'), domain: field(raw, 'Domain', asString), instance: refAt(raw, 'InstanceId', refs) });
  }
  for (const raw of ofType(ctx, 'AWS::EC2::VPCEndpoint')) {
    const endpoint: VpcEndpoint = {
      ...base(raw, 'vpc-endpoint'),
      vpc: refAt(raw, 'VpcId', refs),
      serviceName: field(raw, 'ServiceName', asString),
      service: shortServiceName(at(raw.attributes, 'ServiceName')),
      endpointType: field(raw, 'VpcEndpointType', (v) => asString(v)?.toLowerCase(), 'gateway'),
      routeTables: refsAt(raw, 'RouteTableIds', refs),
      subnets: refsAt(raw, 'SubnetIds', refs),
      securityGroups: refsAt(raw, 'SecurityGroupIds', refs),
      privateDns: field(raw, 'PrivateDnsEnabled', asBoolean, false),
      policy: undefined,
    };
    if (at(raw.attributes, 'PolicyDocument') !== undefined) policyAt(ctx, raw, 'PolicyDocument', (d) => { endpoint.policy = d; });
    m.vpcEndpoints.push(endpoint);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::Instance')) {
    const subnet = at(raw.attributes, 'SubnetId');
    m.instances.push({
      ...base(raw, 'instance'),
      inVpc: subnet !== undefined,
      subnets: refsAt(raw, 'SubnetId', refs),
      securityGroups: refsAt(raw, 'SecurityGroupIds', refs),
    });
  }

  for (const raw of ofType(ctx, 'AWS::EC2::SecurityGroup')) {
    const group: SecurityGroup = {
      ...base(raw, 'security-group'),
      vpc: refAt(raw, 'VpcId', refs),
      name: field(raw, 'GroupName', asString),
      isDefault: false,
      ingress: objects(at(raw.attributes, 'SecurityGroupIngress')).map((r, i) => sgRule(raw.address, locate(raw, `SecurityGroupIngress.${i}`), 'ingress', r, ctx)),
      egress: objects(at(raw.attributes, 'SecurityGroupEgress')).map((r, i) => sgRule(raw.address, locate(raw, `SecurityGroupEgress.${i}`), 'egress', r, ctx)),
    };
    // Without SecurityGroupEgress, AWS keeps its allow-all egress (separate SecurityGroupEgress resources add to it).
    if (at(raw.attributes, 'SecurityGroupEgress') === undefined) group.egress.push(implicitAllowAllEgress(raw, locate(raw, '')));
    m.securityGroups.push(group);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress')) {
    const group = find(refAt(raw, 'GroupId', refs), m.securityGroups);
    if (!group) {
      orphan(ctx, raw, 'a security group');
      continue;
    }
    const direction = raw.type === 'AWS::EC2::SecurityGroupEgress' ? 'egress' : 'ingress';
    group[direction].push(sgRule(raw.address, locate(raw, ''), direction, raw.attributes as Record<string, Value>, ctx));
    attach(group, raw);
  }

  for (const raw of ofType(ctx, 'AWS::EC2::NetworkAcl')) {
    m.networkAcls.push({ ...base(raw, 'network-acl'), vpc: refAt(raw, 'VpcId', refs), entries: [], subnets: [], isDefault: false } satisfies NetworkAcl);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::NetworkAclEntry')) {
    const acl = find(refAt(raw, 'NetworkAclId', refs), m.networkAcls);
    if (!acl) {
      orphan(ctx, raw, 'a network ACL');
      continue;
    }
    const a = raw.attributes as Record<string, Value>;
    const location = locate(raw, '');
    const protocol = protocolField(a.Protocol, location);
    const all = protocol.value === '-1' || protocol.value === 'icmp';
    acl.entries.push({
      address: raw.address,
      location,
      egress: a.Egress === true || a.Egress === 'true',
      ruleNumber: numberField(a.RuleNumber, location),
      protocol,
      action: stringField(typeof a.RuleAction === 'string' ? a.RuleAction.toLowerCase() : a.RuleAction, location),
      cidr: stringField(a.CidrBlock, location),
      ipv6Cidr: stringField(a.Ipv6CidrBlock, location),
      fromPort: all ? { value: 0, provenance: 'default', location } : numberField(at(a, 'PortRange.From'), location, 0),
      toPort: all ? { value: 65535, provenance: 'default', location } : numberField(at(a, 'PortRange.To'), location, 65535),
    });
    attach(acl, raw);
  }
  for (const raw of ofType(ctx, 'AWS::EC2::SubnetNetworkAclAssociation')) {
    const acl = find(refAt(raw, 'NetworkAclId', refs), m.networkAcls);
    if (!acl) {
      orphan(ctx, raw, 'a network ACL');
      continue;
    }
    acl.subnets.push(refAt(raw, 'SubnetId', refs));
    attach(acl, raw);
  }

  for (const raw of ofType(ctx, 'AWS::EC2::FlowLog')) {
    const type = asString(at(raw.attributes, 'ResourceType') ?? '') ?? '';
    const kind = type === 'VPC' ? 'vpc' : type === 'Subnet' ? 'subnet' : type === 'NetworkInterface' ? 'network-interface' : 'unknown';
    const destination = refAt(raw, 'LogDestination', refs);
    m.flowLogs.push({
      ...base(raw, 'flow-log'),
      resource: refAt(raw, 'ResourceId', refs),
      resourceKind: kind,
      trafficType: field(raw, 'TrafficType', asString),
      destinationType: field(raw, 'LogDestinationType', asString, 'cloud-watch-logs'),
      destination,
      destinationPrefix: destinationPrefix(at(raw.attributes, 'LogDestination'), locate(raw, 'LogDestination')),
      logGroup: at(raw.attributes, 'LogGroupName') !== undefined ? refAt(raw, 'LogGroupName', refs) : destination,
      deliveryRole: refAt(raw, 'DeliverLogsPermissionArn', refs),
      fileFormat: field(raw, 'DestinationOptions.FileFormat', asString, 'plain-text'),
      hivePartitions: field(raw, 'DestinationOptions.HiveCompatiblePartitions', asBoolean, false),
      perHourPartition: field(raw, 'DestinationOptions.PerHourPartition', asBoolean, false),
      createdAfter: createdAfter(raw, refs),
    });
  }
}
