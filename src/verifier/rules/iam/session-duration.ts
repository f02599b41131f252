import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { iamOf, principalCheck } from './shared.ts';

export const sessionDuration: Rule = {
  id: 'ENC-IAM-003',
  title: 'Role sessions last at most one hour',
  description: 'Short sessions bound how long stolen temporary credentials stay useful; PCI DSS asks that sessions end and users re-authenticate.',
  service: 'iam',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['8.2.8'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const p of iamOf(model).principals) {
      if (p.kind !== 'role' || !p.maxSessionDuration) continue;
      const { value, explicit, location } = p.maxSessionDuration;
      if (value === undefined) checks.push(principalCheck('unknown', p, `the maximum session duration of ${p.id} is known only after apply`, location));
      else if (value > 3600) checks.push(principalCheck('non-compliant', p, `${p.id} allows sessions of ${value} s (more than 3600 s)`, location));
      else checks.push(principalCheck('compliant', p, `${p.id} sessions last at most ${value} s${explicit ? '' : ' (the AWS default)'}`, location));
    }
    return resultOf(checks);
  },
};
