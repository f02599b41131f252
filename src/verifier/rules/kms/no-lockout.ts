// ENC-KMS-003: a key policy keeps the account root or an administrator able to manage the key.
import { actionCovers, awsPrincipals, check, statementsOf, textOf } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const keyPolicyNoLockout: Rule = {
  id: 'ENC-KMS-003',
  title: 'Key policies cannot lock the account out',
  description: 'A key whose policy names no principal able to change it (the account root, or an administrator allowed kms:PutKeyPolicy) becomes unmanageable: keys must stay under the control of their custodians.',
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.7.1', '3.7.6'] },
  evaluate(model) {
    return resultOf(model.keys.map((key) => {
      if (key.policy.provenance === 'default') return check('compliant', key, `${key.address} has the default key policy, which gives the account root full control`);
      const statements = statementsOf(key.policy.value ?? key.policy.unknown);
      if (!statements) return check('unknown', key, `${key.address}'s key policy is known only after apply`, key.policy.location);
      let unsure = false;
      for (const s of statements) {
        if (s.effect !== 'Allow' || s.notAction || s.notPrincipal) continue;
        const covers = actionCovers(s.actions, 'kms:PutKeyPolicy');
        if (covers === undefined) unsure = true;
        if (!covers) continue;
        const principals = awsPrincipals(s.principals).map(textOf);
        const root = principals.find((p) => /:root$/.test(p) || /^\d{12}$/.test(p) || /account_id$|AccountId$/.test(p));
        if (root) return check('compliant', key, `${key.address}: ${root} keeps kms:PutKeyPolicy`, key.policy.location, root);
        if (principals.length > 0) return check('compliant', key, `${key.address}: ${principals.join(', ')} may change the key policy`, key.policy.location, principals.join(', '));
      }
      if (unsure) return check('unknown', key, `${key.address}: whether anyone keeps kms:PutKeyPolicy depends on values known only after apply`, key.policy.location);
      return check('non-compliant', key, `${key.address}: no principal keeps kms:PutKeyPolicy, so the key cannot be managed once created`, key.policy.location);
    }));
  },
};
