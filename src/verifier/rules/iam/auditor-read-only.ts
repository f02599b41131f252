import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { dutyPrincipals, mustBeDenied, principalCheck } from './shared.ts';

export const auditorReadOnly: Rule = {
  id: 'ENC-IAM-006',
  title: 'Auditors are read-only: explicit denies on writes and on card-data reads',
  description:
    'An auditor role reads configuration and audit records but must not change data, logs or permissions, and must not read cardholder data; explicit denies keep that true when someone later attaches a broader policy. Escalation paths count.',
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '10.3.2'] },
  evaluate(_model, analysis) {
    const { iam, principals } = dutyPrincipals(analysis, 'auditor');
    const checks: Check[] = [];
    for (const p of principals) {
      const before = checks.length;
      for (const r of iam.resources) {
        for (const cap of ['write-data', 'delete-data'] as const) {
          const c = mustBeDenied(analysis, p, cap, r, {
            explicit: true,
            why: 'Auditors must be read-only, by explicit Deny.',
          });
          if (c) checks.push(c);
        }
        for (const cap of ['tamper-logs', 'change-permissions', 'administer-key'] as const) {
          const c = mustBeDenied(analysis, p, cap, r, {
            explicit: false,
            why: 'Auditors must not change logs, keys or permissions.',
          });
          if (c) checks.push(c);
        }
        if (r.classification === 'card-data') {
          const c = mustBeDenied(analysis, p, 'read-data', r, {
            explicit: true,
            why: 'Auditors must not read cardholder data.',
          });
          if (c) checks.push(c);
        }
      }
      if (checks.length === before)
        checks.push(principalCheck('compliant', p, `${p.id} is an auditor and no data resource is in scope`));
    }
    return resultOf(checks);
  },
};
