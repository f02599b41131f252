// ENC-KMS-001: customer-managed symmetric keys rotate.
import { check, fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const keyRotationEnabled: Rule = {
  id: 'ENC-KMS-001',
  title: 'Customer-managed keys rotate automatically',
  description:
    'Cryptographic keys are changed at the end of their cryptoperiod; for symmetric KMS keys, automatic rotation does it yearly.',
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.7.4'] },
  crossReference: {
    checkov: ['CKV_AWS_7'],
    securityHub: ['KMS.4'],
    cdkNag: ['PCI.DSS.321-KMSBackingKeyRotationEnabled'],
  },
  evaluate(model) {
    return resultOf(
      model.keys.map((key) => {
        if (key.keySpec.value !== undefined && key.keySpec.value !== 'SYMMETRIC_DEFAULT') {
          return check(
            'compliant',
            key,
            `${key.address} is an asymmetric or HMAC key (${key.keySpec.value}); KMS cannot rotate it automatically`,
            key.keySpec.location,
            key.keySpec.value,
          );
        }
        return fieldCheck(key, key.rotation, (v) => v === true, {
          ok: `${key.address} rotates automatically`,
          bad: `${key.address} does not rotate`,
        });
      }),
    );
  },
};
