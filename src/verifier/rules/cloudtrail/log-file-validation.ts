// ENC-CT-001: trails validate their log files.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const trailLogValidation: Rule = {
  id: 'ENC-CT-001',
  title: 'CloudTrail validates log files',
  description:
    'Change detection on audit logs: digest files let any modification or deletion of a delivered log be detected.',
  service: 'cloudtrail',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.2', '10.3.4'] },
  crossReference: {
    checkov: ['CKV_AWS_36'],
    securityHub: ['CloudTrail.4'],
    cdkNag: ['PCI.DSS.321-CloudTrailLogFileValidationEnabled'],
  },
  evaluate(model) {
    return resultOf(
      model.trails.map((t) =>
        fieldCheck(t, t.logFileValidation, (v) => v === true, {
          ok: `${t.address} validates its log files`,
          bad: `${t.address} does not validate its log files`,
        }),
      ),
    );
  },
};
