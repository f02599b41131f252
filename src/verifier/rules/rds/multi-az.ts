// ENC-RDS-002: multi-AZ.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const dbMultiAz: Rule = {
  id: 'ENC-RDS-002',
  title: 'RDS instances are multi-AZ',
  description: 'The payment database survives the loss of an availability zone.',
  service: 'rds',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['12.10.1'] },
  crossReference: { checkov: ['CKV_AWS_157'], securityHub: ['RDS.5'], cdkNag: ['PCI.DSS.321-RDSMultiAZSupport'] },
  evaluate(model) {
    return resultOf(
      model.dbInstances.map((d) =>
        fieldCheck(d, d.multiAz, (v) => v === true, {
          ok: `${d.address} is multi-AZ`,
          bad: `${d.address} is single-AZ`,
        }),
      ),
    );
  },
};
