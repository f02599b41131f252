// ENC-S3-003: all four public access block settings on.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const bucketPublicAccessBlocked: Rule = {
  id: 'ENC-S3-003',
  title: 'Buckets block all public access',
  description:
    'All four S3 public access block settings are declared on: public ACLs blocked and ignored, public policies blocked, public buckets restricted.',
  service: 's3',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['1.3.1', '1.4.4', '7.2.1'] },
  crossReference: {
    checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    securityHub: ['S3.8'],
    cdkNag: ['PCI.DSS.321-S3BucketLevelPublicAccessProhibited'],
  },
  evaluate(model) {
    return resultOf(
      model.buckets.map((b) => {
        const pab = b.publicAccessBlock;
        if (!pab)
          return check(
            'non-compliant',
            b,
            `${b.address} declares no public access block (the AWS default for new buckets can be changed outside this code)`,
          );
        const settings = {
          block_public_acls: pab.blockPublicAcls,
          ignore_public_acls: pab.ignorePublicAcls,
          block_public_policy: pab.blockPublicPolicy,
          restrict_public_buckets: pab.restrictPublicBuckets,
        };
        const off = Object.entries(settings).filter(([, f]) => f.value === false);
        if (off.length > 0)
          return check(
            'non-compliant',
            b,
            `${b.address} leaves ${off.map(([k]) => k).join(', ')} off`,
            off[0]![1].location,
            false,
          );
        const unsure = Object.entries(settings).find(([, f]) => f.provenance === 'unknown');
        if (unsure)
          return check('unknown', b, `${b.address}: ${unsure[0]} is known only after apply`, unsure[1].location);
        return check('compliant', b, `${b.address} blocks all public access`, pab.location, true);
      }),
    );
  },
};
