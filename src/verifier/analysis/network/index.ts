// Network reachability: for every place code runs (Lambda ENIs per subnet, RDS instances, EC2 instances), which
// destinations are reachable — the internet, each AWS service (through which endpoint, or through the internet),
// and the other subnets — from route tables, security groups and stateless NACLs together. Unknown stays unknown.
import { managedPrefixListService } from './managed-prefix-lists.ts';
import type { SourceLocation } from '../../load/types.ts';
import type { DbInstance, Model, NetworkAcl, Ref, RouteTable, SecurityGroup, SecurityGroupRule, Subnet, VpcEndpoint } from '../../model/model.ts';
import { coversPublic, overlaps, parseCidr, touchesPublic, type Range } from './cidr.ts';
import { evaluateAcl, type Decision, type Peer } from './nacl.ts';

export type Reach = 'reachable' | 'unreachable' | 'unknown';

export interface PathResult {
  verdict: Reach;
  /** The hops, as addresses and short notes: place → subnet → route table → route → gateway. */
  path: string[];
  /** One sentence: why. */
  reason: string;
  /** Where the deciding setting was written. */
  location?: SourceLocation;
}

export interface ComputePlace {
  address: string;
  kind: 'lambda' | 'rds' | 'instance';
  /** False for a Lambda function outside any VPC (it runs on AWS's network, with internet access). */
  inVpc: boolean;
  subnets: Ref[];
  securityGroups: Ref[];
  location: SourceLocation;
}

export interface SubnetReachability {
  /** Subnet address, or the unresolved reference text. */
  subnet: string;
  internet: PathResult;
  services: Record<string, PathResult>;
  subnets: Record<string, PathResult>;
}

export interface Reachability {
  place: ComputePlace;
  /** Worst case over the place's subnets: reachable from any subnet is reachable. */
  internet: PathResult;
  services: Record<string, PathResult>;
  subnets: Record<string, PathResult>;
  perSubnet: SubnetReachability[];
}

/** Services every analysis reports, plus whatever the model has endpoints for. */
export const COMMON_SERVICES = ['s3', 'dynamodb', 'kms', 'logs', 'sts', 'sns', 'sqs', 'secretsmanager', 'lambda', 'monitoring', 'events', 'ssm', 'ec2'];

const HTTPS = { protocol: 'tcp', from: 443, to: 443 };
const EPHEMERAL = { from: 1024, to: 65535 };

export function computePlaces(model: Model): ComputePlace[] {
  const places: ComputePlace[] = [];
  for (const fn of model.functions) {
    places.push({ address: fn.address, kind: 'lambda', inVpc: fn.inVpc.value === true, subnets: fn.subnets, securityGroups: fn.securityGroups, location: fn.location });
  }
  for (const db of model.dbInstances) {
    const group = model.dbSubnetGroups.find((g) => g.address === db.subnetGroup.target || (db.subnetGroup.literal !== undefined && g.name.value === db.subnetGroup.literal));
    places.push({ address: db.address, kind: 'rds', inVpc: true, subnets: group?.subnets ?? (db.subnetGroup.provenance === 'default' ? [] : [db.subnetGroup]), securityGroups: db.securityGroups, location: db.location });
  }
  for (const instance of model.instances) {
    places.push({ address: instance.address, kind: 'instance', inVpc: instance.inVpc, subnets: instance.subnets, securityGroups: instance.securityGroups, location: instance.location });
  }
  return places;
}

// ── verdict algebra ───────────────────────────────────────────────────────────────────────────────────────────
const rank: Record<Reach, number> = { unreachable: 0, unknown: 1, reachable: 2 };
/** Any alternative that reaches wins; else unknown if any is unknown. */
export function best(results: PathResult[], none: PathResult): PathResult {
  let out: PathResult | undefined;
  for (const r of results) if (!out || rank[r.verdict] > rank[out.verdict]) out = r;
  return out ?? none;
}
/** All hops must pass: one unreachable blocks, else one unknown makes it unknown. */
function chain(path: string[], steps: { decision: Decision; reason: string; location?: SourceLocation }[], success: string): PathResult {
  const blocked = steps.find((s) => s.decision === 'deny');
  if (blocked) return { verdict: 'unreachable', path, reason: blocked.reason, ...(blocked.location ? { location: blocked.location } : {}) };
  const unsure = steps.find((s) => s.decision === 'unknown');
  if (unsure) return { verdict: 'unknown', path, reason: unsure.reason, ...(unsure.location ? { location: unsure.location } : {}) };
  return { verdict: 'reachable', path, reason: success };
}

// ── lookups ───────────────────────────────────────────────────────────────────────────────────────────────────
function refName(ref: Ref): string {
  if (ref.target) return ref.target;
  if (ref.literal) return ref.literal;
  const u = ref.unknown;
  if (u && u.kind === 'unknown') return `${u.address}.${u.attribute}`;
  return '(known after apply)';
}

