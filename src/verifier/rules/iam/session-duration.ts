import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { check } from '../helpers.ts';

export const sessionDuration: Rule = {
  id: 'ENC-IAM-003',
  title: 'Role sessions last at most one hour',
  description:
    'Short sessions bound how long stolen temporary credentials stay useful; PCI DSS asks that sessions end and users re-authenticate.',
  service: 'iam',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['8.2.8'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const role of model.roles) {
      const { value, provenance, location } = role.maxSessionDuration;
      if (provenance === 'unknown' || value === undefined)
        checks.push(
          check('unknown', role, `the maximum session duration of ${role.address} is known only after apply`, location),
        );
      else if (value > 3600)
        checks.push(
          check('non-compliant', role, `${role.address} allows sessions of ${value} s (more than 3600 s)`, location),
        );
      else
        checks.push(
          check(
            'compliant',
            role,
            `${role.address} sessions last at most ${value} s${provenance === 'explicit' ? '' : ' (the AWS default)'}`,
            location,
          ),
        );
    }
    return resultOf(checks);
  },
};
