// ENC-S3-001: every bucket keeps object versions.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const bucketVersioning: Rule = {
  id: 'ENC-S3-001',
  title: 'Buckets keep object versions',
  description:
    'Versioning keeps every version of every object, so an overwrite or delete of card data or audit records can be recovered and is visible.',
  service: 's3',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.3.3', '10.5.1'] },
  crossReference: {
    checkov: ['CKV_AWS_21'],
    securityHub: ['S3.14'],
    cdkNag: ['PCI.DSS.321-S3BucketVersioningEnabled'],
  },
  evaluate(model) {
    return resultOf(
      model.buckets.map((b) =>
        fieldCheck(b, b.versioning, (v) => v === 'Enabled', {
          ok: `${b.address} has versioning enabled`,
          bad: `${b.address} does not have versioning enabled`,
        }),
      ),
    );
  },
};
