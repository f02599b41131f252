// The AWS provider rejects a CIDR block whose host bits are set where it takes a network (`192.168.1.0/0`,
// `10.0.0.1/16`): terraform validate says `"192.168.1.0/0" is not a valid IPv4 CIDR block; did you mean
// "0.0.0.0/0"?`. Checked against the real provider 5.100.0 (test/verifier/schema/cidr-network.test.ts): security
// groups and their rules, routes and route tables, inline NACL entries, VPCs and subnets. aws_network_acl_rule and
// managed prefix list entries accept such blocks, so they are not listed (the network analysis normalises them).
import { normaliseCidr } from '../load/terraform/cidr.ts';
import type { Diagnostic, RawResource, Value } from '../load/types.ts';
import { locate } from '../load/values.ts';

/** Resource type → paths (`*` for every element of a block list) whose values must be network addresses. */
const NETWORK_CIDRS: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ['cidr_block', 'ipv6_cidr_block'],
  aws_subnet: ['cidr_block', 'ipv6_cidr_block'],
  aws_vpc_ipv4_cidr_block_association: ['cidr_block'],
  aws_vpc_ipv6_cidr_block_association: ['ipv6_cidr_block'],
  aws_route: ['destination_cidr_block', 'destination_ipv6_cidr_block'],
  aws_route_table: ['route.*.cidr_block', 'route.*.ipv6_cidr_block'],
  aws_default_route_table: ['route.*.cidr_block', 'route.*.ipv6_cidr_block'],
  aws_network_acl: ['ingress.*.cidr_block', 'ingress.*.ipv6_cidr_block', 'egress.*.cidr_block', 'egress.*.ipv6_cidr_block'],
  aws_default_network_acl: ['ingress.*.cidr_block', 'ingress.*.ipv6_cidr_block', 'egress.*.cidr_block', 'egress.*.ipv6_cidr_block'],
  aws_security_group: ['ingress.*.cidr_blocks', 'ingress.*.ipv6_cidr_blocks', 'egress.*.cidr_blocks', 'egress.*.ipv6_cidr_blocks'],
  aws_default_security_group: ['ingress.*.cidr_blocks', 'ingress.*.ipv6_cidr_blocks', 'egress.*.cidr_blocks', 'egress.*.ipv6_cidr_blocks'],
  aws_security_group_rule: ['cidr_blocks', 'ipv6_cidr_blocks'],
  aws_vpc_security_group_ingress_rule: ['cidr_ipv4', 'cidr_ipv6'],
  aws_vpc_security_group_egress_rule: ['cidr_ipv4', 'cidr_ipv6'],
};

/** Each (path, string) at a path pattern; lists of strings are entered element by element. */
function valuesAt(value: Value | undefined, segments: readonly string[], path: string, out: [string, string][]): void {
  if (value === undefined || value === null) return;
  if (segments.length === 0) {
    if (typeof value === 'string') out.push([path, value]);
    else if (Array.isArray(value)) (value as readonly Value[]).forEach((item, i) => { if (typeof item === 'string') out.push([`${path}.${i}`, item]); });
    return;
  }
  const [head, ...rest] = segments;
  if (head === '*') {
    if (Array.isArray(value)) (value as readonly Value[]).forEach((item, i) => valuesAt(item, rest, `${path}.${i}`, out));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value) || 'kind' in (value as object)) return;
  valuesAt((value as Record<string, Value>)[head!], rest, path === '' ? head! : `${path}.${head}`, out);
}

export function validateNetworkCidrs(resource: RawResource): Diagnostic[] {
  const paths = NETWORK_CIDRS[resource.type];
  if (!paths || resource.mode !== 'resource') return [];
  const out: Diagnostic[] = [];
  for (const pattern of paths) {
    const found: [string, string][] = [];
    valuesAt(resource.attributes as Value, pattern.split('.'), '', found);
    for (const [path, text] of found) {
      const normal = normaliseCidr(text);
      if (normal === undefined) continue;
      const family = normal.includes(':') ? 'IPv6' : 'IPv4';
      // The provider compares addresses, not spellings: `FD00:0::/8` is `fd00::/8`; only host bits set are an error.
      const bits = family === 'IPv6' ? 128 : 32;
      if (normaliseCidr(`${text.trim().split('/')[0]}/${bits}`) === normaliseCidr(`${normal.split('/')[0]}/${bits}`)) continue;
      out.push({
        severity: 'error',
        code: 'schema-invalid-cidr',
        message: `${resource.address}: "${text}" is not a valid ${family} CIDR block; did you mean "${normal}"?`,
        location: locate(resource, path),
      });
    }
  }
  return out;
}
