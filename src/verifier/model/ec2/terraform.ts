// Terraform → network model: VPCs, subnets, route tables and routes (inline and separate), gateways, endpoints,
// security groups (inline, aws_security_group_rule, aws_vpc_security_group_*_rule), NACLs, flow logs.
import type { RawResource, Value } from '../../load/types.ts';
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, isUnknownValue, locate, objects, refAt, refOf, refsAt } from '../fields.ts';
import type { NetworkAcl, NetworkAclEntry, Ref, Route, RouteTable, SecurityGroup, Subnet, VpcEndpoint } from '../model.ts';
import { destinationPrefix, numberField, protocolField, routeTargetKind, securityGroupRule, shortServiceName, stringField } from './common.ts';
import { createdAfter } from '../lambda/common.ts';

const ROUTE_TARGETS = [
  'gateway_id', 'nat_gateway_id', 'vpc_endpoint_id', 'transit_gateway_id', 'vpc_peering_connection_id', 'network_interface_id',
  'egress_only_gateway_id', 'local_gateway_id', 'carrier_gateway_id', 'core_network_arn',
];

function route(address: string, attrs: Record<string, Value>, location: Route['location'], ctx: AdaptContext, cidrKey: string, ipv6Key: string, prefixKey: string): Route {
  let argument = 'gateway_id';
  let target: Ref = { provenance: 'default', location };
  for (const key of ROUTE_TARGETS) {
    const value = attrs[key];
    if (value !== undefined && value !== null && value !== '') {
      argument = key;
      target = refOf(value, location, ctx.addresses);
      break;
    }
  }
  return {
    address,
    location,
    destinationCidr: stringField(attrs[cidrKey], location),
    destinationIpv6Cidr: stringField(attrs[ipv6Key], location),
    destinationPrefixList: refOf(attrs[prefixKey], location, ctx.addresses),
    targetKind: target.provenance === 'default' ? 'unknown' : routeTargetKind(argument, target, ctx),
    target,
  };
}

