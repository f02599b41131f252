import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { check, tagValue } from '../helpers.ts';

export const managedPoliciesOnly: Rule = {
  id: 'ENC-IAM-009',
  title: 'Managed policies only, where the environment demands it',
  description:
    'Environments that require every permission to be a reviewable, versioned managed policy (spec 002) must not carry inline policies. Roles opt in with the tag enclave:policies = "managed-only".',
  service: 'iam',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.4'] },
  crossReference: { cdkNag: ['PCI.DSS.321-IAMNoInlinePolicy'], securityHub: ['IAM.1'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const role of model.roles) {
      const inline = role.policies.filter((p) => p.inline);
      if (role.tags.unknown) {
        if (inline.length > 0)
          checks.push(
            check(
              'unknown',
              role,
              `${role.address} has inline policies and tags known only after apply, so whether it must use managed policies only is unknown`,
            ),
          );
        continue;
      }
      if (tagValue(role.tags, 'enclave:policies') !== 'managed-only') continue;
      if (inline.length > 0)
        for (const i of inline)
          checks.push(
            check(
              'non-compliant',
              role,
              `${role.address} must use managed policies only but has the inline policy ${i.origin}`,
              i.location,
            ),
          );
      else checks.push(check('compliant', role, `${role.address} uses managed policies only`));
    }
    return resultOf(checks);
  },
};
