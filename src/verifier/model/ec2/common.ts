// Shared by the EC2 adapters of both dialects.
import type { RawResource, SourceLocation, Value } from '../../load/types.ts';
import type { AdaptContext } from '../context.ts';
import { isTemplateValue, isUnknownValue, refOf } from '../fields.ts';
import type { Field, Ref, RouteTargetKind, SecurityGroupRule } from '../model.ts';

const PROTOCOLS: Record<string, string> = { '-1': '-1', all: '-1', '6': 'tcp', tcp: 'tcp', '17': 'udp', udp: 'udp', '1': 'icmp', icmp: 'icmp', '58': 'icmpv6', icmpv6: 'icmpv6' };

/** `tcp`, `udp`, `icmp`, `-1` (all) whatever the spelling (`6`, `"-1"`, `all`). */
export function protocolField(value: Value | undefined, location: SourceLocation, fallback = '-1'): Field<string> {
  if (value === undefined || value === null) return { value: fallback, provenance: 'default', location };
  if (isUnknownValue(value) || isTemplateValue(value)) return { value: undefined, provenance: 'unknown', location, unknown: value };
  const key = String(value).toLowerCase();
  return { value: PROTOCOLS[key] ?? key, provenance: 'explicit', location };
}

export function numberField(value: Value | undefined, location: SourceLocation, fallback?: number): Field<number> {
  if (value === undefined || value === null) return { value: fallback, provenance: 'default', location };
  if (typeof value === 'number') return { value, provenance: 'explicit', location };
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { value: Number(value), provenance: 'explicit', location };
  return { value: undefined, provenance: 'unknown', location, unknown: value };
}

export function stringField(value: Value | undefined, location: SourceLocation, fallback?: string): Field<string> {
  if (value === undefined || value === null) return { value: fallback, provenance: 'default', location };
  if (typeof value === 'string') return { value, provenance: 'explicit', location };
  if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value), provenance: 'explicit', location };
  return { value: undefined, provenance: 'unknown', location, unknown: value };
}

export function boolField(value: Value | undefined, location: SourceLocation, fallback?: boolean): Field<boolean> {
  if (value === undefined || value === null) return { value: fallback, provenance: 'default', location };
  if (typeof value === 'boolean') return { value, provenance: 'explicit', location };
  if (value === 'true' || value === 'false') return { value: value === 'true', provenance: 'explicit', location };
  return { value: undefined, provenance: 'unknown', location, unknown: value };
}

