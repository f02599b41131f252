// ENC-GD-001: a declared GuardDuty detector is enabled.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const detectorEnabled: Rule = {
  id: 'ENC-GD-001',
  title: 'GuardDuty detectors are enabled',
  description: 'Intrusion detection monitors the environment: a detector that is declared must be on.',
  service: 'guardduty',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['11.5.1', '10.4.1.1'] },
  crossReference: {
    checkov: ['CKV2_AWS_3'],
    securityHub: ['GuardDuty.1'],
    cdkNag: ['PCI.DSS.321-GuardDutyEnabledCentralized'],
  },
  evaluate(model) {
    return resultOf(
      model.detectors.map((d) =>
        fieldCheck(d, d.enabled, (v) => v === true, { ok: `${d.address} is enabled`, bad: `${d.address} is disabled` }),
      ),
    );
  },
};