export function adaptTerraformEc2(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'aws_vpc', 'aws_default_vpc')) {
    m.vpcs.push({
      ...base(raw, 'vpc'),
      cidr: field(raw, 'cidr_block', asString),
      enableDnsSupport: field(raw, 'enable_dns_support', asBoolean, true),
      enableDnsHostnames: field(raw, 'enable_dns_hostnames', asBoolean, raw.type === 'aws_default_vpc'),
      isDefault: raw.type === 'aws_default_vpc',
      defaultSecurityGroupManageable: true,
    });
  }
  for (const raw of ofType(ctx, 'aws_subnet', 'aws_default_subnet')) {
    m.subnets.push({
      ...base(raw, 'subnet'),
      vpc: refAt(raw, 'vpc_id', refs),
      cidr: field(raw, 'cidr_block', asString),
      ipv6Cidr: field(raw, 'ipv6_cidr_block', asString),
      availabilityZone: field(raw, 'availability_zone', asString),
      mapPublicIpOnLaunch: field(raw, 'map_public_ip_on_launch', asBoolean, raw.type === 'aws_default_subnet'),
    } satisfies Subnet);
  }
  for (const raw of ofType(ctx, 'aws_route_table', 'aws_default_route_table')) {
    const isDefault = raw.type === 'aws_default_route_table';
    const table: RouteTable = {
      ...base(raw, 'route-table'),
      vpc: isDefault ? vpcOfDefault(raw, ctx) : refAt(raw, 'vpc_id', refs),
      routes: objects(at(raw.attributes, 'route')).map((attrs, i) =>
        route(raw.address, attrs, locate(raw, `route.${i}`), ctx, 'cidr_block', 'ipv6_cidr_block', 'destination_prefix_list_id')),
      subnets: [],
      isMain: isDefault,
    };
    m.routeTables.push(table);
  }
  for (const raw of ofType(ctx, 'aws_route')) {
    const table = find(refAt(raw, 'route_table_id', refs), m.routeTables) ?? mainTableByDefaultId(raw, ctx);
    if (!table) {
      orphan(ctx, raw, 'a route table');
      continue;
    }
    table.routes.push(route(raw.address, raw.attributes as Record<string, Value>, locate(raw, ''), ctx, 'destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id'));
    attach(table, raw);
  }
  for (const raw of ofType(ctx, 'aws_route_table_association')) {
    const table = find(refAt(raw, 'route_table_id', refs), m.routeTables) ?? mainTableByDefaultId(raw, ctx);
    if (!table) {
      orphan(ctx, raw, 'a route table');
      continue;
    }
    if (at(raw.attributes, 'subnet_id') !== undefined) table.subnets.push(refAt(raw, 'subnet_id', refs));
    attach(table, raw);
  }
  for (const raw of ofType(ctx, 'aws_main_route_table_association')) {
    const table = find(refAt(raw, 'route_table_id', refs), m.routeTables);
    if (table) {
      table.isMain = true;
      attach(table, raw);
    } else orphan(ctx, raw, 'a route table');
  }
  for (const raw of ofType(ctx, 'aws_internet_gateway', 'aws_egress_only_internet_gateway')) {
    m.internetGateways.push({ ...base(raw, 'internet-gateway'), vpc: refAt(raw, 'vpc_id', refs), egressOnly: raw.type === 'aws_egress_only_internet_gateway' });
  }
  for (const raw of ofType(ctx, 'aws_internet_gateway_attachment')) {
    const igw = find(refAt(raw, 'internet_gateway_id', refs), m.internetGateways);
    if (!igw) {
      orphan(ctx, raw, 'an internet gateway');
      continue;
    }
    igw.vpc = refAt(raw, 'vpc_id', refs);
    attach(igw, raw);
  }
  for (const raw of ofType(ctx, 'aws_nat_gateway')) {
    m.natGateways.push({ ...base(raw, 'nat-gateway'), subnet: refAt(raw, 'subnet_id', refs), connectivity: field(raw, 'connectivity_type', asString, 'public'), allocation: refAt(raw, 'allocation_id', refs) });
  }
  for (const raw of ofType(ctx, 'aws_eip')) {
    const vpc = at(raw.attributes, 'vpc');
    m.eips.push({ ...base(raw, 'eip'), domain: vpc === true ? { value: 'vpc', provenance: 'explicit', location: locate(raw, 'vpc') } : field(raw, 'domain', asString), instance: refAt(raw, 'instance', refs) });
  }
  for (const raw of ofType(ctx, 'aws_vpc_endpoint')) {
    const serviceName = field(raw, 'service_name', asString);
    const endpoint: VpcEndpoint = {
      ...base(raw, 'vpc-endpoint'),
      vpc: refAt(raw, 'vpc_id', refs),
      serviceName,
      service: shortServiceName(at(raw.attributes, 'service_name')),
      endpointType: field(raw, 'vpc_endpoint_type', (v) => asString(v)?.toLowerCase(), 'gateway'),
      routeTables: refsAt(raw, 'route_table_ids', refs),
      subnets: [...refsAt(raw, 'subnet_ids', refs), ...objects(at(raw.attributes, 'subnet_configuration')).map((c) => refOf(c.subnet_id, locate(raw, 'subnet_configuration'), refs))],
      securityGroups: refsAt(raw, 'security_group_ids', refs),
      privateDns: field(raw, 'private_dns_enabled', asBoolean, false),
      policy: undefined,
    };
    if (at(raw.attributes, 'policy') !== undefined && at(raw.attributes, 'policy') !== null) policyAt(ctx, raw, 'policy', (d) => { endpoint.policy = d; });
    m.vpcEndpoints.push(endpoint);
  }
  for (const raw of ofType(ctx, 'aws_instance')) {
    m.instances.push({
      ...base(raw, 'instance'),
      inVpc: at(raw.attributes, 'subnet_id') !== undefined,
      subnets: refsAt(raw, 'subnet_id', refs),
      securityGroups: refsAt(raw, 'vpc_security_group_ids', refs),
    });
  }
  for (const raw of ofType(ctx, 'aws_vpc_endpoint_route_table_association', 'aws_vpc_endpoint_subnet_association', 'aws_vpc_endpoint_security_group_association', 'aws_vpc_endpoint_policy')) {
    const endpoint = find(refAt(raw, 'vpc_endpoint_id', refs), m.vpcEndpoints);
    if (!endpoint) {
      orphan(ctx, raw, 'a VPC endpoint');
      continue;
    }
    if (raw.type === 'aws_vpc_endpoint_route_table_association') endpoint.routeTables.push(refAt(raw, 'route_table_id', refs));
    if (raw.type === 'aws_vpc_endpoint_subnet_association') endpoint.subnets.push(refAt(raw, 'subnet_id', refs));
    if (raw.type === 'aws_vpc_endpoint_security_group_association') endpoint.securityGroups.push(refAt(raw, 'security_group_id', refs));
    if (raw.type === 'aws_vpc_endpoint_policy') policyAt(ctx, raw, 'policy', (d) => { endpoint.policy = d; });
    attach(endpoint, raw);
  }

  for (const raw of ofType(ctx, 'aws_security_group', 'aws_default_security_group')) {
    const group: SecurityGroup = {
      ...base(raw, 'security-group'),
      vpc: refAt(raw, 'vpc_id', refs),
      name: field(raw, 'name', asString),
      isDefault: raw.type === 'aws_default_security_group',
      ingress: [],
      egress: [],
    };
    for (const direction of ['ingress', 'egress'] as const) {
      objects(at(raw.attributes, direction)).forEach((r, i) => {
        group[direction].push(securityGroupRule({
          address: raw.address, location: locate(raw, `${direction}.${i}`), direction,
          protocol: r.protocol, fromPort: r.from_port, toPort: r.to_port, cidrs: r.cidr_blocks, ipv6Cidrs: r.ipv6_cidr_blocks,
          prefixLists: r.prefix_list_ids, groups: r.security_groups, self: r.self, description: r.description,
        }, ctx));
      });
    }
    // Terraform removes the allow-all egress AWS creates, so a group without egress blocks has none.
    m.securityGroups.push(group);
  }
  for (const raw of ofType(ctx, 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule')) {
    const group = find(refAt(raw, 'security_group_id', refs), m.securityGroups);
    if (!group) {
      orphan(ctx, raw, 'a security group');
      continue;
    }
    const a = raw.attributes as Record<string, Value>;
    const location = locate(raw, '');
    if (raw.type === 'aws_security_group_rule') {
      const direction = a.type === 'egress' ? 'egress' : 'ingress';
      group[direction].push(securityGroupRule({
        address: raw.address, location, direction, protocol: a.protocol, fromPort: a.from_port, toPort: a.to_port,
        cidrs: a.cidr_blocks, ipv6Cidrs: a.ipv6_cidr_blocks, prefixLists: a.prefix_list_ids, groups: a.source_security_group_id, self: a.self, description: a.description,
      }, ctx));
    } else {
      const direction = raw.type === 'aws_vpc_security_group_egress_rule' ? 'egress' : 'ingress';
      group[direction].push(securityGroupRule({
        address: raw.address, location, direction, protocol: a.ip_protocol, fromPort: a.from_port, toPort: a.to_port,
        cidrs: a.cidr_ipv4, ipv6Cidrs: a.cidr_ipv6, prefixLists: a.prefix_list_id, groups: a.referenced_security_group_id, description: a.description,
      }, ctx));
    }
    attach(group, raw);
  }

  for (const raw of ofType(ctx, 'aws_network_acl', 'aws_default_network_acl')) {
    const isDefault = raw.type === 'aws_default_network_acl';
    const acl: NetworkAcl = {
      ...base(raw, 'network-acl'),
      vpc: isDefault ? vpcOfDefault(raw, ctx) : refAt(raw, 'vpc_id', refs),
      entries: [],
      subnets: refsAt(raw, 'subnet_ids', refs),
      isDefault,
    };
    for (const direction of ['ingress', 'egress'] as const) {
      objects(at(raw.attributes, direction)).forEach((r, i) => {
        const location = locate(raw, `${direction}.${i}`);
        acl.entries.push(aclEntry(raw.address, location, direction === 'egress', r.rule_no, r.protocol, r.action, r.cidr_block, r.ipv6_cidr_block, r.from_port, r.to_port));
      });
    }
    m.networkAcls.push(acl);
  }
  for (const raw of ofType(ctx, 'aws_network_acl_rule')) {
    const acl = find(refAt(raw, 'network_acl_id', refs), m.networkAcls);
    if (!acl) {
      orphan(ctx, raw, 'a network ACL');
      continue;
    }
    const a = raw.attributes as Record<string, Value>;
    acl.entries.push(aclEntry(raw.address, locate(raw, ''), a.egress === true || a.egress === 'true', a.rule_number, a.protocol, a.rule_action, a.cidr_block, a.ipv6_cidr_block, a.from_port, a.to_port));
    attach(acl, raw);
  }
  for (const raw of ofType(ctx, 'aws_network_acl_association')) {
    const acl = find(refAt(raw, 'network_acl_id', refs), m.networkAcls);
    if (!acl) {
      orphan(ctx, raw, 'a network ACL');
      continue;
    }
    acl.subnets.push(refAt(raw, 'subnet_id', refs));
    attach(acl, raw);
  }

  for (const raw of ofType(ctx, 'aws_flow_log')) {
    const kinds = [['vpc_id', 'vpc'], ['subnet_id', 'subnet'], ['eni_id', 'network-interface']] as const;
    const which = kinds.find(([key]) => at(raw.attributes, key) !== undefined && at(raw.attributes, key) !== null);
    const destination = refAt(raw, 'log_destination', refs);
    const logGroup = at(raw.attributes, 'log_group_name') !== undefined ? refAt(raw, 'log_group_name', refs) : destination;
    m.flowLogs.push({
      ...base(raw, 'flow-log'),
      resource: which ? refAt(raw, which[0], refs) : { provenance: 'default', location: locate(raw, '') },
      resourceKind: which ? which[1] : 'unknown',
      trafficType: field(raw, 'traffic_type', asString),
      destinationType: field(raw, 'log_destination_type', asString, 'cloud-watch-logs'),
      destination,
      destinationPrefix: destinationPrefix(at(raw.attributes, 'log_destination'), locate(raw, 'log_destination')),
      logGroup,
      deliveryRole: refAt(raw, 'iam_role_arn', refs),
      fileFormat: field(raw, 'destination_options.file_format', asString, 'plain-text'),
      hivePartitions: field(raw, 'destination_options.hive_compatible_partitions', asBoolean, false),
      perHourPartition: field(raw, 'destination_options.per_hour_partition', asBoolean, false),
      createdAfter: createdAfter(raw, refs),
    });
  }
}

