// ENC-RDS-001: storage encrypted with a customer-managed key.
import { check, cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const dbCmk: Rule = {
  id: 'ENC-RDS-001',
  title: 'RDS storage is encrypted with a customer-managed KMS key',
  description: 'Stored account data in the database is unreadable without a key the entity controls.',
  service: 'rds',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1'] },
  crossReference: {
    checkov: ['CKV_AWS_16', 'CKV_AWS_354'],
    securityHub: ['RDS.3'],
    cdkNag: ['PCI.DSS.321-RDSStorageEncrypted'],
  },
  evaluate(model) {
    return resultOf(
      model.dbInstances.map((d) => {
        if (d.storageEncrypted.provenance === 'unknown')
          return check(
            'unknown',
            d,
            `${d.address}: storage encryption is known only after apply`,
            d.storageEncrypted.location,
          );
        if (d.storageEncrypted.value !== true)
          return check(
            'non-compliant',
            d,
            `${d.address} does not encrypt its storage`,
            d.storageEncrypted.location,
            false,
          );
        return cmkCheck(
          model,
          d,
          d.kmsKey,
          d.address,
          'encrypted storage without kms_key_id uses the AWS managed key aws/rds',
        );
      }),
    );
  },
};
