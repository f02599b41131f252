// Stateless network ACL evaluation: rules in number order, the first that matches decides, `*` denies.
import type { NetworkAcl, NetworkAclEntry } from '../../model/model.ts';
import { contains, coversPublic, overlaps, parseCidr, touchesPublic, type Range } from './cidr.ts';

export type Decision = 'allow' | 'deny' | 'unknown';

/** Addresses at the other end: a range, or "somewhere on the internet". */
export type Peer = { kind: 'range'; range: Range } | { kind: 'public' };

export interface Traffic {
  egress: boolean;
  peer: Peer;
  /** `tcp`, `udp`, or `-1` for any. */
  protocol: string;
  from: number;
  to: number;
}

export interface AclDecision { decision: Decision; entry?: NetworkAclEntry; reason: string }

function peerMatch(entry: NetworkAclEntry, peer: Peer): 'full' | 'partial' | 'none' | 'unknown' {
  if (entry.cidr.provenance === 'unknown') return 'unknown';
  const cidr = entry.cidr.value;
  if (cidr === undefined) return 'none'; // IPv6-only entry
  const range = parseCidr(cidr);
  if (!range) return 'unknown';
  if (peer.kind === 'public') return coversPublic(range) ? 'full' : touchesPublic(range) ? 'partial' : 'none';
  return contains(range, peer.range) ? 'full' : overlaps(range, peer.range) ? 'partial' : 'none';
}

function trafficMatch(entry: NetworkAclEntry, t: Traffic): 'full' | 'partial' | 'none' | 'unknown' {
  const p = entry.protocol.value;
  if (p === undefined) return 'unknown';
  if (p !== '-1' && t.protocol !== '-1' && p !== t.protocol) return 'none';
  if (p !== '-1' && t.protocol === '-1') return 'partial';
  if (p === '-1') return 'full';
  const from = entry.fromPort.value;
  const to = entry.toPort.value;
  if (from === undefined || to === undefined) return 'unknown';
  if (to < t.from || from > t.to) return 'none';
  return from <= t.from && t.to <= to ? 'full' : 'partial';
}

/** What the ACL does to the traffic. A partial allow counts as allow: some of that traffic passes. */
export function evaluateAcl(acl: NetworkAcl | undefined, t: Traffic): AclDecision {
  if (!acl) return { decision: 'allow', reason: 'the default network ACL allows all traffic' };
  const entries = acl.entries.filter((e) => e.egress === t.egress);
  if (entries.some((e) => e.ruleNumber.value === undefined)) return { decision: 'unknown', reason: `${acl.address} has a rule whose number is known only after apply` };
  entries.sort((a, b) => a.ruleNumber.value! - b.ruleNumber.value!);
  for (const entry of entries) {
    const peer = peerMatch(entry, t.peer);
    const traffic = trafficMatch(entry, t);
    if (peer === 'none' || traffic === 'none') continue;
    const action = entry.action.value;
    if (peer === 'unknown' || traffic === 'unknown' || (action !== 'allow' && action !== 'deny')) {
      return { decision: 'unknown', entry, reason: `${entry.address} rule ${entry.ruleNumber.value} depends on values known only after apply` };
    }
    if (peer === 'full' && traffic === 'full') return { decision: action, entry, reason: `${entry.address} rule ${entry.ruleNumber.value} ${action === 'allow' ? 'allows' : 'denies'} it` };
    if (action === 'allow') return { decision: 'allow', entry, reason: `${entry.address} rule ${entry.ruleNumber.value} allows part of it` };
  }
  return { decision: 'deny', reason: `no rule of ${acl.address} allows it (the final * rule denies)` };
}
