// Stateless network ACL evaluation: rules in number order, the first that matches a packet decides, `*` denies.
// A question is about a flow of packets (a protocol, a port range, a peer that may be a whole range of addresses),
// so the answer says whether ALL of it passes and whether SOME of it passes: a connection that must work needs
// all (every ephemeral port Lambda may pick, every address the peer may have); exposure needs only some.
import type { NetworkAcl, NetworkAclEntry } from '../../model/model.ts';
import { contains, coversPublic, neverAws, overlaps, parseCidr, touchesPublic, type Range } from './cidr.ts';

export type Decision = 'allow' | 'deny' | 'unknown';
type Tri = 'yes' | 'no' | 'maybe';

/**
 * Addresses at the other end: a range; `public`, meaning any address on the internet (every one of them, when all
 * must pass); or `aws-service`, the public addresses of an AWS service, which the code cannot enumerate — an entry
 * covering only some public addresses may or may not cover them.
 */
export type Peer = { kind: 'range'; range: Range } | { kind: 'public' } | { kind: 'aws-service' };

export interface Traffic {
  egress: boolean;
  peer: Peer;
  /** `tcp`, `udp`, or `-1` for any. */
  protocol: string;
  from: number;
  to: number;
}

export interface AclDecision {
  /** Every packet of the flow passes. */
  all: Tri;
  /** At least one packet of the flow passes. */
  some: Tri;
  /** The entry that let traffic through (or decided it), when one did. */
  entry?: NetworkAclEntry;
  /** The entry (or the final `*` rule) that stopped part of it, with a port it stopped: the counterexample. */
  blocked?: { entry?: NetworkAclEntry; port: number };
  reason: string;
}

type Match = 'full' | 'partial' | 'none' | 'unknown';

function peerMatch(entry: NetworkAclEntry, peer: Peer): Match {
  if (entry.cidr.provenance === 'unknown') return 'unknown';
  const cidr = entry.cidr.value;
  if (cidr === undefined) return 'none'; // IPv6-only entry
  const range = parseCidr(cidr);
  if (!range) return 'unknown';
  if (peer.kind === 'public') return coversPublic(range) ? 'full' : touchesPublic(range) ? 'partial' : 'none';
  if (peer.kind === 'aws-service') return coversPublic(range) ? 'full' : neverAws(range) ? 'none' : 'unknown';
  return contains(range, peer.range) ? 'full' : overlaps(range, peer.range) ? 'partial' : 'none';
}

function protocolMatch(entry: NetworkAclEntry, t: Traffic): Match {
  const p = entry.protocol.value;
  if (p === undefined) return 'unknown';
  if (p === '-1') return 'full';
  if (t.protocol === '-1') return 'partial';
  return p === t.protocol ? 'full' : 'none';
}

type Interval = [number, number];

function intersect(intervals: Interval[], from: number, to: number): Interval[] {
  return intervals.map(([a, b]): Interval => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => a <= b);
}

function subtract(intervals: Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of intervals) {
    if (to < a || from > b) { out.push([a, b]); continue; }
    if (a < from) out.push([a, from - 1]);
    if (b > to) out.push([to + 1, b]);
  }
  return out;
}

const describeEntry = (e: NetworkAclEntry) => `${e.address} rule ${e.ruleNumber.value}`;

/** What the ACL does to the flow. No ACL in the model: the VPC's default ACL, which allows everything. */
export function evaluateAcl(acl: NetworkAcl | undefined, t: Traffic): AclDecision {
  if (!acl) return { all: 'yes', some: 'yes', reason: 'the default network ACL allows all traffic' };
  const entries = acl.entries.filter((e) => e.egress === t.egress);
  if (entries.some((e) => e.ruleNumber.value === undefined)) return { all: 'maybe', some: 'maybe', reason: `${acl.address} has a rule whose number is known only after apply` };
  entries.sort((a, b) => a.ruleNumber.value! - b.ruleNumber.value!);
  let undecided: Interval[] = [[t.from, t.to]];
  let allowedBy: NetworkAclEntry | undefined;
  let blocked: AclDecision['blocked'];
  for (const entry of entries) {
    if (undecided.length === 0) break;
    const peer = peerMatch(entry, t.peer);
    const protocol = protocolMatch(entry, t);
    if (peer === 'none' || protocol === 'none') continue;
    const from = entry.fromPort.value;
    const to = entry.toPort.value;
    const action = entry.action.value;
    if (peer === 'unknown' || protocol === 'unknown' || from === undefined || to === undefined || (action !== 'allow' && action !== 'deny')) {
      // From here on the outcome of every undecided packet depends on a value known only after apply.
      return {
        all: blocked ? 'no' : 'maybe',
        some: allowedBy ? 'yes' : 'maybe',
        ...(allowedBy ? { entry: allowedBy } : { entry }),
        ...(blocked ? { blocked } : {}),
        reason: `${describeEntry(entry)} depends on values known only after apply`,
      };
    }
    const hit = intersect(undecided, from, to);
    if (hit.length === 0) continue;
    if (action === 'allow') allowedBy ??= entry;
    else blocked ??= { entry, port: hit[0]![0] };
    // Only an entry that matches every address and protocol of the flow settles its ports for good.
    if (peer === 'full' && protocol === 'full') undecided = subtract(undecided, from, to);
  }
  if (undecided.length > 0) blocked ??= { port: undecided[0]![0] };
  const ports = t.from === t.to ? `port ${t.from}` : `ports ${t.from}-${t.to}`;
  if (!blocked) return { all: 'yes', some: 'yes', ...(allowedBy ? { entry: allowedBy } : {}), reason: `${describeEntry(allowedBy!)} allows it (${ports})` };
  const stop = blocked.entry ? `${describeEntry(blocked.entry)} denies port ${blocked.port}` : `no rule of ${acl.address} allows port ${blocked.port} (the final * rule denies it)`;
  if (!allowedBy) return { all: 'no', some: 'no', blocked, reason: stop };
  return { all: 'no', some: 'yes', entry: allowedBy, blocked, reason: `${describeEntry(allowedBy)} allows only part of ${ports}: ${stop}` };
}

/** The ACL's verdict for a flow that must work entirely (`must`), or that counts if any of it passes (`may`). */
export function aclDecision(d: AclDecision, mode: 'must' | 'may'): Decision {
  const v = mode === 'must' ? d.all : d.some;
  return v === 'yes' ? 'allow' : v === 'no' ? 'deny' : 'unknown';
}

export type { Range };