function subnetOf(model: Model, ref: Ref): Subnet | undefined {
  return ref.target ? model.subnets.find((s) => s.address === ref.target) : undefined;
}

function sameTarget(a: Ref, b: Ref): boolean {
  return (a.target !== undefined && a.target === b.target) || (a.literal !== undefined && a.literal === b.literal);
}

interface TableLookup { table: RouteTable | undefined; decision: Decision; reason: string }

function routeTableOf(model: Model, subnet: Subnet): TableLookup {
  const explicit = model.routeTables.find((t) => t.subnets.some((s) => s.target === subnet.address));
  if (explicit) return { table: explicit, decision: 'allow', reason: `${subnet.address} is associated with ${explicit.address}` };
  const uncertain = model.routeTables.find((t) => t.subnets.some((s) => !s.target && s.provenance === 'unknown'));
  if (uncertain) return { table: uncertain, decision: 'unknown', reason: `${uncertain.address} is associated with subnets known only after apply; ${subnet.address} may be one of them` };
  const main = model.routeTables.find((t) => t.isMain && sameTarget(t.vpc, subnet.vpc));
  if (main) return { table: main, decision: 'allow', reason: `${subnet.address} uses the VPC's main route table ${main.address}` };
  return { table: undefined, decision: 'allow', reason: `${subnet.address} has no explicit route table association; the VPC's main route table holds only the local route` };
}

function aclOf(model: Model, subnet: Subnet): { acl: NetworkAcl | undefined; decision: Decision; reason: string } {
  const explicit = model.networkAcls.find((a) => !a.isDefault && a.subnets.some((s) => s.target === subnet.address));
  if (explicit) return { acl: explicit, decision: 'allow', reason: '' };
  const uncertain = model.networkAcls.find((a) => a.subnets.some((s) => !s.target && s.provenance === 'unknown'));
  if (uncertain) return { acl: undefined, decision: 'unknown', reason: `${uncertain.address} is associated with subnets known only after apply` };
  const declaredDefault = model.networkAcls.find((a) => a.isDefault && sameTarget(a.vpc, subnet.vpc));
  return { acl: declaredDefault, decision: 'allow', reason: '' };
}

function groupsOf(model: Model, refs: Ref[], vpc: Ref): { groups: SecurityGroup[]; unknown: Ref[] } {
  if (refs.length === 0) {
    // No groups named: the VPC's default group (AWS: allow all egress and ingress from itself, unless Terraform manages it).
    const declared = model.securityGroups.find((g) => g.isDefault && sameTarget(g.vpc, vpc));
    return { groups: declared ? [declared] : [], unknown: declared ? [] : [{ provenance: 'default', location: { file: '(aws)', line: 0 }, literal: 'default security group' }] };
  }
  const groups: SecurityGroup[] = [];
  const unknown: Ref[] = [];
  for (const ref of refs) {
    const g = ref.target ? model.securityGroups.find((s) => s.address === ref.target) : undefined;
    if (g) groups.push(g);
    else unknown.push(ref);
  }
  return { groups, unknown };
}

function portsCover(rule: SecurityGroupRule, protocol: string, from: number, to: number): Decision {
  const p = rule.protocol.value;
  if (p === undefined) return 'unknown';
  // A query for any protocol ('-1') is met by a rule for some protocol on some port of the range.
  if (p !== '-1' && protocol !== '-1' && p !== protocol) return 'deny';
  if (p === '-1') return 'allow';
  const f = rule.fromPort.value;
  const t = rule.toPort.value;
  if (f === undefined || t === undefined) return 'unknown';
  return f <= to && from <= t ? 'allow' : 'deny';
}

type Match = (rule: SecurityGroupRule) => Decision;

/** Does any rule of the groups (egress or ingress) match? Unresolved groups make a no into an unknown. */
function sgAllows(groups: { groups: SecurityGroup[]; unknown: Ref[] }, direction: 'ingress' | 'egress', match: Match, ports: { protocol: string; from: number; to: number }): { decision: Decision; reason: string; location?: SourceLocation } {
  let unsure: { reason: string; location?: SourceLocation } | undefined;
  for (const group of groups.groups) {
    for (const rule of group[direction]) {
      const p = portsCover(rule, ports.protocol, ports.from, ports.to);
      if (p === 'deny') continue;
      const m = match(rule);
      if (m === 'deny') continue;
      if (m === 'allow' && p === 'allow') return { decision: 'allow', reason: `${rule.address} allows it`, location: rule.location };
      unsure ??= { reason: `${rule.address} may allow it, depending on values known only after apply`, location: rule.location };
    }
  }
  if (groups.unknown.length > 0) return { decision: 'unknown', reason: `security group ${refName(groups.unknown[0]!)} is not in the model`, location: groups.unknown[0]!.location };
  if (unsure) return { decision: 'unknown', ...unsure };
  const names = groups.groups.map((g) => g.address).join(', ') || 'its security groups';
  return { decision: 'deny', reason: `no ${direction} rule of ${names} allows it`, ...(groups.groups[0] ? { location: groups.groups[0].location } : {}) };
}

