// Address ranges as numbers, so "open to the internet" is decided on what a set of CIDR blocks covers, not on how one
// of them is written: 0.0.0.0/1 + 128.0.0.0/1, four /2 blocks, ::/1 + 8000::/1 and 0::/0 are all the whole internet.

export type Family = 4 | 6;
export interface Range {
  family: Family;
  first: bigint;
  last: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function ipv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function ipv6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  // A dotted IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = ipv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** The range a CIDR block covers (host bits ignored, as a prefix match ignores them), or null when it is not one. */
export function parseCidr(cidr: string): Range | null {
  const slash = cidr.indexOf('/');
  if (slash < 0) return null;
  const address = cidr.slice(0, slash).trim();
  const lengthText = cidr.slice(slash + 1).trim();
  const family: Family = address.includes(':') ? 6 : 4;
  const bits = BITS[family];
  if (!/^[0-9]{1,3}$/.test(lengthText) || Number(lengthText) > bits) return null;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  if (value === null) return null;
  const hostBits = BigInt(bits - Number(lengthText));
  const first = (value >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n };
}

/** Whether the blocks, taken together, cover every address of the family. */
export function coversWholeFamily(cidrs: readonly string[], family: Family): boolean {
  const ranges = cidrs
    .map(parseCidr)
    .filter((r): r is Range => r !== null && r.family === family)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n; // the first address not yet covered
  for (const r of ranges) {
    if (r.first > next) return false;
    if (r.last + 1n > next) next = r.last + 1n;
  }
  return next === 1n << BigInt(BITS[family]);
}
