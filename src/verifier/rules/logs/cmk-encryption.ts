// ENC-LOGS-001: every log group encrypted with a customer-managed key.
import { cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const logGroupCmk: Rule = {
  id: 'ENC-LOGS-001',
  title: 'Log groups are encrypted with a customer-managed KMS key',
  description:
    'Audit logs are protected from unauthorised reading: CloudWatch Logs encrypts them with a key whose policy the entity controls.',
  service: 'logs',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.1', '10.3.2', '3.6.1'] },
  crossReference: { checkov: ['CKV_AWS_158'], cdkNag: ['PCI.DSS.321-CloudWatchLogGroupEncrypted'] },
  evaluate(model) {
    return resultOf(
      model.logGroups.map((g) =>
        cmkCheck(model, g, g.kmsKey, g.address, 'CloudWatch Logs default encryption is not a customer-managed key'),
      ),
    );
  },
};