/** Rule matches a CIDR peer (a range or the internet). */
function cidrMatch(peer: Peer): Match {
  return (rule) => {
    let unsure = false;
    for (const c of rule.cidrs) {
      if (c.value === undefined) { unsure = true; continue; }
      const range = parseCidr(c.value);
      if (!range) { unsure = true; continue; }
      if (peer.kind === 'public' ? touchesPublic(range) : overlaps(range, peer.range)) return 'allow';
    }
    if (peer.kind === 'public' && rule.ipv6Cidrs.some((c) => c.value === undefined)) unsure = true;
    return unsure ? 'unknown' : 'deny';
  };
}

// ── destinations ──────────────────────────────────────────────────────────────────────────────────────────────
interface Origin { place: ComputePlace; subnet: Subnet; groups: { groups: SecurityGroup[]; unknown: Ref[] } }

function aclSteps(model: Model, subnet: Subnet, peer: Peer, ports: { protocol: string; from: number; to: number }) {
  const acl = aclOf(model, subnet);
  if (acl.decision === 'unknown') return [{ decision: 'unknown' as Decision, reason: acl.reason }];
  const out = evaluateAcl(acl.acl, { egress: true, peer, ...ports });
  const back = evaluateAcl(acl.acl, { egress: false, peer, protocol: ports.protocol, ...EPHEMERAL });
  return [
    { decision: out.decision, reason: `outbound: ${out.reason}`, ...(out.entry ? { location: out.entry.location } : acl.acl ? { location: acl.acl.location } : {}) },
    { decision: back.decision, reason: `return traffic: ${back.reason}`, ...(back.entry ? { location: back.entry.location } : acl.acl ? { location: acl.acl.location } : {}) },
  ];
}

/** Internet from one subnet: route to an IGW (or a NAT in a subnet routed to an IGW), SG egress, NACL both ways. */
function internetFrom(model: Model, origin: Origin): PathResult {
  const { subnet } = origin;
  const lookup = routeTableOf(model, subnet);
  const base = [origin.place.address, subnet.address, lookup.table?.address ?? '(main route table)'];
  const gateway = gatewayToInternet(model, lookup.table, new Set());
  if (lookup.decision === 'unknown' && gateway.verdict !== 'reachable') return { verdict: 'unknown', path: base, reason: lookup.reason };
  if (gateway.verdict === 'unreachable') return { verdict: 'unreachable', path: base, reason: gateway.reason, ...(gateway.location ? { location: gateway.location } : {}) };
  const sg = sgAllows(origin.groups, 'egress', cidrMatch({ kind: 'public' }), { protocol: '-1', from: 0, to: 65535 });
  const steps = [
    ...(lookup.decision === 'unknown' ? [{ decision: 'unknown' as Decision, reason: lookup.reason }] : []),
    { decision: gateway.verdict === 'reachable' ? 'allow' as Decision : 'unknown' as Decision, reason: gateway.reason, ...(gateway.location ? { location: gateway.location } : {}) },
    { ...sg, reason: `security groups: ${sg.reason}` },
    ...aclSteps(model, subnet, { kind: 'public' }, { protocol: '-1', from: 0, to: 65535 }),
  ];
  return chain([...base, ...gateway.path], steps, `${gateway.reason}; security groups and network ACLs let the traffic out and back`);
}

