// ENC-SNS-001: topics encrypted with a customer-managed key.
import { cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const topicCmk: Rule = {
  id: 'ENC-SNS-001',
  title: 'SNS topics are encrypted with a customer-managed KMS key',
  description: 'Security alerts and notifications at rest are encrypted with a key the entity controls.',
  service: 'sns',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '10.3.1'] },
  crossReference: { checkov: ['CKV_AWS_26'], securityHub: ['SNS.1'], cdkNag: ['PCI.DSS.321-SNSEncryptedKMS'] },
  evaluate(model) {
    return resultOf(model.topics.map((t) => cmkCheck(model, t, t.kmsKey, t.address)));
  },
};
