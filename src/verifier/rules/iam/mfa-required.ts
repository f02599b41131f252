import { ask, type Answer } from '../../analysis/iam/questions.ts';
import type { Duty } from '../../analysis/iam/view.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { principalCheck } from './shared.ts';

/** Duties only people hold: their sessions must start with a second factor (PCI DSS 8.4.1, 8.4.2). */
const PEOPLE: Duty[] = ['auditor', 'administrator', 'break-glass'];

export const mfaRequired: Rule = {
  id: 'ENC-IAM-015',
  title: 'Roles people assume require MFA, with a condition that cannot be skipped',
  description: [
    'Administrators, auditors and break-glass roles — and any role whose trust policy tests aws:MultiFactorAuthPresent — must be impossible to assume without multi-factor authentication (PCI DSS 8.4.1, 8.4.2).',
    'Asked of the IAM evaluator: may a principal of this account assume the role with aws:MultiFactorAuthPresent absent (long-term access keys carry no such key) or false?',
    'This catches the BoolIfExists trap: "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"} is true when the key is missing, so access keys without MFA pass it',
    '(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists).',
    'Roles this account cannot assume at all (service roles, roles only another account may assume) are not judged here: cross-account trust needs an external id (ENC-IAM-002).',
  ].join(' '),
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['8.4.1', '8.4.2', '8.5.1'] },
  crossReference: { securityHub: ['IAM.5'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const role of model.roles) {
      const p = view.principalById.get(role.address)!;
      const testsMfa = role.trust.statements.some((s) => s.conditions.some((c) => c.key.toLowerCase() === 'aws:multifactorauthpresent'));
      if (!PEOPLE.includes(p.duty) && !testsMfa) continue;
      if (role.trust.unknown && role.trust.statements.length === 0) { checks.push(principalCheck('unknown', p, `the trust policy of ${p.id} is known only after apply`, role.trust.location)); continue; }
      const resource = view.resourceByAddress.get(role.address)!;
      const askWith = (mfa: string | null): Answer[] => ask(view, { asker: { anyone: true }, action: 'sts:AssumeRole', resource, request: { 'aws:MultiFactorAuthPresent': mfa, 'sts:ExternalId': null } });
      const withMfa = askWith('true');
      if (withMfa.every((a) => a.decision === 'denied')) continue;
      const without = [...askWith(null).map((a) => ({ a, how: 'without MFA (aws:MultiFactorAuthPresent absent: long-term access keys)' })), ...askWith('false').map((a) => ({ a, how: 'with aws:MultiFactorAuthPresent false' }))];
      const open = without.find(({ a }) => a.decision === 'allowed' || a.decision === 'conditional');
      const unsure = without.find(({ a }) => a.decision === 'unknown');
      const at = (a: Answer) => a.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? role.trust.location;
      if (open) {
        const trap = role.trust.statements.some((s) => s.conditions.some((c) => c.key.toLowerCase() === 'aws:multifactorauthpresent' && /IfExists$/.test(c.operator)));
        checks.push(principalCheck('non-compliant', p, `${p.id} (${p.duty}) can be assumed ${open.how} by ${open.a.as}${open.a.decision === 'conditional' ? ' under conditions' : ''}: ${open.a.reason}${trap ? ' — BoolIfExists on aws:MultiFactorAuthPresent is true when the key is absent; use Bool' : ''}`, at(open.a)));
      } else if (unsure) checks.push(principalCheck('unknown', p, `whether ${p.id} can be assumed ${unsure.how} depends on values known only after apply (${unsure.a.reason})`, at(unsure.a)));
      else checks.push(principalCheck('compliant', p, `${p.id} (${p.duty}) can be assumed only with MFA`, at(withMfa.find((a) => a.decision !== 'denied')!)));
    }
    return resultOf(checks);
  },
};
