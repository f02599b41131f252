// ENC-KMS-003: a key policy keeps the account root or an administrator able to manage the key.
import { ask } from '../../analysis/iam/questions.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const keyPolicyNoLockout: Rule = {
  id: 'ENC-KMS-003',
  title: 'Key policies cannot lock the account out',
  description:
    'A key whose policy lets no principal change it (the account root through IAM, or an administrator allowed kms:PutKeyPolicy) becomes unmanageable: keys must stay under the control of their custodians. Asked of the IAM evaluator: may any principal of the account — one the stack defines, one the key policy names, or any other — call kms:PutKeyPolicy on the key, given IAM policies that allow it?',
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.7.1', '3.7.6'] },
  evaluate(model, analysis) {
    return resultOf(
      model.keys.map((key) => {
        if (!key.policy)
          return check(
            'compliant',
            key,
            `${key.address} has the default key policy, which gives the account root full control`,
          );
        if (key.policy.unknown && key.policy.statements.length === 0)
          return check('unknown', key, `${key.address}'s key policy is known only after apply`, key.policy.location);
        const resource = analysis.iam.view.resourceByAddress.get(key.address)!;
        const answers = ask(analysis.iam.view, { asker: { anyone: true }, action: 'kms:PutKeyPolicy', resource });
        const keeper = answers.find((a) => a.decision === 'allowed' || a.decision === 'conditional');
        if (keeper)
          return check(
            'compliant',
            key,
            `${key.address}: ${keeper.as} keeps kms:PutKeyPolicy (${keeper.reason})`,
            keeper.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? key.policy.location,
            keeper.as,
          );
        if (answers.some((a) => a.decision === 'unknown'))
          return check(
            'unknown',
            key,
            `${key.address}: whether anyone keeps kms:PutKeyPolicy depends on values known only after apply`,
            key.policy.location,
          );
        return check(
          'non-compliant',
          key,
          `${key.address}: no principal keeps kms:PutKeyPolicy, so the key cannot be managed once created`,
          key.policy.location,
        );
      }),
    );
  },
};
