// cidrsubnet / cidrsubnets / cidrhost / cidrnetmask over IPv4 and IPv6, with BigInt arithmetic, and the one CIDR
// normalisation everything the loaders produce goes through: the network address under its prefix, so any /0 is the
// whole address family (`192.168.1.0/0` is `0.0.0.0/0`) and host bits never make a range look narrower than it is.
import { EvalError } from './values.ts';

interface Prefix {
  address: bigint;
  length: number;
  bits: 32 | 128;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((acc, part) => (acc << 8n) | BigInt(part), 0n);
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/**
 * The canonical form of an IPv4 or IPv6 CIDR block: host bits cleared, IPv6 in Go's short form
 * (`10.0.1.7/16` → `10.0.0.0/16`, `192.168.1.0/0` → `0.0.0.0/0`, `FD00:0::/8` → `fd00::/8`); undefined when the
 * text is not a CIDR block (an unknown, a template, a typo), so callers never mistake it for one.
 */
export function normaliseCidr(text: string): string | undefined {
  try {
    const prefix = parsePrefix(text.trim(), 'cidr');
    return `${formatAddress(prefix.address, prefix.bits)}/${prefix.length}`;
  } catch {
    return undefined;
  }
}

/** Whether a CIDR block covers every address of its family (any `/0`). */
export function isWholeAddressFamily(text: string): boolean {
  const normal = normaliseCidr(text);
  return normal === '0.0.0.0/0' || normal === '::/0';
}

function parsePrefix(text: string, fn: string): Prefix {
  const [address, length, extra] = text.split('/');
  if (address === undefined || length === undefined || extra !== undefined || !/^\d+$/.test(length)) {
    throw new EvalError(`${fn}(): invalid CIDR prefix ${JSON.stringify(text)}`);
  }
  const v4 = parseIPv4(address);
  const bits = v4 !== undefined ? 32 : 128;
  const value = v4 ?? parseIPv6(address);
  if (value === undefined || Number(length) > bits)
    throw new EvalError(`${fn}(): invalid CIDR prefix ${JSON.stringify(text)}`);
  const n = Number(length);
  const mask = ((1n << BigInt(n)) - 1n) << BigInt(bits - n);
  return { address: value & mask, length: n, bits };
}

function formatAddress(value: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as Go's net.IP.String does.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const parsed = parsePrefix(prefix, 'cidrsubnet');
  const length = parsed.length + newbits;
  if (!Number.isInteger(newbits) || newbits < 0 || length > parsed.bits)
    throw new EvalError(`cidrsubnet(): cannot extend /${parsed.length} by ${newbits} bits`);
  if (!Number.isInteger(netnum) || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) {
    throw new EvalError(`cidrsubnet(): netnum ${netnum} does not fit in ${newbits} bits`);
  }
  const address = parsed.address | (BigInt(netnum) << BigInt(parsed.bits - length));
  return `${formatAddress(address, parsed.bits)}/${length}`;
}

export function cidrHost(prefix: string, hostnum: number): string {
  const parsed = parsePrefix(prefix, 'cidrhost');
  const size = 1n << BigInt(parsed.bits - parsed.length);
  let host = BigInt(Math.trunc(hostnum));
  if (host < 0n) host = size + host;
  if (host < 0n || host >= size) throw new EvalError(`cidrhost(): host number ${hostnum} does not fit in ${prefix}`);
  return formatAddress(parsed.address | host, parsed.bits);
}

export function cidrNetmask(prefix: string): string {
  const parsed = parsePrefix(prefix, 'cidrnetmask');
  if (parsed.bits !== 32) throw new EvalError('cidrnetmask(): only IPv4 prefixes have a netmask');
  return formatAddress(((1n << BigInt(parsed.length)) - 1n) << BigInt(32 - parsed.length), 32);
}

/** Terraform's cidrsubnets: consecutive subnets, each starting after the previous one, aligned to its own size. */
export function cidrSubnets(prefix: string, newbits: readonly number[]): string[] {
  const base = parsePrefix(prefix, 'cidrsubnets');
  const out: string[] = [];
  let next: bigint | undefined;
  for (const bits of newbits) {
    const length = base.length + bits;
    if (!Number.isInteger(bits) || bits < 1 || length > base.bits)
      throw new EvalError(`cidrsubnets(): cannot extend /${base.length} by ${bits} bits`);
    const size = 1n << BigInt(base.bits - length);
    const start: bigint = next === undefined ? base.address : ((next + size - 1n) / size) * size;
    const end = start + size;
    if (end > base.address + (1n << BigInt(base.bits - base.length)))
      throw new EvalError(
        `cidrsubnets(): not enough remaining address space for a subnet with a prefix of ${length} bits`,
      );
    out.push(`${formatAddress(start, base.bits)}/${length}`);
    next = end;
  }
  return out;
}
