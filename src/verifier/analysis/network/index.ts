// Network reachability: for every place code runs (Lambda ENIs per subnet, RDS instances, EC2 instances), which
// destinations are reachable — the internet, each AWS service (through which endpoint, or through the internet),
// and the other subnets — from route tables, security groups and stateless NACLs together. Unknown stays unknown.
//
// Two questions, answered differently:
// - "does it work?" (`must`): a function calls a service or a database. Every subnet it may be placed in, every
//   endpoint ENI private DNS may hand it (one per endpoint subnet, all AZs), every ephemeral port it may pick
//   (Lambda: 1024-65535) must get through. The route AWS takes is decided first (private DNS to an interface
//   endpoint, then a gateway endpoint on the subnet's route table, then the public endpoint), and only that route
//   counts: an SDK call does not fall back to another.
// - "can it get out?" (`may`): exposure. One subnet, one port, one address is enough.
import { managedPrefixListService } from './managed-prefix-lists.ts';
import type { SourceLocation } from '../../load/types.ts';
import type { DbInstance, Model, NetworkAcl, Ref, RouteTable, SecurityGroup, SecurityGroupRule, Subnet, Vpc, VpcEndpoint } from '../../model/model.ts';
import { contains, coversPublic, neverAws, overlaps, parseCidr, touchesPublic, type Range } from './cidr.ts';
import { aclDecision, evaluateAcl, type AclDecision, type Decision, type Peer } from './nacl.ts';

export type Reach = 'reachable' | 'unreachable' | 'unknown';

/** How traffic to an AWS service leaves: the route AWS picks for it. */
export type ServiceRoute = 'interface-endpoint' | 'gateway-endpoint' | 'public-endpoint' | 'aws-network';

export interface PathResult {
  verdict: Reach;
  /** The hops, as addresses and short notes: place → subnet → route table → route → gateway. */
  path: string[];
  /** One sentence: why. */
  reason: string;
  /** Where the deciding setting was written. */
  location?: SourceLocation;
  /** For AWS services: the route taken. */
  via?: ServiceRoute;
  /** For AWS services through an endpoint: its address. */
  endpoint?: string;
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
  /** May anything from this subnet reach the internet? */
  internet: PathResult;
  /** Does the call work from this subnet, on the route AWS takes? */
  services: Record<string, PathResult>;
  /** May traffic from this subnet reach the other subnets? */
  subnets: Record<string, PathResult>;
  /**
   * Services the VPC has an endpoint for that this subnet reaches over the internet instead (the endpoint is not on
   * its route, or private DNS is off), bypassing the endpoint's policy: may traffic get there?
   */
  bypass: Record<string, PathResult>;
}

export interface Reachability {
  place: ComputePlace;
  /** Best case over the place's subnets: reachable from any subnet is reachable (exposure). */
  internet: PathResult;
  /** Worst case over the place's subnets: a call works only if it works from every subnet Lambda may place it in. */
  services: Record<string, PathResult>;
  /** Best case over the place's subnets (exposure). */
  subnets: Record<string, PathResult>;
  /** Best case over the place's subnets: one subnet bypassing an endpoint is a bypass. */
  bypass: Record<string, PathResult>;
  perSubnet: SubnetReachability[];
}

/** Services every analysis reports, plus whatever the model has endpoints for. */
export const COMMON_SERVICES = ['s3', 'dynamodb', 'kms', 'logs', 'sts', 'sns', 'sqs', 'secretsmanager', 'lambda', 'monitoring', 'events', 'ssm', 'ec2'];

const HTTPS = { protocol: 'tcp', from: 443, to: 443 };
const ANY = { protocol: '-1', from: 0, to: 65535 };
/**
 * The ports replies come back to. Lambda functions use 1024-65535, as do NAT gateways
 * (https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html#nacl-ephemeral-ports); for other
 * places the range depends on the operating system, which the code does not say, so the widest range is demanded.
 */
export const EPHEMERAL = { from: 1024, to: 65535 };

