import { ask } from '../../analysis/iam/questions.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { principalCheck } from './shared.ts';

export const trustNoWildcardPrincipal: Rule = {
  id: 'ENC-IAM-001',
  title: 'Role trust policies name their principals; none trusts "*"',
  description:
    'A trust policy that allows any principal lets anyone who can guess the role name assume it; the conditions that would narrow it are easy to get wrong. Name the accounts, roles or services instead. Asked of the IAM evaluator: may a principal of another account, one no policy names, assume the role? Allowed, or allowed under conditions, fails.',
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '8.2.2'] },
  crossReference: { checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const role of model.roles) {
      const p = view.principalById.get(role.address)!;
      if (role.trust.unknown && role.trust.statements.length === 0) {
        checks.push(
          principalCheck('unknown', p, `the trust policy of ${p.id} is known only after apply`, role.trust.location),
        );
        continue;
      }
      const [answer] = ask(view, {
        asker: { outsider: true },
        action: 'sts:AssumeRole',
        resource: view.resourceByAddress.get(role.address)!,
      });
      const by = answer!.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no');
      if (answer!.decision === 'allowed' || answer!.decision === 'conditional') {
        checks.push(
          principalCheck(
            'non-compliant',
            p,
            `${p.id} trusts any principal ("*"${role.trust.statements.some((s) => s.effect === 'Allow' && s.notPrincipal) ? ' through NotPrincipal' : ''}): ${answer!.as} may assume it${answer!.decision === 'conditional' ? ' under conditions' : ''} (${by ? `${by.origin}${by.sid ? ` (${by.sid})` : ''}` : answer!.reason})`,
            by?.location ?? role.trust.location,
          ),
        );
      } else if (answer!.decision === 'unknown') {
        checks.push(
          principalCheck(
            'unknown',
            p,
            `a principal trusted by ${p.id} is known only after apply (${answer!.reason})`,
            by?.location ?? role.trust.location,
          ),
        );
      } else checks.push(principalCheck('compliant', p, `${p.id} trusts only named principals`, role.trust.location));
    }
    return resultOf(checks);
  },
};
