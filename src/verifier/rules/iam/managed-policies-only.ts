import { at, isTemplateValue, isUnknownValue } from '../../model/fields.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { iamOf, principalCheck } from './shared.ts';

/** Roles opt in with the tag `enclave:policies = "managed-only"` (spec 002 forbids inline policies). */
function optedIn(tags: unknown): boolean {
  if (Array.isArray(tags)) return tags.some((t) => t && typeof t === 'object' && (t as Record<string, unknown>)['Key'] === 'enclave:policies' && (t as Record<string, unknown>)['Value'] === 'managed-only');
  return !!tags && typeof tags === 'object' && (tags as Record<string, unknown>)['enclave:policies'] === 'managed-only';
}

export const managedPoliciesOnly: Rule = {
  id: 'ENC-IAM-009',
  title: 'Managed policies only, where the environment demands it',
  description: 'Environments that require every permission to be a reviewable, versioned managed policy (spec 002) must not carry inline policies. Roles opt in with the tag enclave:policies = "managed-only".',
  service: 'iam',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.4'] },
  crossReference: { cdkNag: ['PCI.DSS.321-IAMNoInlinePolicy'], securityHub: ['IAM.1'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const p of iamOf(model).principals) {
      if (p.kind !== 'role' || !p.address) continue;
      const raw = model.byAddress.get(p.address);
      if (!raw) continue;
      const tags = at(raw.attributes, raw.dialect === 'cloudformation' ? 'Tags' : 'tags');
      if (isUnknownValue(tags) || isTemplateValue(tags)) {
        if (p.inline.length > 0) checks.push(principalCheck('unknown', p, `${p.id} has inline policies and tags known only after apply, so whether it must use managed policies only is unknown`));
        continue;
      }
      if (!optedIn(tags)) continue;
      if (p.inline.length > 0) for (const i of p.inline) checks.push(principalCheck('non-compliant', p, `${p.id} must use managed policies only but has the inline policy ${i.origin}`, i.location));
      else checks.push(principalCheck('compliant', p, `${p.id} uses managed policies only`));
    }
    return resultOf(checks);
  },
};