type Mode = 'must' | 'may';
type Step = { decision: Decision; reason: string; location?: SourceLocation };

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
/** Every alternative must reach: one unreachable decides, else one unknown. */
export function worst(results: PathResult[], none: PathResult): PathResult {
  let out: PathResult | undefined;
  for (const r of results) if (!out || rank[r.verdict] < rank[out.verdict]) out = r;
  return out ?? none;
}
/** All hops must pass: one unreachable blocks, else one unknown makes it unknown. */
function chain(path: string[], steps: Step[], success: string, extra: Pick<PathResult, 'via' | 'endpoint'> = {}): PathResult {
  const blocked = steps.find((s) => s.decision === 'deny');
  if (blocked) return { verdict: 'unreachable', path, reason: blocked.reason, ...(blocked.location ? { location: blocked.location } : {}), ...extra };
  const unsure = steps.find((s) => s.decision === 'unknown');
  if (unsure) return { verdict: 'unknown', path, reason: unsure.reason, ...(unsure.location ? { location: unsure.location } : {}), ...extra };
  return { verdict: 'reachable', path, reason: success, ...extra };
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

function vpcOf(model: Model, ref: Ref): Vpc | undefined {
  return ref.target ? model.vpcs.find((v) => v.address === ref.target) : undefined;
}

function sameTarget(a: Ref, b: Ref): boolean {
  return (a.target !== undefined && a.target === b.target) || (a.literal !== undefined && a.literal === b.literal);
}

function sameVpc(a: Ref, b: Ref): boolean | undefined {
  if (a.target && b.target) return a.target === b.target;
  if (a.literal && b.literal) return a.literal === b.literal;
  return undefined;
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

/** The subnet's network ACL: an explicit association, else the VPC's default ACL (declared, or AWS's allow-all). */
export function aclOf(model: Model, subnet: Subnet): { acl: NetworkAcl | undefined; decision: Decision; reason: string } {
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
function sgAllows(groups: { groups: SecurityGroup[]; unknown: Ref[] }, direction: 'ingress' | 'egress', match: Match, ports: { protocol: string; from: number; to: number }): Step {
  let unsure: { reason: string; location?: SourceLocation } | undefined;
  for (const group of groups.groups) {
    for (const rule of group[direction]) {
      const p = portsCover(rule, ports.protocol, ports.from, ports.to);
      if (p === 'deny') continue;
      const m = match(rule);
      if (m === 'deny') continue;
      if (m === 'allow' && p === 'allow') return { decision: 'allow', reason: `${rule.address} allows it`, location: rule.location };
      unsure ??= { reason: `${rule.address} may allow it, depending on values known only after apply or addresses the code does not fix`, location: rule.location };
    }
  }
  if (groups.unknown.length > 0) return { decision: 'unknown', reason: `security group ${refName(groups.unknown[0]!)} is not in the model`, location: groups.unknown[0]!.location };
  if (unsure) return { decision: 'unknown', ...unsure };
  const names = groups.groups.map((g) => g.address).join(', ') || 'its security groups';
  return { decision: 'deny', reason: `no ${direction} rule of ${names} allows it`, ...(groups.groups[0] ? { location: groups.groups[0].location } : {}) };
}

/**
 * A rule's CIDRs against a peer. `must`: the rule must cover every address the peer may have (a whole subnet, all
 * of an AWS service's public addresses); `may`: one address is enough.
 */
function cidrMatch(peer: Peer, mode: Mode): Match {
  return (rule) => {
    let unsure = false;
    for (const c of rule.cidrs) {
      if (c.value === undefined) { unsure = true; continue; }
      const range = parseCidr(c.value);
      if (!range) { unsure = true; continue; }
      if (peer.kind === 'public') {
        if (mode === 'may' ? touchesPublic(range) : coversPublic(range)) return 'allow';
        if (touchesPublic(range)) unsure = true;
      } else if (peer.kind === 'aws-service') {
        if (coversPublic(range)) return 'allow';
        if (!neverAws(range)) unsure = true;
      } else if (contains(range, peer.range)) return 'allow';
      else if (overlaps(range, peer.range)) {
        if (mode === 'may') return 'allow';
        unsure = true;
      }
    }
    if (peer.kind !== 'range' && rule.ipv6Cidrs.some((c) => c.value === undefined)) unsure = true;
    return unsure ? 'unknown' : 'deny';
  };
}

/** A group reference counts; otherwise the CIDRs; a group the model does not hold may be anything. */
function groupOrCidr(ids: Set<string>, peer: Peer, mode: Mode, selfIds?: Set<string>): Match {
  return (rule) => {
    if (rule.groups.some((g) => g.target && ids.has(g.target))) return 'allow';
    if (rule.self && selfIds && selfIds.size > 0) return 'allow';
    const c = cidrMatch(peer, mode)(rule);
    return c === 'deny' && rule.groups.some((g) => !g.target) ? 'unknown' : c;
  };
}

// ── network ACL steps ─────────────────────────────────────────────────────────────────────────────────────────
function aclStep(d: AclDecision, mode: Mode, what: string, acl: NetworkAcl | undefined): Step {
  const decision = aclDecision(d, mode);
  const location = decision === 'deny' ? d.blocked?.entry?.location ?? acl?.location : d.entry?.location ?? acl?.location;
  return { decision, reason: `${what}: ${d.reason}`, ...(location ? { location } : {}) };
}

/** The origin subnet's ACL: the flow out to the peer, and the replies back to an ephemeral port. */
function departureAcl(model: Model, subnet: Subnet, peer: Peer, ports: { protocol: string; from: number; to: number }, mode: Mode): Step[] {
  const acl = aclOf(model, subnet);
  if (acl.decision === 'unknown') return [{ decision: 'unknown', reason: acl.reason }];
  const out = evaluateAcl(acl.acl, { egress: true, peer, ...ports });
  const back = evaluateAcl(acl.acl, { egress: false, peer, protocol: ports.protocol, ...EPHEMERAL });
  return [aclStep(out, mode, `${subnet.address} outbound`, acl.acl), aclStep(back, mode, `${subnet.address} return traffic (ports ${EPHEMERAL.from}-${EPHEMERAL.to})`, acl.acl)];
}

/** The destination subnet's ACL: traffic from `originRange` let in on `ports`, and the replies let out. */
function arrivalAcl(model: Model, target: Subnet, originRange: Range, ports: { protocol: string; from: number; to: number }, mode: Mode): Step[] {
  const acl = aclOf(model, target);
  if (acl.decision === 'unknown') return [{ decision: 'unknown', reason: acl.reason }];
  const inbound = evaluateAcl(acl.acl, { egress: false, peer: { kind: 'range', range: originRange }, ...ports });
  const reply = evaluateAcl(acl.acl, { egress: true, peer: { kind: 'range', range: originRange }, protocol: ports.protocol, ...EPHEMERAL });
  return [aclStep(inbound, mode, `${target.address} inbound`, acl.acl), aclStep(reply, mode, `${target.address} replies (ports ${EPHEMERAL.from}-${EPHEMERAL.to})`, acl.acl)];
}

// ── destinations ──────────────────────────────────────────────────────────────────────────────────────────────
interface Origin { place: ComputePlace; subnet: Subnet; groups: { groups: SecurityGroup[]; unknown: Ref[] } }

/** Internet from one subnet (exposure): route to an IGW (or a NAT in a subnet routed to an IGW), SG egress, NACL both ways. */
function internetFrom(model: Model, origin: Origin): PathResult {
  const { subnet } = origin;
  const lookup = routeTableOf(model, subnet);
  const base = [origin.place.address, subnet.address, lookup.table?.address ?? '(main route table)'];
  const gateway = gatewayToInternet(model, lookup.table, new Set());
  if (lookup.decision === 'unknown' && gateway.verdict !== 'reachable') return { verdict: 'unknown', path: base, reason: lookup.reason };
  if (gateway.verdict === 'unreachable') return { verdict: 'unreachable', path: base, reason: gateway.reason, ...(gateway.location ? { location: gateway.location } : {}) };
  const sg = sgAllows(origin.groups, 'egress', cidrMatch({ kind: 'public' }, 'may'), ANY);
  const steps: Step[] = [
    ...(lookup.decision === 'unknown' ? [{ decision: 'unknown' as Decision, reason: lookup.reason }] : []),
    { decision: gateway.verdict === 'reachable' ? 'allow' : 'unknown', reason: gateway.reason, ...(gateway.location ? { location: gateway.location } : {}) },
    { ...sg, reason: `security groups: ${sg.reason}` },
    ...departureAcl(model, subnet, { kind: 'public' }, ANY, 'may'),
  ];
  return chain([...base, ...gateway.path], steps, `${gateway.reason}; security groups and network ACLs let traffic out and back`);
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

/**
 * Whether private DNS of an interface endpoint answers for the service's public name. It needs the endpoint's
 * private_dns_enabled and both DNS attributes of its VPC; AWS refuses private DNS on a VPC without them
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#access-service-private-dns,
 * https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support).
 */
export function privateDnsState(model: Model, endpoint: VpcEndpoint): { state: 'on' | 'off' | 'unknown' | 'broken'; reason: string; location: SourceLocation } {
  const dns = endpoint.privateDns;
  if (dns.provenance === 'unknown') return { state: 'unknown', reason: `${endpoint.address}'s private DNS setting is known only after apply`, location: dns.location };
  if (dns.value !== true) return { state: 'off', reason: `${endpoint.address} has private DNS off, so the SDK resolves the service's public endpoint`, location: dns.location };
  const vpc = vpcOf(model, endpoint.vpc);
  if (!vpc) return { state: 'unknown', reason: `${endpoint.address}'s VPC ${refName(endpoint.vpc)} is not in the model, so whether it resolves private DNS names is unknown`, location: endpoint.vpc.location };
  for (const [name, f] of [['DNS support', vpc.enableDnsSupport], ['DNS hostnames', vpc.enableDnsHostnames]] as const) {
    if (f.provenance === 'unknown') return { state: 'unknown', reason: `whether ${vpc.address} has ${name} on is known only after apply`, location: f.location };
    if (f.value !== true) {
      return { state: 'broken', reason: `${endpoint.address} asks for private DNS but ${vpc.address} has ${name} off${f.provenance === 'default' ? ' (the AWS default)' : ''}: AWS refuses private DNS there, so the service's name never resolves to the endpoint`, location: f.location };
    }
  }
  return { state: 'on', reason: `private DNS of ${endpoint.address} answers for the service's name in ${vpc.address}`, location: dns.location };
}

function gatewayEndpointPath(model: Model, origin: Origin, endpoint: VpcEndpoint, table: RouteTable | undefined): PathResult {
  const path = [origin.place.address, origin.subnet.address, table?.address ?? '(main route table)', endpoint.address];
  const match: Match = (rule) => {
    let unsure = false;
    for (const pl of rule.prefixLists) {
      if (pl.target === endpoint.address) return 'allow';
      const managed = pl.literal !== undefined ? managedPrefixListService(pl.literal) : undefined;
      if (managed !== undefined && managed === endpoint.serviceName.value) return 'allow';
      if (managed !== undefined && typeof endpoint.serviceName.value === 'string') continue; // another service's list
      if (!pl.target) unsure = true; // a data.aws_prefix_list or a variable: may be this service's list
    }
    const c = cidrMatch({ kind: 'aws-service' }, 'must')(rule);
    return c === 'allow' ? 'allow' : unsure || c === 'unknown' ? 'unknown' : 'deny';
  };
  const sg = sgAllows(origin.groups, 'egress', match, HTTPS);
  return chain(path, [
    { decision: 'allow', reason: `${endpoint.address} is on ${table?.address ?? 'the main route table'}` },
    { ...sg, reason: `security group egress to the ${endpoint.service} prefix list on 443: ${sg.reason}` },
    ...departureAcl(model, origin.subnet, { kind: 'aws-service' }, HTTPS, 'must'),
  ], `through gateway endpoint ${endpoint.address}: on the subnet's route table, egress to its prefix list on 443, network ACLs open both ways`, { via: 'gateway-endpoint', endpoint: endpoint.address });
}

/**
 * Through an interface endpoint: private DNS hands out the address of the endpoint's network interface in every
 * subnet it has (one per AZ, in any order), so the call must work to each of them
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#access-service-private-dns).
 */
function interfaceEndpointPath(model: Model, origin: Origin, endpoint: VpcEndpoint, dns: ReturnType<typeof privateDnsState>): PathResult {
  const extra = { via: 'interface-endpoint' as const, endpoint: endpoint.address };
  const base = [origin.place.address, origin.subnet.address, endpoint.address];
  if (dns.state !== 'on') return { verdict: dns.state === 'broken' ? 'unreachable' : 'unknown', path: base, reason: dns.reason, location: dns.location, ...extra };
  const targets = endpoint.subnets.map((r) => ({ ref: r, subnet: subnetOf(model, r) }));
  if (targets.length === 0) return { verdict: 'unknown', path: base, reason: `${endpoint.address} names no subnets the model knows`, location: endpoint.location, ...extra };
  const endpointGroups = groupsOf(model, endpoint.securityGroups, endpoint.vpc);
  const originIds = new Set(origin.groups.groups.map((g) => g.address));
  const endpointIds = new Set(endpointGroups.groups.map((g) => g.address));
  const shared = new Set([...originIds].filter((id) => endpointIds.has(id)));
  const originRange = parseCidr(origin.subnet.cidr.value);
  const results: PathResult[] = [];
  for (const { ref, subnet: eni } of targets) {
    const path = [...base, eni?.address ?? refName(ref)];
    if (!eni) { results.push({ verdict: 'unknown', path, reason: `${endpoint.address}'s subnet ${refName(ref)} is not in the model`, location: ref.location, ...extra }); continue; }
    const eniRange = parseCidr(eni.cidr.value);
    if (!eniRange || !originRange) { results.push({ verdict: 'unknown', path, reason: 'subnet CIDRs are known only after apply', location: eni.location, ...extra }); continue; }
    const egress = sgAllows(origin.groups, 'egress', groupOrCidr(endpointIds, { kind: 'range', range: eniRange }, 'must', shared), HTTPS);
    const ingress = sgAllows(endpointGroups, 'ingress', groupOrCidr(originIds, { kind: 'range', range: originRange }, 'must', shared), HTTPS);
    const steps: Step[] = [
      { decision: 'allow', reason: dns.reason },
      { ...egress, reason: `egress to the endpoint's interface in ${eni.address} on 443: ${egress.reason}` },
      { ...ingress, reason: `endpoint ingress on 443 from ${origin.subnet.address}: ${ingress.reason}` },
    ];
    if (eni.address !== origin.subnet.address) {
      steps.push(...departureAcl(model, origin.subnet, { kind: 'range', range: eniRange }, HTTPS, 'must'), ...arrivalAcl(model, eni, originRange, HTTPS, 'must'));
    }
    results.push(chain(path, steps, '', extra));
  }
  const w = worst(results, results[0]!);
  if (w.verdict !== 'reachable') return w;
  return { ...w, reason: `through interface endpoint ${endpoint.address} (private DNS; security groups and network ACLs allow 443 both ways to its interface in each of its ${targets.length} subnet(s))` };
}

/** The public endpoint of a service, over the internet route of the subnet, for a call that must work. */
function publicEndpointPath(model: Model, origin: Origin, service: string, mode: Mode): PathResult {
  const lookup = routeTableOf(model, origin.subnet);
  const gateway = gatewayToInternet(model, lookup.table, new Set());
  const path = [origin.place.address, origin.subnet.address, lookup.table?.address ?? '(main route table)', ...gateway.path, `public ${service} endpoint`];
  const extra = { via: 'public-endpoint' as const };
  if (gateway.verdict === 'unreachable' && lookup.decision !== 'unknown') {
    return { ...gateway, path, reason: `no ${service} endpoint serves ${origin.subnet.address} on its route, and it has no internet route (${gateway.reason})`, ...extra };
  }
  const peer: Peer = mode === 'must' ? { kind: 'aws-service' } : { kind: 'public' };
  // The service's own prefix list (a gateway endpoint's, or the AWS-managed literal) holds its public addresses:
  // egress to it reaches the public endpoint over any route, a NAT included.
  const servicePrefixList = (rule: SecurityGroupRule) => rule.prefixLists.some((pl) => {
    const endpoint = pl.target ? model.vpcEndpoints.find((e) => e.address === pl.target) : undefined;
    if (endpoint) return endpoint.service === service;
    const managed = pl.literal !== undefined ? managedPrefixListService(pl.literal) : undefined;
    return managed !== undefined && managed.endsWith(`.${service}`);
  });
  const sg = sgAllows(origin.groups, 'egress', (rule) => (servicePrefixList(rule) ? 'allow' : cidrMatch(peer, mode)(rule)), HTTPS);
  return chain(path, [
    ...(lookup.decision === 'unknown' ? [{ decision: 'unknown' as Decision, reason: lookup.reason }] : []),
    { decision: gateway.verdict === 'reachable' ? 'allow' : 'unknown', reason: gateway.reason, ...(gateway.location ? { location: gateway.location } : {}) },
    { ...sg, reason: `security group egress on 443 to the public ${service} endpoint: ${sg.reason}` },
    ...departureAcl(model, origin.subnet, peer, HTTPS, mode),
  ], `over the internet to the public ${service} endpoint (${gateway.reason})`, extra);
}

/**
 * The route AWS takes for a call to `service` from the origin, and whether the call works on it: private DNS of an
 * interface endpoint wins; else a gateway endpoint on the subnet's route table (its prefix-list route is more
 * specific than any default route); else the public endpoint, over the internet route if there is one.
 */
function serviceFrom(model: Model, origin: Origin, service: string): { result: PathResult; bypass?: PathResult } {
  const candidates = model.vpcEndpoints.filter((e) => (e.service === service || e.service === undefined) && sameVpc(e.vpc, origin.subnet.vpc) !== false);
  const unnamed = candidates.find((e) => e.service === undefined);
  const mine = candidates.filter((e) => e.service === service);
  const hedge = (r: PathResult, endpoint?: VpcEndpoint): PathResult => {
    if (r.verdict === 'reachable' && endpoint && sameVpc(endpoint.vpc, origin.subnet.vpc) === undefined) return { ...r, verdict: 'unknown', reason: `${endpoint.address} may be in another VPC` };
    if (r.verdict !== 'reachable' && unnamed) return { ...r, verdict: 'unknown', reason: `${unnamed.address}'s service name is known only after apply; it may serve ${service}`, location: unnamed.serviceName.location };
    return r;
  };
  for (const endpoint of mine.filter((e) => e.endpointType.value === 'interface' || e.endpointType.provenance === 'unknown')) {
    if (endpoint.endpointType.provenance === 'unknown') return { result: { verdict: 'unknown', path: [endpoint.address], reason: `${endpoint.address}'s type is known only after apply`, location: endpoint.endpointType.location } };
    const dns = privateDnsState(model, endpoint);
    if (dns.state === 'off') continue;
    return { result: hedge(interfaceEndpointPath(model, origin, endpoint, dns), endpoint) };
  }
  const lookup = routeTableOf(model, origin.subnet);
  for (const endpoint of mine.filter((e) => e.endpointType.value === 'gateway')) {
    const onTable = lookup.table !== undefined && endpoint.routeTables.some((r) => r.target === lookup.table!.address);
    const tablesUnknown = endpoint.routeTables.some((r) => !r.target && r.provenance === 'unknown');
    if (onTable && lookup.decision !== 'unknown') return { result: hedge(gatewayEndpointPath(model, origin, endpoint, lookup.table), endpoint) };
    if (tablesUnknown || lookup.decision === 'unknown') {
      const reason = `whether ${endpoint.address} is on the route table of ${origin.subnet.address} is known only after apply`;
      const around = publicEndpointPath(model, origin, service, 'may');
      return {
        result: { verdict: 'unknown', path: [origin.place.address, origin.subnet.address, endpoint.address], reason, location: endpoint.location, via: 'gateway-endpoint', endpoint: endpoint.address },
        ...(around.verdict === 'unreachable' ? {} : { bypass: { ...around, verdict: 'unknown' as const, reason: `${reason}; if it is not, ${around.reason}` } }),
      };
    }
  }
  const out = hedge(publicEndpointPath(model, origin, service, 'must'));
  if (mine.length === 0) return { result: out };
  // The VPC has an endpoint for the service, but this subnet's traffic does not take it.
  const bypass = publicEndpointPath(model, origin, service, 'may');
  const skipped = mine.map((e) => e.address).join(', ');
  return { result: out, bypass: { ...bypass, reason: bypass.verdict === 'unreachable' ? bypass.reason : `${origin.subnet.address} reaches the public ${service} endpoint instead of ${skipped} (${bypass.reason}), so ${skipped}'s policy does not apply to its calls` } };
}

function subnetFrom(model: Model, origin: Origin, target: Subnet): PathResult {
  const path = [origin.place.address, origin.subnet.address, target.address];
  const range = parseCidr(target.cidr.value);
  const originRange = parseCidr(origin.subnet.cidr.value);
  if (!range || !originRange) return { verdict: 'unknown', path, reason: 'subnet CIDRs are known only after apply' };
  const placesThere = computePlaces(model).filter((p) => p.subnets.some((s) => s.target === target.address));
  const groupsThere = new Set(placesThere.flatMap((p) => p.securityGroups.map((g) => g.target).filter((x): x is string => !!x)));
  let chosen: { protocol: string; from: number; to: number } = ANY;
  const sg = sgAllows(origin.groups, 'egress', (rule) => {
    if (rule.groups.some((g) => g.target && groupsThere.has(g.target))) return 'allow';
    const c = cidrMatch({ kind: 'range', range }, 'may')(rule);
    if (c === 'allow') {
      chosen = { protocol: rule.protocol.value ?? '-1', from: rule.fromPort.value ?? 0, to: rule.toPort.value ?? 65535 };
      return 'allow';
    }
    return c === 'unknown' || rule.groups.some((g) => !g.target) ? 'unknown' : 'deny';
  }, ANY);
  const steps: Step[] = [{ ...sg, reason: `security group egress: ${sg.reason}` }];
  const ports = chosen.protocol === 'icmp' ? ANY : chosen;
  steps.push(...departureAcl(model, origin.subnet, { kind: 'range', range }, ports, 'may'), ...arrivalAcl(model, target, originRange, ports, 'may'));
  return chain(path, steps, `security groups and both subnets' network ACLs let traffic from ${origin.subnet.address} reach ${target.address} and return`);
}

const outside = (place: ComputePlace, what: string): PathResult => ({ verdict: 'reachable', path: [place.address, 'AWS-managed network'], reason: `${place.address} is not in a VPC, so it reaches ${what} over AWS's own network`, location: place.location, via: 'aws-network' });

/** What a place can reach. `services` adds to COMMON_SERVICES and the services the model has endpoints for. */
export function reachability(model: Model, placeOrAddress: ComputePlace | string, services: string[] = []): Reachability {
  const place = typeof placeOrAddress === 'string' ? computePlaces(model).find((p) => p.address === placeOrAddress) : placeOrAddress;
  if (!place) throw new Error(`${String(placeOrAddress)} is not a place where code runs (Lambda function, RDS instance, EC2 instance)`);
  const wanted = [...new Set([...COMMON_SERVICES, ...model.vpcEndpoints.map((e) => e.service).filter((s): s is string => !!s), ...services])].sort();
  if (!place.inVpc) {
    return { place, internet: outside(place, 'the internet'), services: Object.fromEntries(wanted.map((s) => [s, outside(place, `the public ${s} endpoint`)])), subnets: {}, bypass: {}, perSubnet: [] };
  }
  const perSubnet: SubnetReachability[] = [];
  for (const ref of place.subnets) {
    const subnet = subnetOf(model, ref);
    if (!subnet) {
      const unknown: PathResult = { verdict: 'unknown', path: [place.address, refName(ref)], reason: `subnet ${refName(ref)} is not in the model`, location: ref.location };
      perSubnet.push({ subnet: refName(ref), internet: unknown, services: Object.fromEntries(wanted.map((s) => [s, unknown])), subnets: {}, bypass: {} });
      continue;
    }
    const origin: Origin = { place, subnet, groups: groupsOf(model, place.securityGroups, subnet.vpc) };
    const others = model.subnets.filter((s) => s.address !== subnet.address && sameVpc(s.vpc, subnet.vpc) !== false);
    const routes = wanted.map((s) => [s, serviceFrom(model, origin, s)] as const);
    perSubnet.push({
      subnet: subnet.address,
      internet: internetFrom(model, origin),
      services: Object.fromEntries(routes.map(([s, r]) => [s, r.result])),
      subnets: Object.fromEntries(others.map((s) => [s.address, subnetFrom(model, origin, s)])),
      bypass: Object.fromEntries(routes.filter(([, r]) => r.bypass !== undefined).map(([s, r]) => [s, r.bypass!])),
    });
  }
  if (perSubnet.length === 0) {
    const none: PathResult = { verdict: 'unknown', path: [place.address], reason: `${place.address} names no subnets the model knows`, location: place.location };
    return { place, internet: none, services: Object.fromEntries(wanted.map((s) => [s, none])), subnets: {}, bypass: {}, perSubnet };
  }
  const noPath: PathResult = { verdict: 'unreachable', path: [place.address], reason: 'no path' };
  const anyOf = (pick: (s: SubnetReachability) => PathResult | undefined) => best(perSubnet.map(pick).filter((r): r is PathResult => !!r), noPath);
  const everyOf = (service: string): PathResult => {
    const results = perSubnet.map((s) => ({ subnet: s.subnet, r: s.services[service]! }));
    const w = worst(results.map((x) => x.r), noPath);
    if (w.verdict !== 'reachable') {
      const from = results.find((x) => x.r === w)!.subnet;
      return results.length > 1 ? { ...w, reason: `from ${from}: ${w.reason}` } : w;
    }
    const routes = new Set(results.map((x) => `${x.r.via}:${x.r.endpoint ?? ''}`));
    return results.length > 1 ? { ...w, reason: `from every subnet (${results.length})${routes.size > 1 ? ', on different routes' : ''}: ${w.reason}` } : w;
  };
  const subnetNames = [...new Set(perSubnet.flatMap((s) => Object.keys(s.subnets)))].filter((n) => !perSubnet.some((s) => s.subnet === n));
  const bypassed = [...new Set(perSubnet.flatMap((s) => Object.keys(s.bypass)))];
  return {
    place,
    internet: anyOf((s) => s.internet),
    services: Object.fromEntries(wanted.map((svc) => [svc, everyOf(svc)])),
    subnets: Object.fromEntries(subnetNames.map((n) => [n, anyOf((s) => s.subnets[n])])),
    bypass: Object.fromEntries(bypassed.map((svc) => [svc, anyOf((s) => s.bypass[svc])])),
    perSubnet,
  };
}

/**
 * Whether a place can open a connection to a database instance: from every subnet the place runs in to every
 * subnet of the database's subnet group (Multi-AZ failover moves the endpoint between them), on the database port —
 * the place's security-group egress, the database's security-group ingress, and both subnets' network ACLs in both
 * directions (every ephemeral port of the return traffic). Worst pair wins: one unreachable pair makes the database
 * unreachable.
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
      const shared = new Set([...originGroupIds].filter((id) => dbGroupIds.has(id)));
      const egress = sgAllows(originGroups, 'egress', groupOrCidr(dbGroupIds, { kind: 'range', range }, 'must', shared), ports);
      const ingress = sgAllows(dbGroups, 'ingress', groupOrCidr(originGroupIds, { kind: 'range', range: originRange }, 'must', shared), ports);
      const steps: Step[] = [
        { ...egress, reason: `${place.address} security group egress to port ${port}: ${egress.reason}` },
        { ...ingress, reason: `${db.address} security group ingress on port ${port}: ${ingress.reason}` },
        ...(subnet.address === target.address ? [] : [...departureAcl(model, subnet, { kind: 'range', range }, ports, 'must'), ...arrivalAcl(model, target, originRange, ports, 'must')]),
      ];
      results.push(chain(path, steps, `security groups and network ACLs let ${subnet.address} reach ${db.address} in ${target.address} on ${port} and return`));
    }
  }
  const w = worst(results, { verdict: 'unknown', path: [place.address], reason: `${place.address} names no subnets the model knows`, location: place.location });
  if (w.verdict !== 'reachable') return w;
  return { ...results[0]!, reason: `every subnet of ${place.address} reaches ${db.address} on port ${port} in each of its ${dbSubnets.length} subnets (security groups both ways, network ACLs both ways, every ephemeral port)` };
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
