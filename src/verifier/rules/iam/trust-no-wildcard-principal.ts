import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { literalOf } from '../../analysis/iam/symbolic.ts';
import { iamOf, principalCheck, where } from './shared.ts';

export const trustNoWildcardPrincipal: Rule = {
  id: 'ENC-IAM-001',
  title: 'Role trust policies name their principals; none trusts "*"',
  description: 'A trust policy that allows any principal lets anyone who can guess the role name assume it; the conditions that would narrow it are easy to get wrong. Name the accounts, roles or services instead.',
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '8.2.2'] },
  crossReference: { checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const p of iamOf(model).principals) {
      if (p.kind !== 'role' || !p.trust) continue;
      if (p.trust.unknown && p.trust.statements.length === 0) { checks.push(principalCheck('unknown', p, `the trust policy of ${p.id} is known only after apply`, p.trust.location)); continue; }
      const bad = p.trust.statements.find((s) => s.effect === 'Allow' && (s.principal?.any || s.notPrincipal !== undefined || [...(s.principal && !s.principal.any ? s.principal.byType.values() : [])].flat().some((id) => literalOf(id) === '*')));
      if (bad) { checks.push(principalCheck('non-compliant', p, `${p.id} trusts any principal ("*"${bad.notPrincipal ? ' through NotPrincipal' : ''}) in ${where(bad)}`, bad.location)); continue; }
      const opaque = p.trust.statements.find((s) => s.effect === 'Allow' && (s.opaque || [...(s.principal && !s.principal.any ? s.principal.byType.values() : [])].flat().some((id) => literalOf(id) === undefined && id.every((x) => typeof x !== 'string'))));
      if (opaque) { checks.push(principalCheck('unknown', p, `a principal trusted by ${p.id} is known only after apply (${where(opaque)})`, opaque.location)); continue; }
      checks.push(principalCheck('compliant', p, `${p.id} trusts only named principals`, p.trust.location));
    }
    return resultOf(checks);
  },
};
