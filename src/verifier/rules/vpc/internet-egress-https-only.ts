// ENC-VPC-012: security groups let nothing but HTTPS out to the whole internet.
import { coversPublic, parseCidr } from '../../analysis/network/cidr.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const internetEgressHttpsOnly: Rule = {
  id: 'ENC-VPC-012',
  title: 'Egress to the whole internet is HTTPS (TCP 443) only',
  description: 'Outbound traffic from the cardholder data environment is limited to what is necessary (PCI DSS 1.3.2) and travels encrypted (4.2.1): a security group rule to 0.0.0.0/0 or ::/0 on any single port other than TCP 443 (SSH, SMTP, plain HTTP, a database port, UDP) opens a channel out that no TLS policy, endpoint policy or proxy sees. All-protocol egress is judged by ENC-VPC-003; egress to a named, narrower range is not judged here.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.3.2', '1.4.1', '4.2.1'] },
  evaluate(model) {
    return resultOf(model.securityGroups.flatMap((group): Check[] => {
      const out: Check[] = [];
      for (const rule of group.egress) {
        if (rule.protocol.value === '-1') continue;
        const everywhere = [...rule.cidrs.filter((c) => coversPublic(parseCidr(c.value) ?? { start: 1, end: 0 })), ...rule.ipv6Cidrs.filter((c) => c.value === '::/0')];
        const unsure = [...rule.cidrs, ...rule.ipv6Cidrs].some((c) => c.provenance === 'unknown');
        if (everywhere.length === 0) {
          if (unsure) out.push(check('unknown', group, `${rule.address} egress goes to a CIDR known only after apply`, rule.location));
          continue;
        }
        const p = rule.protocol.value;
        const [from, to] = [rule.fromPort.value, rule.toPort.value];
        if (p === undefined || from === undefined || to === undefined) { out.push(check('unknown', group, `${rule.address}: protocol or ports known only after apply`, rule.location)); continue; }
        if (p === 'tcp' && from === 443 && to === 443) { out.push(check('compliant', group, `${rule.address} lets only TCP 443 out to ${everywhere[0]!.value}`, rule.location)); continue; }
        out.push(check('non-compliant', group, `${rule.address} lets ${p} ${from === to ? from : `${from}-${to}`} out to ${everywhere[0]!.value}: only HTTPS (TCP 443) may leave for the whole internet`, rule.location, `${p}/${from}-${to}`));
      }
      return out;
    }));
  },
};
