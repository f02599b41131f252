// ENC-SM-001: secrets encrypted with a customer-managed key.
import { cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const secretCmk: Rule = {
  id: 'ENC-SM-001',
  title: 'Secrets are encrypted with a customer-managed KMS key',
  description: 'Secret keys and credentials are stored encrypted with a key-encrypting key the entity controls.',
  service: 'secretsmanager',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1.2', '8.3.2'] },
  crossReference: { checkov: ['CKV_AWS_149'] },
  evaluate(model) {
    return resultOf(
      model.secrets.map((s) =>
        cmkCheck(
          model,
          s,
          s.kmsKey,
          s.address,
          'without kms_key_id Secrets Manager uses the AWS managed key aws/secretsmanager',
        ),
      ),
    );
  },
};
