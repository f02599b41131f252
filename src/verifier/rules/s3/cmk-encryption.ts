// ENC-S3-002: default encryption with a customer-managed KMS key.
import { check, cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const bucketCmkEncryption: Rule = {
  id: 'ENC-S3-002',
  title: 'Buckets encrypt by default with a customer-managed KMS key',
  description:
    'Stored account data is rendered unreadable with keys the entity controls: SSE-KMS with a customer-managed key, not SSE-S3 or the AWS managed key.',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1'] },
  crossReference: { checkov: ['CKV_AWS_145'], cdkNag: ['PCI.DSS.321-S3DefaultEncryptionKMS'] },
  evaluate(model) {
    return resultOf(
      model.buckets.map((b) => {
        if (!b.encryption)
          return check(
            'non-compliant',
            b,
            `${b.address} declares no default encryption (AWS applies SSE-S3, not a customer-managed key)`,
          );
        const algorithm = b.encryption.algorithm;
        if (algorithm.provenance === 'unknown')
          return check(
            'unknown',
            b,
            `${b.address}'s encryption algorithm is known only after apply`,
            algorithm.location,
          );
        if (algorithm.value !== 'aws:kms' && algorithm.value !== 'aws:kms:dsse')
          return check(
            'non-compliant',
            b,
            `${b.address} encrypts with ${algorithm.value}, not a customer-managed KMS key`,
            algorithm.location,
            algorithm.value ?? null,
          );
        return cmkCheck(
          model,
          b,
          b.encryption.key,
          `${b.address}`,
          'SSE-KMS without a key id uses the AWS managed key aws/s3',
        );
      }),
    );
  },
};