/** The values of a list-valued argument: a known list, or one unknown standing for a list only apply can tell. */
export function valuesOf(value: Value | undefined): Value[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

export interface RuleInput {
  address: string;
  location: SourceLocation;
  direction: 'ingress' | 'egress';
  protocol: Value | undefined;
  fromPort: Value | undefined;
  toPort: Value | undefined;
  cidrs: Value | undefined;
  ipv6Cidrs: Value | undefined;
  prefixLists: Value | undefined;
  groups: Value | undefined;
  self?: Value | undefined;
  description?: Value | undefined;
}

export function securityGroupRule(input: RuleInput, ctx: AdaptContext): SecurityGroupRule {
  const protocol = protocolField(input.protocol, input.location);
  const all = protocol.value === '-1';
  const rule: SecurityGroupRule = {
    address: input.address,
    location: input.location,
    direction: input.direction,
    protocol,
    fromPort: all ? { value: 0, provenance: 'default', location: input.location } : numberField(input.fromPort, input.location),
    toPort: all ? { value: 65535, provenance: 'default', location: input.location } : numberField(input.toPort, input.location),
    cidrs: valuesOf(input.cidrs).map((v) => stringField(v, input.location)),
    ipv6Cidrs: valuesOf(input.ipv6Cidrs).map((v) => stringField(v, input.location)),
    prefixLists: valuesOf(input.prefixLists).map((v) => refOf(v, input.location, ctx.addresses)),
    groups: valuesOf(input.groups).map((v) => refOf(v, input.location, ctx.addresses)),
    self: input.self === true || input.self === 'true',
    implicit: false,
  };
  if (typeof input.description === 'string') rule.description = input.description;
  // ICMP "ports" are type/code; -1 means all.
  if (rule.fromPort.value === -1) rule.fromPort = { ...rule.fromPort, value: 0 };
  if (rule.toPort.value === -1) rule.toPort = { ...rule.toPort, value: 65535 };
  return rule;
}

export function implicitAllowAllEgress(raw: RawResource, location: SourceLocation): SecurityGroupRule {
  return {
    address: raw.address,
    location,
    direction: 'egress',
    protocol: { value: '-1', provenance: 'default', location },
    fromPort: { value: 0, provenance: 'default', location },
    toPort: { value: 65535, provenance: 'default', location },
    cidrs: [{ value: '0.0.0.0/0', provenance: 'default', location }],
    ipv6Cidrs: [],
    prefixLists: [],
    groups: [],
    self: false,
    implicit: true,
    description: 'the allow-all egress AWS adds to a group declared without egress rules',
  };
}

/** What kind of thing a route sends to, from the argument that named it and the resource it refers to. */
export function routeTargetKind(argument: string, target: Ref, ctx: AdaptContext): RouteTargetKind {
  const type = target.target ? ctx.byAddress.get(target.target)?.type : undefined;
  if (type) {
    if (/internet_gateway$|::InternetGateway$/.test(type) && !/egress_only|EgressOnly/.test(type)) return 'internet-gateway';
    if (/egress_only_internet_gateway$|EgressOnlyInternetGateway$/.test(type)) return 'egress-only-gateway';
    if (/nat_gateway$|NatGateway$/.test(type)) return 'nat-gateway';
    if (/vpc_endpoint$|VPCEndpoint$/.test(type)) return 'vpc-endpoint';
    if (/transit_gateway|TransitGateway/.test(type)) return 'transit-gateway';
    if (/peering|Peering/.test(type)) return 'peering';
    if (/network_interface$|NetworkInterface$/.test(type)) return 'network-interface';
    if (/instance$|::Instance$/.test(type)) return 'instance';
  }
  const literal = target.literal;
  if (literal === 'local') return 'local';
  if (literal?.startsWith('igw-')) return 'internet-gateway';
  if (literal?.startsWith('eigw-')) return 'egress-only-gateway';
  if (literal?.startsWith('nat-')) return 'nat-gateway';
  if (literal?.startsWith('vpce-')) return 'vpc-endpoint';
  if (literal?.startsWith('tgw-')) return 'transit-gateway';
  if (literal?.startsWith('pcx-')) return 'peering';
  if (target.provenance === 'unknown' || literal === undefined) {
    // The argument's name still says what it is when its value is a variable.
    const byArgument: Record<string, RouteTargetKind> = {
      nat_gateway_id: 'nat-gateway', NatGatewayId: 'nat-gateway', vpc_endpoint_id: 'vpc-endpoint', VpcEndpointId: 'vpc-endpoint',
      transit_gateway_id: 'transit-gateway', TransitGatewayId: 'transit-gateway', vpc_peering_connection_id: 'peering', VpcPeeringConnectionId: 'peering',
      egress_only_gateway_id: 'egress-only-gateway', EgressOnlyInternetGatewayId: 'egress-only-gateway', network_interface_id: 'network-interface',
      NetworkInterfaceId: 'network-interface', InstanceId: 'instance',
    };
    return byArgument[argument] ?? 'unknown';
  }
  return 'other';
}

/** `com.amazonaws.eu-west-1.s3` → `s3`; `com.amazonaws.${region}.kms` → `kms`; unknown when the name is. */
export function shortServiceName(value: Value | undefined): string | undefined {
  const text = typeof value === 'string' ? value
    : isTemplateValue(value) ? value.parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('') : undefined;
  if (text === undefined) return undefined;
  const match = text.match(/(?:^|\.)(?:com\.amazonaws|aws\.api)\.[^.]*\.(.+)$/);
  const service = match?.[1];
  if (!service || service.includes('\u0000')) return undefined;
  return service;
}

/**
 * The key prefix of an S3 log destination written as the bucket ARN followed by a folder: `${bucket.arn}/prefix/`
 * (a template), `arn:aws:s3:::bucket/prefix/` (a literal), or the bare bucket ARN (no prefix).
 */
export function destinationPrefix(value: Value | undefined, location: SourceLocation): Field<string> {
  if (value === undefined || value === null) return { value: '', provenance: 'default', location };
  if (typeof value === 'string') {
    const m = value.match(/^arn:[^:]*:s3:::[^/]+\/?(.*)$/);
    return m ? { value: m[1]!, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location, unknown: value };
  }
  if (isUnknownValue(value)) return { value: '', provenance: 'explicit', location };
  if (isTemplateValue(value)) {
    const [first, ...rest] = value.parts;
    if (first !== undefined && typeof first !== 'string' && rest.every((p) => typeof p === 'string')) {
      const text = (rest as string[]).join('');
      return { value: text.startsWith('/') ? text.slice(1) : text, provenance: 'explicit', location };
    }
  }
  return { value: undefined, provenance: 'unknown', location, unknown: value };
}