/** Whether a route table sends some traffic to the internet, and through what. */
function gatewayToInternet(model: Model, table: RouteTable | undefined, seen: Set<string>): PathResult {
  if (!table) return { verdict: 'unreachable', path: [], reason: 'no route leaves the VPC (only the local route)' };
  let unsure: PathResult | undefined;
  for (const route of table.routes) {
    const dest = route.destinationCidr.value ?? route.destinationIpv6Cidr.value;
    const destUnknown = route.destinationCidr.provenance === 'unknown' || route.destinationIpv6Cidr.provenance === 'unknown';
    const range = parseCidr(route.destinationCidr.value);
    const publicDest = destUnknown || route.destinationIpv6Cidr.value !== undefined || (range !== undefined && touchesPublic(range));
    if (!publicDest && route.destinationPrefixList.provenance === 'default') continue;
    const hop = `${route.address}: ${dest ?? refName(route.destinationPrefixList)} → ${refName(route.target)}`;
    switch (route.targetKind) {
      case 'internet-gateway':
      case 'egress-only-gateway': {
        const igw = route.target.target ? model.internetGateways.find((g) => g.address === route.target.target) : undefined;
        if (route.destinationPrefixList.provenance !== 'default' && route.destinationCidr.value === undefined) {
          unsure ??= { verdict: 'unknown', path: [hop], reason: `${route.address} sends a prefix list to an internet gateway`, location: route.location };
          continue;
        }
        return { verdict: 'reachable', path: [hop], reason: `${route.address} routes ${dest ?? 'traffic'} to internet gateway ${igw?.address ?? refName(route.target)}`, location: route.location };
      }
      case 'nat-gateway': {
        const nat = route.target.target ? model.natGateways.find((n) => n.address === route.target.target) : undefined;
        if (!nat) {
          unsure ??= { verdict: 'unknown', path: [hop], reason: `${route.address} routes to NAT gateway ${refName(route.target)}, which is not in the model`, location: route.location };
          continue;
        }
        if (nat.connectivity.value === 'private') continue;
        const natSubnet = subnetOf(model, nat.subnet);
        if (!natSubnet) {
          unsure ??= { verdict: 'unknown', path: [hop], reason: `NAT gateway ${nat.address} sits in subnet ${refName(nat.subnet)}, not in the model`, location: nat.location };
          continue;
        }
        const natTable = routeTableOf(model, natSubnet);
        if (natTable.table && seen.has(natTable.table.address)) continue;
        const onward = gatewayToInternet(model, natTable.table, new Set([...seen, table.address]));
        if (onward.verdict === 'reachable' && nat.connectivity.value === 'public') {
          return { verdict: 'reachable', path: [hop, nat.address, natSubnet.address, natTable.table?.address ?? '(main)', ...onward.path], reason: `${route.address} routes ${dest} to NAT gateway ${nat.address}, whose subnet ${natSubnet.address} routes to the internet`, location: route.location };
        }
        if (onward.verdict !== 'unreachable' || nat.connectivity.provenance === 'unknown') unsure ??= { ...onward, verdict: 'unknown', path: [hop, ...onward.path], location: route.location };
        break;
      }
      case 'vpc-endpoint':
      case 'local':
        break;
      default:
        unsure ??= { verdict: 'unknown', path: [hop], reason: `${route.address} sends ${dest ?? 'traffic'} to ${refName(route.target)} (${route.targetKind}), which may lead to the internet`, location: route.location };
    }
  }
  return unsure ?? { verdict: 'unreachable', path: [table.address], reason: `${table.address} has no route to an internet gateway or to a NAT gateway that has one`, location: table.location };
}

function sameVpc(a: Ref, b: Ref): boolean | undefined {
  if (a.target && b.target) return a.target === b.target;
  if (a.literal && b.literal) return a.literal === b.literal;
  return undefined;
}

function gatewayEndpointPath(model: Model, origin: Origin, endpoint: VpcEndpoint): PathResult {
  const lookup = routeTableOf(model, origin.subnet);
  const path = [origin.place.address, origin.subnet.address, lookup.table?.address ?? '(main route table)', endpoint.address];
  const onTable = lookup.table && endpoint.routeTables.some((r) => r.target === lookup.table!.address);
  const tableUnknown = endpoint.routeTables.some((r) => !r.target && r.provenance === 'unknown');
  const route: { decision: Decision; reason: string; location?: SourceLocation } = onTable && lookup.decision !== 'unknown'
    ? { decision: 'allow', reason: `${endpoint.address} is on ${lookup.table!.address}` }
    : tableUnknown || lookup.decision === 'unknown'
      ? { decision: 'unknown', reason: `${endpoint.address}'s route tables are known only after apply`, location: endpoint.location }
      : { decision: 'deny', reason: `gateway endpoint ${endpoint.address} is not on ${lookup.table?.address ?? 'the main route table'} of ${origin.subnet.address}`, location: endpoint.location };
  const match: Match = (rule) => {
    let unsure = false;
    for (const pl of rule.prefixLists) {
      if (pl.target === endpoint.address) return 'allow';
      const managed = pl.literal !== undefined ? managedPrefixListService(pl.literal) : undefined;
      if (managed !== undefined && managed === endpoint.serviceName.value) return 'allow';
      if (managed !== undefined && typeof endpoint.serviceName.value === 'string') continue; // another service's list
      if (!pl.target) unsure = true; // a data.aws_prefix_list or a variable: may be this service's list
    }
    const c = cidrMatch({ kind: 'public' })(rule);
    if (c === 'allow') return rule.cidrs.some((x) => x.value && coversPublic(parseCidr(x.value) ?? { start: 1, end: 0 })) ? 'allow' : 'unknown';
    return unsure || c === 'unknown' ? 'unknown' : 'deny';
  };
  const sg = sgAllows(origin.groups, 'egress', match, HTTPS);
  return chain(path, [route, { ...sg, reason: `security group egress to the ${endpoint.service} prefix list: ${sg.reason}` }, ...aclSteps(model, origin.subnet, { kind: 'public' }, HTTPS)],
    `through gateway endpoint ${endpoint.address}: on the subnet's route table, egress to its prefix list on 443, network ACLs open`);
}

