// ENC-RDS-004: not publicly accessible.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const dbNotPublic: Rule = {
  id: 'ENC-RDS-004',
  title: 'RDS instances are not publicly accessible',
  description: 'System components that store cardholder data are not directly accessible from untrusted networks.',
  service: 'rds',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['1.4.4', '1.3.1'] },
  crossReference: { checkov: ['CKV_AWS_17'], securityHub: ['RDS.2'], cdkNag: ['PCI.DSS.321-RDSInstancePublicAccess'] },
  evaluate(model) {
    return resultOf(
      model.dbInstances.map((d) =>
        fieldCheck(d, d.publiclyAccessible, (v) => v !== true, {
          ok: `${d.address} is not publicly accessible`,
          bad: `${d.address} is publicly accessible`,
        }),
      ),
    );
  },
};
