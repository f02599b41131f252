// IPv4 CIDR arithmetic for reachability: ranges, containment, overlap, and the public (non-private) address space.
import { normaliseCidr } from '../../load/terraform/cidr.ts';

export interface Range { start: number; end: number }

export function parseCidr(text: string | undefined): Range | undefined {
  if (text === undefined) return undefined;
  const match = text.trim().match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return { start, end: start + size - 1 };
}

export const contains = (outer: Range, inner: Range): boolean => outer.start <= inner.start && inner.end <= outer.end;
export const overlaps = (a: Range, b: Range): boolean => a.start <= b.end && b.start <= a.end;

/** RFC 1918 and the carrier-grade NAT range: addresses that never route over the internet. */
const PRIVATE: Range[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'].map((c) => parseCidr(c)!);

/** True when some address of the range is public. */
export function touchesPublic(range: Range): boolean {
  return !PRIVATE.some((p) => contains(p, range));
}

/** True when the range covers the whole public address space (0.0.0.0/0 in practice). */
export function coversPublic(range: Range): boolean {
  return range.start === 0 && range.end === 0xffffffff;
}

/**
 * Public-looking ranges no AWS service endpoint is ever addressed in: RFC 5737 documentation (TEST-NET-1/2/3),
 * RFC 2544 benchmarking, multicast and the reserved 240/4 block (RFC 6890). A NACL entry about them says nothing
 * about the way to an AWS service.
 */
const NEVER_AWS: Range[] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4', '0.0.0.0/8'].map((c) => parseCidr(c)!);

/** True when no address of the range can belong to an AWS service (private, documentation, reserved). */
export function neverAws(range: Range): boolean {
  return !touchesPublic(range) || NEVER_AWS.some((r) => contains(r, range));
}

export function isAnyIpv6(text: string | undefined): boolean {
  return text !== undefined && normaliseCidr(text) === '::/0';
}
