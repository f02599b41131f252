import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { ACCOUNT } from '../../analysis/iam/model.ts';
import { literalOf, showSym, type Sym } from '../../analysis/iam/symbolic.ts';
import { iamOf, principalCheck, where } from './shared.ts';

/** same: this account (the account token, or a role/user of it); other: a literal other account; unknown: a value only apply can tell. */
function accountOf(id: Sym): 'same' | 'other' | 'unknown' {
  const lit = literalOf(id);
  if (lit !== undefined) return /^(\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:.*)$/.test(lit) ? 'other' : lit === '*' ? 'other' : 'unknown';
  if (id.length === 1 && id[0] === ACCOUNT) return 'same';
  // arn:aws:iam::${ACCOUNT}:…
  if (typeof id[0] === 'string' && /^arn:aws[a-z-]*:(iam|sts)::$/.test(id[0]) && id[1] === ACCOUNT) return 'same';
  return 'unknown';
}

export const crossAccountExternalId: Rule = {
  id: 'ENC-IAM-002',
  title: 'Cross-account trust requires an external id',
  description: 'A role another account may assume must require sts:ExternalId, so a third party acting for several customers cannot be tricked into using this role (the confused deputy).',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['8.2.2', '8.3.1'] },
  evaluate(model) {
    const checks: Check[] = [];
    for (const p of iamOf(model).principals) {
      if (p.kind !== 'role' || !p.trust) continue;
      for (const s of p.trust.statements) {
        if (s.effect !== 'Allow' || !s.principal || s.principal.any) continue;
        const ids = s.principal.byType.get('AWS') ?? [];
        if (ids.length === 0) continue;
        const kinds = ids.map(accountOf);
        const hasExternalId = s.conditions.some((c) => c.key.toLowerCase() === 'sts:externalid' && /^String(Equals|Like)$/.test(c.operator) && c.values.length > 0);
        const external = ids.filter((_, i) => kinds[i] === 'other').map(showSym);
        if (external.length > 0) {
          checks.push(principalCheck(hasExternalId ? 'compliant' : 'non-compliant', p, hasExternalId ? `${p.id} trusts ${external.join(', ')} only with sts:ExternalId (${where(s)})` : `${p.id} trusts another account (${external.join(', ')}) without requiring sts:ExternalId (${where(s)})`, s.location));
        } else if (kinds.includes('unknown')) {
          checks.push(principalCheck(hasExternalId ? 'compliant' : 'unknown', p, hasExternalId ? `${p.id} requires sts:ExternalId for principals known only after apply (${where(s)})` : `${p.id} trusts ${ids.filter((_, i) => kinds[i] === 'unknown').map(showSym).join(', ')}, whose account is known only after apply, without sts:ExternalId (${where(s)})`, s.location));
        } else {
          checks.push(principalCheck('compliant', p, `${p.id} trusts principals of its own account only (${where(s)})`, s.location));
        }
      }
    }
    return resultOf(checks);
  },
};