function interfaceEndpointPath(model: Model, origin: Origin, endpoint: VpcEndpoint): PathResult {
  const az = origin.subnet.availabilityZone.value;
  const endpointSubnets = endpoint.subnets.map((r) => subnetOf(model, r));
  const local = endpointSubnets.find((s) => s && s.availabilityZone.value !== undefined && s.availabilityZone.value === az) ?? endpointSubnets.find((s) => s !== undefined);
  const path = [origin.place.address, origin.subnet.address, endpoint.address, local?.address ?? '(endpoint subnet)'];
  const steps: { decision: Decision; reason: string; location?: SourceLocation }[] = [];
  steps.push(endpoint.privateDns.value === true ? { decision: 'allow', reason: 'private DNS is on' }
    : endpoint.privateDns.provenance === 'unknown' ? { decision: 'unknown', reason: `${endpoint.address} private DNS is known only after apply`, location: endpoint.privateDns.location }
      : { decision: 'deny', reason: `${endpoint.address} has private DNS off, so the SDK resolves the public endpoint`, location: endpoint.privateDns.location });
  if (!local) steps.push({ decision: 'unknown', reason: `${endpoint.address}'s subnets are known only after apply`, location: endpoint.location });
  const endpointGroups = groupsOf(model, endpoint.securityGroups, endpoint.vpc);
  const originIds = new Set(origin.groups.groups.map((g) => g.address));
  const endpointIds = new Set(endpointGroups.groups.map((g) => g.address));
  const localRange = parseCidr(local?.cidr.value);
  const originRange = parseCidr(origin.subnet.cidr.value);
  const egress = sgAllows(origin.groups, 'egress', (rule) => {
    if (rule.groups.some((g) => g.target && endpointIds.has(g.target))) return 'allow';
    if (rule.self && [...endpointIds].some((id) => id === rule.address || originIds.has(id))) return 'allow';
    if (localRange) return cidrMatch({ kind: 'range', range: localRange })(rule) === 'allow' ? 'allow' : rule.groups.some((g) => !g.target) ? 'unknown' : cidrMatch({ kind: 'range', range: localRange })(rule);
    return 'unknown';
  }, HTTPS);
  const ingress = sgAllows(endpointGroups, 'ingress', (rule) => {
    if (rule.groups.some((g) => g.target && originIds.has(g.target))) return 'allow';
    if (rule.self && [...originIds].some((id) => endpointIds.has(id))) return 'allow';
    if (originRange) return cidrMatch({ kind: 'range', range: originRange })(rule) === 'allow' ? 'allow' : rule.groups.some((g) => !g.target) ? 'unknown' : cidrMatch({ kind: 'range', range: originRange })(rule);
    return 'unknown';
  }, HTTPS);
  steps.push({ ...egress, reason: `egress to the endpoint: ${egress.reason}` }, { ...ingress, reason: `endpoint ingress: ${ingress.reason}` });
  if (local && local.address !== origin.subnet.address) {
    if (localRange && originRange) {
      steps.push(...aclSteps(model, origin.subnet, { kind: 'range', range: localRange }, HTTPS));
      const acl = aclOf(model, local);
      if (acl.decision === 'unknown') steps.push({ decision: 'unknown', reason: acl.reason });
      else {
        const inbound = evaluateAcl(acl.acl, { egress: false, peer: { kind: 'range', range: originRange }, ...HTTPS });
        const reply = evaluateAcl(acl.acl, { egress: true, peer: { kind: 'range', range: originRange }, protocol: 'tcp', ...EPHEMERAL });
        steps.push({ decision: inbound.decision, reason: `endpoint subnet inbound: ${inbound.reason}`, ...(inbound.entry ? { location: inbound.entry.location } : {}) });
        steps.push({ decision: reply.decision, reason: `endpoint subnet replies: ${reply.reason}`, ...(reply.entry ? { location: reply.entry.location } : {}) });
      }
    } else steps.push({ decision: 'unknown', reason: 'subnet CIDRs are known only after apply' });
  }
  return chain(path, steps, `through interface endpoint ${endpoint.address} (private DNS, security groups and network ACLs allow 443 both ways)`);
}

function serviceFrom(model: Model, origin: Origin, service: string, internet: PathResult): PathResult {
  const alternatives: PathResult[] = [];
  for (const endpoint of model.vpcEndpoints) {
    if (endpoint.service !== service && endpoint.service !== undefined) continue;
    const vpcMatch = sameVpc(endpoint.vpc, origin.subnet.vpc);
    if (vpcMatch === false) continue;
    if (endpoint.service === undefined) {
      alternatives.push({ verdict: 'unknown', path: [endpoint.address], reason: `${endpoint.address}'s service name is known only after apply`, location: endpoint.serviceName.location });
      continue;
    }
    const type = endpoint.endpointType.value;
    const result = type === 'gateway' ? gatewayEndpointPath(model, origin, endpoint) : type === 'interface' ? interfaceEndpointPath(model, origin, endpoint)
      : { verdict: 'unknown' as Reach, path: [endpoint.address], reason: `${endpoint.address}'s type is ${type ?? 'known only after apply'}`, location: endpoint.endpointType.location };
    alternatives.push(vpcMatch === undefined && result.verdict === 'reachable' ? { ...result, verdict: 'unknown', reason: `${endpoint.address} may be in another VPC` } : result);
  }
  if (internet.verdict !== 'unreachable') {
    const sg = sgAllows(origin.groups, 'egress', cidrMatch({ kind: 'public' }), HTTPS);
    const acls = aclSteps(model, origin.subnet, { kind: 'public' }, HTTPS);
    alternatives.push(chain([...internet.path, `public ${service} endpoint`], [{ decision: internet.verdict === 'reachable' ? 'allow' : 'unknown', reason: internet.reason }, sg, ...acls], `over the internet to the public ${service} endpoint (${internet.reason})`));
  }
  return best(alternatives, { verdict: 'unreachable', path: [origin.place.address, origin.subnet.address], reason: `no ${service} endpoint serves ${origin.subnet.address} and it has no internet path` });
}

