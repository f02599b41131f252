// ENC-CT-002: trails encrypt with a customer-managed key.
import { cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const trailCmk: Rule = {
  id: 'ENC-CT-002',
  title: 'CloudTrail logs are encrypted with a customer-managed KMS key',
  description:
    'Audit logs are readable only by those the key policy allows (SSE-KMS on delivery), not by anyone who can read the bucket.',
  service: 'cloudtrail',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.1', '10.3.2'] },
  crossReference: {
    checkov: ['CKV_AWS_35'],
    securityHub: ['CloudTrail.2'],
    cdkNag: ['PCI.DSS.321-CloudTrailEncryptionEnabled'],
  },
  evaluate(model) {
    return resultOf(model.trails.map((t) => cmkCheck(model, t, t.kmsKey, t.address)));
  },
};
