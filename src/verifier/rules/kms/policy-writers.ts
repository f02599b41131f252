// ENC-KMS-005: who can rewrite each key policy.
import { ask } from '../../analysis/iam/questions.ts';
import { strongestCapability } from '../../analysis/iam/sod.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const keyPolicyWriters: Rule = {
  id: 'ENC-KMS-005',
  title: 'Only break-glass and the deploying principal can rewrite a key policy',
  description: [
    'Whoever may call kms:PutKeyPolicy can grant itself Decrypt: a key policy whose account-root statement keeps kms:PutKeyPolicy (kms:Put*, kms:*) hands that to every principal of the account an IAM policy allows it.',
    'The key policy must name who may rewrite it: break-glass, and the principal that deploys it (KMS requires the caller of CreateKey and PutKeyPolicy to keep PutKeyPolicy unless the lockout safety check is bypassed: https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).',
    'Key administrators manage the key (rotation, description, tags, deletion schedule) without data use and without rewriting its policy (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators).',
    'Asked of the IAM evaluator: may a principal of the account that the key policy does not name, with IAM policies that allow it, call kms:PutKeyPolicy? And may each principal of the stack, with its own policies and escalation, other than one declared break-glass? Principals outside the stack that the key policy names explicitly (a deploying role, a break-glass role from a variable) are listed: their duty cannot be read here.',
  ].join(' '),
  service: 'kms',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.6.1.2', '7.2.2'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    return resultOf(model.keys.flatMap((key): Check[] => {
      const resource = view.resourceByAddress.get(key.address)!;
      if (key.policy?.unknown && key.policy.statements.length === 0) return [check('unknown', key, `${key.address}'s key policy is known only after apply`, key.policy.location)];
      const checks: Check[] = [];
      const writers: string[] = [];
      // Anyone the policy does not name: delegation to IAM through the account root.
      const answers = ask(view, { asker: { anyone: true }, action: 'kms:PutKeyPolicy', resource });
      for (const a of answers) {
        if (a.principal.address) continue;
        const at = a.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? key.policy?.location ?? key.location;
        if (a.principal.id === 'someone in this account' || /stack does not name/.test(a.as)) {
          if (a.decision === 'allowed' || a.decision === 'conditional') checks.push(check('non-compliant', key, `${key.address}: ${a.as} may rewrite the key policy (kms:PutKeyPolicy: ${a.reason}) — any principal an IAM policy allows it, which can then grant itself Decrypt. Take kms:PutKeyPolicy out of the account-root statement and name break-glass and the deploying principal`, at));
          else if (a.decision === 'unknown') checks.push(check('unknown', key, `${key.address}: whether principals the key policy does not name may rewrite it depends on values known only after apply (${a.reason})`, at));
        } else if (a.decision !== 'denied') writers.push(`${a.principal.id} (named by the key policy)`);
      }
      // Each principal of the stack, as it really is, escalation included.
      for (const p of view.principals) {
        if (p.kind === 'service' || !p.address) continue;
        const { result } = strongestCapability(view, p, 'kms:PutKeyPolicy', resource);
        if (result.decision === 'denied') continue;
        const via = result.path.length > 0 ? ` by escalation (${result.path.map((s) => `${s.kind} via ${s.action}`).join(', then ')})` : '';
        if (p.duty === 'break-glass' && result.decision === 'allowed') { writers.push(`${p.id} (break-glass)`); continue; }
        const at = result.path[0]?.location ?? result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? key.policy?.location ?? key.location;
        if (result.decision === 'unknown') checks.push(check('unknown', key, `${key.address}: whether ${p.id} (${p.duty}) may rewrite the key policy is known only after apply (${result.reason})`, at));
        else checks.push(check('non-compliant', key, `${key.address}: ${p.id} (${p.duty}, not break-glass) ${result.decision === 'allowed' ? 'can' : 'may, under conditions,'} rewrite the key policy${via}: ${result.reason}`, at));
      }
      if (checks.length === 0) checks.push(check('compliant', key, `${key.address}: the key policy can be rewritten only by ${writers.length > 0 ? writers.join(', ') : 'no principal of the stack'}`, key.policy?.location ?? key.location, writers.join(', ')));
      return checks;
    }));
  },
};
