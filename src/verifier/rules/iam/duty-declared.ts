import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { DECLARABLE_DUTIES } from '../../analysis/iam/view.ts';
import { principalCheck } from './shared.ts';

export const dutyDeclared: Rule = {
  id: 'ENC-IAM-012',
  title: 'Every role and user declares its duty',
  description: `Separation of duties is judged per duty (PCI DSS 7.2.1: access by job function), so each role and user declares it with the tag enclave:duty = ${DECLARABLE_DUTIES.join(' | ')}. Without it the verifier falls back on a Lambda trust (execution) or on the name (audit → auditor, admin → administrator, processor/operator → data-processor, anything else → other, where no duty rule applies): a guess this rule reports, because a renamed role silently leaves the checks of its duty.`,
  service: 'iam',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const object of [...model.roles, ...model.users]) {
      const p = view.principalById.get(object.address)!;
      const tag = object.tags.entries['enclave:duty'];
      if (p.dutyFrom === 'declared') { checks.push(principalCheck('compliant', p, `${p.id} declares its duty: ${p.duty}`, object.tags.location)); continue; }
      if (object.tags.unknown || (tag !== undefined && typeof tag !== 'string')) { checks.push(principalCheck('unknown', p, `${p.id}'s tags are known only after apply, so its declared duty is unknown (judged as ${p.duty}, from its ${p.dutyFrom === 'trust' ? 'trust policy' : 'name'})`, object.tags.location)); continue; }
      const found = p.dutyFrom === 'trust' ? 'its Lambda trust policy' : 'its name';
      const why = typeof tag === 'string' ? `its enclave:duty tag "${tag}" is not a duty` : 'it declares no enclave:duty';
      checks.push(principalCheck('non-compliant', p, `${p.id}: ${why}; it is judged as ${p.duty}, a guess from ${found} — tag it enclave:duty = one of ${DECLARABLE_DUTIES.join(', ')}`, object.tags.location.line > 0 ? object.tags.location : object.location));
    }
    return resultOf(checks);
  },
};
