import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { dutyPrincipals, keysProtecting, mustBeDenied, principalCheck } from './shared.ts';

export const administratorSeparation: Rule = {
  id: 'ENC-IAM-007',
  title: 'Administrators cannot decrypt card data nor alter audit records, even by escalation',
  description:
    'Key custodians and infrastructure administrators manage resources but must not be able to decrypt cardholder data or change audit trails; a permission to rewrite their own policies, assume or pass a stronger role, or rewrite a key policy counts as the permission it leads to.',
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '7.2.1', '7.2.2', '10.3.2'] },
  evaluate(_model, analysis) {
    const { iam, principals } = dutyPrincipals(analysis, 'administrator');
    const checks: Check[] = [];
    for (const p of principals) {
      const before = checks.length;
      for (const key of keysProtecting(iam, ['card-data'])) {
        const c = mustBeDenied(analysis, p, 'decrypt', key, {
          explicit: false,
          why: 'Administrators must not decrypt cardholder data.',
        });
        if (c) checks.push(c);
      }
      for (const r of iam.resources) {
        if (r.kind === 'log-group' || r.kind === 'cloudtrail') {
          const c = mustBeDenied(analysis, p, 'tamper-logs', r, {
            explicit: false,
            why: 'Administrators must not alter audit records.',
          });
          if (c) checks.push(c);
        }
        if (r.classification === 'audit') {
          for (const cap of ['write-data', 'delete-data'] as const) {
            const c = mustBeDenied(analysis, p, cap, r, {
              explicit: false,
              why: 'Administrators must not alter audit records.',
            });
            if (c) checks.push(c);
          }
        }
      }
      if (checks.length === before)
        checks.push(
          principalCheck('compliant', p, `${p.id} is an administrator and no key or audit record is in scope`),
        );
    }
    return resultOf(checks);
  },
};