/** The destination subnet's network ACL: traffic from `originRange` let in on `ports`, and the reply let out. */
function arrivalAclSteps(model: Model, target: Subnet, originRange: Range, ports: { protocol: string; from: number; to: number }): { decision: Decision; reason: string; location?: SourceLocation }[] {
  const acl = aclOf(model, target);
  if (acl.decision === 'unknown') return [{ decision: 'unknown', reason: acl.reason }];
  const inbound = evaluateAcl(acl.acl, { egress: false, peer: { kind: 'range', range: originRange }, ...ports });
  const reply = evaluateAcl(acl.acl, { egress: true, peer: { kind: 'range', range: originRange }, protocol: ports.protocol, ...EPHEMERAL });
  return [
    { decision: inbound.decision, reason: `${target.address} inbound: ${inbound.reason}`, ...(inbound.entry ? { location: inbound.entry.location } : {}) },
    { decision: reply.decision, reason: `${target.address} replies: ${reply.reason}`, ...(reply.entry ? { location: reply.entry.location } : {}) },
  ];
}

function subnetFrom(model: Model, origin: Origin, target: Subnet): PathResult {
  const path = [origin.place.address, origin.subnet.address, target.address];
  const range = parseCidr(target.cidr.value);
  const originRange = parseCidr(origin.subnet.cidr.value);
  if (!range || !originRange) return { verdict: 'unknown', path, reason: 'subnet CIDRs are known only after apply' };
  const placesThere = computePlaces(model).filter((p) => p.subnets.some((s) => s.target === target.address));
  const groupsThere = new Set(placesThere.flatMap((p) => p.securityGroups.map((g) => g.target).filter((x): x is string => !!x)));
  let chosen: { protocol: string; from: number; to: number } = { protocol: '-1', from: 0, to: 65535 };
  const sg = sgAllows(origin.groups, 'egress', (rule) => {
    if (rule.groups.some((g) => g.target && groupsThere.has(g.target))) return 'allow';
    const c = cidrMatch({ kind: 'range', range })(rule);
    if (c === 'allow') {
      chosen = { protocol: rule.protocol.value ?? '-1', from: rule.fromPort.value ?? 0, to: rule.toPort.value ?? 65535 };
      return 'allow';
    }
    return c === 'unknown' || rule.groups.some((g) => !g.target) ? 'unknown' : 'deny';
  }, { protocol: '-1', from: 0, to: 65535 });
  const steps: { decision: Decision; reason: string; location?: SourceLocation }[] = [{ ...sg, reason: `security group egress: ${sg.reason}` }];
  const ports = chosen.protocol === 'icmp' ? { protocol: '-1', from: 0, to: 65535 } : chosen;
  steps.push(...aclSteps(model, origin.subnet, { kind: 'range', range }, ports), ...arrivalAclSteps(model, target, originRange, ports));
  return chain(path, steps, `security groups and both subnets' network ACLs let traffic from ${origin.subnet.address} reach ${target.address} and return`);
}

const outside = (place: ComputePlace, what: string): PathResult => ({ verdict: 'reachable', path: [place.address, 'AWS-managed network'], reason: `${place.address} is not in a VPC, so it reaches ${what} over AWS's own network`, location: place.location });

