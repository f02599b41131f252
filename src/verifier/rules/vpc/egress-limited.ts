// ENC-VPC-003: no security group lets everything out to everywhere.
// Any /0 is the whole family (`192.168.1.0/0` is 0.0.0.0/0): the one normaliser decides.
import { isWholeAddressFamily } from '../../load/terraform/cidr.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const egressLimited: Rule = {
  id: 'ENC-VPC-003',
  title: 'Security group egress is limited',
  description: 'Outbound traffic from the cardholder data environment is restricted: no rule allows all protocols and ports to 0.0.0.0/0 or ::/0 (including the allow-all egress AWS adds to a group declared without egress rules).',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.3.2', '1.4.1'] },
  crossReference: { checkov: ['CKV_AWS_382'], cdkNag: ['PCI.DSS.321-EC2RestrictedInbound'] },
  evaluate(model) {
    return resultOf(model.securityGroups.flatMap((group) => {
      if (group.egress.length === 0) return [check('compliant', group, `${group.address} allows no outbound traffic`)];
      return group.egress.map((rule) => {
        const anywhere = [...rule.cidrs, ...rule.ipv6Cidrs].find((c) => c.value !== undefined && isWholeAddressFamily(c.value));
        const allPorts = rule.protocol.value === '-1';
        if (anywhere && allPorts) {
          return check('non-compliant', group, `${rule.address} allows all traffic to ${anywhere.value}${rule.implicit ? ' (the egress AWS adds when a group declares none: declare SecurityGroupEgress)' : ''}`, rule.location, anywhere.value ?? null);
        }
        if (rule.protocol.provenance === 'unknown' || [...rule.cidrs, ...rule.ipv6Cidrs].some((c) => c.provenance === 'unknown')) {
          return check('unknown', group, `${rule.address} egress depends on values known only after apply`, rule.location);
        }
        return check('compliant', group, `${rule.address} allows ${allPorts ? 'all protocols' : `${rule.protocol.value} ${rule.fromPort.value}-${rule.toPort.value}`} to ${[...rule.cidrs.map((c) => c.value), ...rule.prefixLists.map((p) => p.target ?? 'a prefix list'), ...rule.groups.map((g) => g.target ?? 'a security group')].join(', ') || 'itself'}`, rule.location);
      });
    }));
  },
};