function aclEntry(address: string, location: NetworkAclEntry['location'], egress: boolean, ruleNo: Value | undefined, protocol: Value | undefined, action: Value | undefined,
  cidr: Value | undefined, ipv6: Value | undefined, from: Value | undefined, to: Value | undefined): NetworkAclEntry {
  const p = protocolField(protocol, location);
  const all = p.value === '-1';
  return {
    address, location, egress,
    ruleNumber: numberField(ruleNo, location),
    protocol: p,
    action: stringField(typeof action === 'string' ? action.toLowerCase() : action, location),
    cidr: stringField(cidr, location),
    ipv6Cidr: stringField(ipv6, location),
    fromPort: all ? { value: 0, provenance: 'default', location } : numberField(from, location, 0),
    toPort: all ? { value: 65535, provenance: 'default', location } : numberField(to, location, 65535),
  };
}

/** aws_default_route_table / aws_default_network_acl name the VPC through its default_*_id attribute. */
function vpcOfDefault(raw: RawResource, ctx: AdaptContext): Ref {
  const id = at(raw.attributes, raw.type === 'aws_default_route_table' ? 'default_route_table_id' : 'default_network_acl_id');
  if (isUnknownValue(id) && ctx.addresses.has(id.address)) return { target: id.address, attribute: 'id', provenance: 'explicit', location: locate(raw, '') };
  return refOf(id, locate(raw, ''), ctx.addresses);
}

/** `route_table_id = aws_vpc.this.main_route_table_id` / `aws_default_route_table.this.id`. */
function mainTableByDefaultId(raw: RawResource, ctx: AdaptContext): RouteTable | undefined {
  const id = at(raw.attributes, raw.type === 'aws_network_acl_rule' ? 'network_acl_id' : 'route_table_id');
  if (!isUnknownValue(id) || !/main_route_table_id|default_route_table_id/.test(id.attribute)) return undefined;
  let table = ctx.model.routeTables.find((t) => t.isMain && t.vpc.target === id.address);
  if (!table) {
    const vpc = ctx.byAddress.get(id.address);
    if (!vpc) return undefined;
    table = { ...base(vpc, 'route-table'), address: `${vpc.address}.main_route_table`, resourceType: 'aws_main_route_table', sources: [], vpc: { target: vpc.address, attribute: 'id', provenance: 'explicit', location: locate(vpc, '') }, routes: [], subnets: [], isMain: true };
    ctx.model.routeTables.push(table);
  }
  return table;
}