/** What a place can reach. `services` adds to COMMON_SERVICES and the services the model has endpoints for. */
export function reachability(model: Model, placeOrAddress: ComputePlace | string, services: string[] = []): Reachability {
  const place = typeof placeOrAddress === 'string' ? computePlaces(model).find((p) => p.address === placeOrAddress) : placeOrAddress;
  if (!place) throw new Error(`${String(placeOrAddress)} is not a place where code runs (Lambda function, RDS instance, EC2 instance)`);
  const wanted = [...new Set([...COMMON_SERVICES, ...model.vpcEndpoints.map((e) => e.service).filter((s): s is string => !!s), ...services])].sort();
  if (!place.inVpc) {
    return { place, internet: outside(place, 'the internet'), services: Object.fromEntries(wanted.map((s) => [s, outside(place, `the public ${s} endpoint`)])), subnets: {}, perSubnet: [] };
  }
  const perSubnet: SubnetReachability[] = [];
  for (const ref of place.subnets) {
    const subnet = subnetOf(model, ref);
    if (!subnet) {
      const unknown: PathResult = { verdict: 'unknown', path: [place.address, refName(ref)], reason: `subnet ${refName(ref)} is not in the model`, location: ref.location };
      perSubnet.push({ subnet: refName(ref), internet: unknown, services: Object.fromEntries(wanted.map((s) => [s, unknown])), subnets: {} });
      continue;
    }
    const origin: Origin = { place, subnet, groups: groupsOf(model, place.securityGroups, subnet.vpc) };
    const internet = internetFrom(model, origin);
    const others = model.subnets.filter((s) => s.address !== subnet.address && sameVpc(s.vpc, subnet.vpc) !== false);
    perSubnet.push({
      subnet: subnet.address,
      internet,
      services: Object.fromEntries(wanted.map((s) => [s, serviceFrom(model, origin, s, internet)])),
      subnets: Object.fromEntries(others.map((s) => [s.address, subnetFrom(model, origin, s)])),
    });
  }
  if (perSubnet.length === 0) {
    const none: PathResult = { verdict: 'unknown', path: [place.address], reason: `${place.address} names no subnets the model knows`, location: place.location };
    return { place, internet: none, services: Object.fromEntries(wanted.map((s) => [s, none])), subnets: {}, perSubnet };
  }
  const merge = (pick: (s: SubnetReachability) => PathResult | undefined) => best(perSubnet.map(pick).filter((r): r is PathResult => !!r), { verdict: 'unreachable', path: [place.address], reason: 'no path' });
  const subnetNames = [...new Set(perSubnet.flatMap((s) => Object.keys(s.subnets)))].filter((n) => !perSubnet.some((s) => s.subnet === n));
  return {
    place,
    internet: merge((s) => s.internet),
    services: Object.fromEntries(wanted.map((svc) => [svc, merge((s) => s.services[svc])])),
    subnets: Object.fromEntries(subnetNames.map((n) => [n, merge((s) => s.subnets[n])])),
    perSubnet,
  };
}

/**
 * Whether a place can open a connection to a database instance: from every subnet the place runs in to every
 * subnet of the database's subnet group (Multi-AZ failover moves the endpoint between them), on the database port —
 * the place's security-group egress, the database's security-group ingress, and both subnets' network ACLs in both
 * directions (ephemeral return). Worst pair wins: one unreachable pair makes the database unreachable.
 */
export function databaseReachability(model: Model, placeOrAddress: ComputePlace | string, db: DbInstance): PathResult {
  const place = typeof placeOrAddress === 'string' ? computePlaces(model).find((p) => p.address === placeOrAddress) : placeOrAddress;
  if (!place) throw new Error(`${String(placeOrAddress)} is not a place where code runs`);
  const port = db.port.value ?? (/mysql|maria/.test(db.engine.value ?? '') ? 3306 : 5432);
  const ports = { protocol: 'tcp', from: port, to: port };
  if (!place.inVpc) {
    return { verdict: db.publiclyAccessible.value === false ? 'unreachable' : 'unknown', path: [place.address, db.address], reason: `${place.address} runs outside any VPC and ${db.address} is ${db.publiclyAccessible.value === false ? 'not publicly accessible' : 'not known to be private'}`, location: place.location };
  }
  const group = model.dbSubnetGroups.find((g) => g.address === db.subnetGroup.target || (db.subnetGroup.literal !== undefined && g.name.value === db.subnetGroup.literal));
  const dbSubnets = group?.subnets.map((r) => subnetOf(model, r));
  if (!group || !dbSubnets || dbSubnets.length === 0 || dbSubnets.some((s) => !s)) {
    return { verdict: 'unknown', path: [place.address, db.address], reason: `the subnets of ${db.address} are known only after apply`, location: db.location };
  }
  const results: PathResult[] = [];
  for (const ref of place.subnets) {
    const subnet = subnetOf(model, ref);
    if (!subnet) {
      results.push({ verdict: 'unknown', path: [place.address, refName(ref)], reason: `subnet ${refName(ref)} is not in the model`, location: ref.location });
      continue;
    }
    const originGroups = groupsOf(model, place.securityGroups, subnet.vpc);
    const originGroupIds = new Set(originGroups.groups.map((g) => g.address));
    for (const target of dbSubnets as Subnet[]) {
      const path = [place.address, subnet.address, target.address, db.address];
      const range = parseCidr(target.cidr.value);
      const originRange = parseCidr(subnet.cidr.value);
      if (sameVpc(subnet.vpc, target.vpc) === false) {
        results.push({ verdict: 'unreachable', path, reason: `${subnet.address} and ${target.address} are in different VPCs`, location: db.location });
        continue;
      }
      if (!range || !originRange) {
        results.push({ verdict: 'unknown', path, reason: 'subnet CIDRs are known only after apply', location: db.location });
        continue;
      }
      const dbGroups = groupsOf(model, db.securityGroups, target.vpc);
      const dbGroupIds = new Set(dbGroups.groups.map((g) => g.address));
      const egress = sgAllows(originGroups, 'egress', (rule) => {
        if (rule.groups.some((g) => g.target && dbGroupIds.has(g.target))) return 'allow';
        const c = cidrMatch({ kind: 'range', range })(rule);
        return c === 'deny' && rule.groups.some((g) => !g.target) ? 'unknown' : c;
      }, ports);
      const ingress = sgAllows(dbGroups, 'ingress', (rule) => {
        if (rule.groups.some((g) => g.target && originGroupIds.has(g.target))) return 'allow';
        const c = cidrMatch({ kind: 'range', range: originRange })(rule);
        return c === 'deny' && rule.groups.some((g) => !g.target) ? 'unknown' : c;
      }, ports);
      const steps: { decision: Decision; reason: string; location?: SourceLocation }[] = [
        { ...egress, reason: `${place.address} security group egress to port ${port}: ${egress.reason}` },
        { ...ingress, reason: `${db.address} security group ingress on port ${port}: ${ingress.reason}` },
        ...aclSteps(model, subnet, { kind: 'range', range }, ports),
        ...arrivalAclSteps(model, target, originRange, ports),
      ];
      results.push(chain(path, steps, `security groups and network ACLs let ${subnet.address} reach ${db.address} in ${target.address} on ${port} and return`));
    }
  }
  const worst = results.find((r) => r.verdict === 'unreachable') ?? results.find((r) => r.verdict === 'unknown');
  if (worst) return worst;
  if (results.length === 0) return { verdict: 'unknown', path: [place.address], reason: `${place.address} names no subnets the model knows`, location: place.location };
  return { ...results[0]!, reason: `every subnet of ${place.address} reaches ${db.address} on port ${port} in each of its ${dbSubnets.length} subnets (security groups both ways, network ACLs both ways)` };
}

