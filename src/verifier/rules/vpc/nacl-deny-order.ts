// ENC-VPC-004: in every network ACL, no deny is shadowed by an allow with a lower rule number.
import { overlaps, parseCidr } from '../../analysis/network/cidr.ts';
import type { NetworkAclEntry } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

/**
 * Does `allow` let through some of the traffic `deny` is meant to stop (an address both cover, a protocol and port
 * both cover)? A TCP allow from 0.0.0.0/0 numbered before an all-protocol deny of a range lets that range's TCP in.
 * undefined when a value is unknown.
 */
function shadows(allow: NetworkAclEntry, deny: NetworkAclEntry): boolean | undefined {
  if (allow.cidr.provenance === 'unknown' || deny.cidr.provenance === 'unknown') return undefined;
  const a = parseCidr(allow.cidr.value);
  const d = parseCidr(deny.cidr.value);
  if (!a || !d) return false;
  if (!overlaps(a, d)) return false;
  const ap = allow.protocol.value;
  const dp = deny.protocol.value;
  if (ap === undefined || dp === undefined) return undefined;
  if (ap !== '-1' && dp !== '-1' && ap !== dp) return false;
  const [af, at, df, dt] = [allow.fromPort.value, allow.toPort.value, deny.fromPort.value, deny.toPort.value];
  if (af === undefined || at === undefined || df === undefined || dt === undefined) return undefined;
  return af <= dt && df <= at;
}

export const naclDenyOrder: Rule = {
  id: 'ENC-VPC-004',
  title: 'Network ACL denies come before the allows that would override them',
  description: 'NACL rules are evaluated in number order and the first match wins: a deny numbered after an allow that covers any of the same traffic (an address, protocol and port both cover — a TCP allow from 0.0.0.0/0 before an all-protocol deny of a range lets that range\'s TCP through) does not take effect for it.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.2.5', '1.3.1'] },
  evaluate(model) {
    return resultOf(model.networkAcls.flatMap((acl) => {
      const denies = acl.entries.filter((e) => e.action.value === 'deny');
      if (denies.length === 0) return [check('compliant', acl, `${acl.address} has no explicit deny rules to shadow (only the final * deny)`)];
      return denies.map((deny) => {
        if (deny.ruleNumber.value === undefined) return check('unknown', acl, `${deny.address}: rule number known only after apply`, deny.location);
        const earlier = acl.entries.filter((e) => e.egress === deny.egress && e.action.value === 'allow' && (e.ruleNumber.value === undefined || e.ruleNumber.value < deny.ruleNumber.value!));
        let unsure = false;
        for (const allow of earlier) {
          const s = allow.ruleNumber.value === undefined ? undefined : shadows(allow, deny);
          if (s === true) return check('non-compliant', acl, `deny rule ${deny.ruleNumber.value} (${deny.cidr.value}) is shadowed by allow rule ${allow.ruleNumber.value} (${allow.cidr.value} ${allow.protocol.value === '-1' ? 'all traffic' : `${allow.protocol.value} ${allow.fromPort.value}-${allow.toPort.value}`}), which comes first and lets that traffic through`, deny.location, deny.ruleNumber.value);
          if (s === undefined) unsure = true;
        }
        if (unsure) return check('unknown', acl, `deny rule ${deny.ruleNumber.value} may be shadowed by an earlier allow whose values are known only after apply`, deny.location);
        return check('compliant', acl, `deny rule ${deny.ruleNumber.value} (${deny.egress ? 'egress' : 'ingress'} ${deny.cidr.value}) comes before any allow covering it`, deny.location, deny.ruleNumber.value);
      });
    }));
  },
};
