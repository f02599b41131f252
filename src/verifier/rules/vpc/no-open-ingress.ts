// ENC-VPC-002: no security group admits traffic from 0.0.0.0/0 or ::/0.
// Any /0 is the whole family (`192.168.1.0/0` is 0.0.0.0/0): the one normaliser decides.
import { isWholeAddressFamily } from '../../load/terraform/cidr.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const noOpenIngress: Rule = {
  id: 'ENC-VPC-002',
  title: 'No security group ingress from 0.0.0.0/0 or ::/0',
  description: 'Inbound traffic to the cardholder data environment is restricted to what is necessary; nothing admits the whole internet.',
  service: 'vpc',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.3.1', '1.4.2'] },
  crossReference: { checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260'], securityHub: ['EC2.18', 'EC2.19'], cdkNag: ['PCI.DSS.321-EC2RestrictedCommonPorts', 'PCI.DSS.321-EC2RestrictedSSH'] },
  evaluate(model) {
    return resultOf(model.securityGroups.flatMap((group) => {
      if (group.ingress.length === 0) return [check('compliant', group, `${group.address} admits no inbound traffic`)];
      return group.ingress.map((rule) => {
        const open = [...rule.cidrs, ...rule.ipv6Cidrs].find((c) => c.value !== undefined && isWholeAddressFamily(c.value));
        if (open) return check('non-compliant', group, `${rule.address} admits ${rule.protocol.value === '-1' ? 'all traffic' : `${rule.protocol.value} ${rule.fromPort.value}-${rule.toPort.value}`} from ${open.value}`, rule.location, open.value ?? null);
        const unsure = [...rule.cidrs, ...rule.ipv6Cidrs].find((c) => c.provenance === 'unknown');
        if (unsure) return check('unknown', group, `${rule.address} admits a CIDR known only after apply`, rule.location);
        return check('compliant', group, `${rule.address} admits only ${[...rule.cidrs.map((c) => c.value), ...rule.groups.map((g) => g.target ?? g.literal ?? 'a security group'), ...rule.prefixLists.map((p) => p.target ?? 'a prefix list'), ...(rule.self ? ['itself'] : [])].join(', ') || 'nothing'}`, rule.location);
      });
    }));
  },
};