export interface DatabasePath { place: string; database: string; result: PathResult }

/** What the network analysis hands every later stage: computed once per verification. */
export interface NetworkAnalysis {
  /** Every place where code runs, with what it reaches. */
  places: Reachability[];
  /** Every subnet's way to the internet, whatever runs in it. */
  subnets: SubnetExposure[];
  /** Each Lambda function × each database instance: can the function open a connection? */
  databases: DatabasePath[];
}

/**
 * Reachability of every place in the model, each to the common services, the services the model has endpoints for,
 * and the services `servicesFor` adds (a function's contract).
 */
export function analyseNetwork(model: Model, servicesFor: (place: ComputePlace) => string[] = () => []): NetworkAnalysis {
  const placeList = computePlaces(model);
  const places = placeList.map((p) => reachability(model, p, servicesFor(p)));
  const databases = placeList.filter((p) => p.kind === 'lambda').flatMap((p) => model.dbInstances.map((db) => ({ place: p.address, database: db.address, result: databaseReachability(model, p, db) })));
  return { places, subnets: subnetExposure(model), databases };
}

/** Internet path from a subnet regardless of what runs there (for "isolated tier" rules). */
export function subnetInternet(model: Model, subnet: Subnet): PathResult {
  const lookup = routeTableOf(model, subnet);
  const gateway = gatewayToInternet(model, lookup.table, new Set());
  if (lookup.decision === 'unknown' && gateway.verdict !== 'reachable') return { verdict: 'unknown', path: [subnet.address], reason: lookup.reason };
  return { ...gateway, path: [subnet.address, lookup.table?.address ?? '(main route table)', ...gateway.path] };
}

export interface SubnetExposure {
  subnet: string;
  name: string | undefined;
  /** `direct`: a route to an internet gateway (a public subnet); `nat`: only through a NAT gateway; `none`. */
  via: 'direct' | 'nat' | 'none' | 'unknown';
  internet: PathResult;
  /** What runs there: functions, databases, instances, NAT gateways. */
  hosts: string[];
}

/** Every subnet's way to the internet, whatever runs in it: the tiers of a VPC as an assessor reads them. */
export function subnetExposure(model: Model): SubnetExposure[] {
  const places = computePlaces(model);
  return model.subnets.map((subnet) => {
    const internet = subnetInternet(model, subnet);
    const natHop = internet.verdict === 'reachable' && internet.path.some((hop) => model.natGateways.some((n) => n.address === hop));
    const via = internet.verdict === 'unknown' ? 'unknown' : internet.verdict === 'unreachable' ? 'none' : natHop ? 'nat' : 'direct';
    const hosts = [
      ...places.filter((p) => p.subnets.some((r) => r.target === subnet.address)).map((p) => p.address),
      ...model.natGateways.filter((n) => n.subnet.target === subnet.address).map((n) => n.address),
    ];
    const nameTag = subnet.tags.entries['Name'];
    return { subnet: subnet.address, name: typeof nameTag === 'string' ? nameTag : undefined, via, internet, hosts };
  });
}

export type { Range };
