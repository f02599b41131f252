// ENC-KMS-002: a key policy that lets AWS services or everyone use the key scopes it with conditions.
import type { Value } from '../../load/types.ts';
import { check, conditionKeys, isEveryone, servicePrincipals, statementsOf, textOf, type Statement } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

/** Condition keys that tie a service's use of a key to this account, a named resource, or a calling service. */
const SCOPING = /^(aws:sourcearn|aws:sourceaccount|aws:sourceorgid|kms:viaservice|kms:callaccount|kms:calleraccount|kms:encryptioncontext:.+|kms:encryptioncontextkeys|aws:principalarn|aws:principalaccount|aws:principalorgid|aws:sourcevpce|aws:sourcevpc)$/;

function scoped(s: Statement): boolean {
  return conditionKeys(s).some((c) => SCOPING.test(c.key));
}

export const keyPolicyServicesScoped: Rule = {
  id: 'ENC-KMS-002',
  title: 'Key policies scope service principals with conditions',
  description: 'A key policy statement that allows an AWS service principal (or any principal) to use the key carries a condition tying it to this account, a source resource or a calling service, so no other customer\'s resource can use the key through that service (confused deputy).',
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.6.1.2', '7.2.1'] },
  crossReference: { checkov: ['CKV_AWS_33'] },
  evaluate(model) {
    return resultOf(model.keys.flatMap((key) => {
      if (key.policy.provenance === 'default') return [check('compliant', key, `${key.address} has the default key policy (account principals only, no service principals)`, key.location)];
      const statements = statementsOf(key.policy.value ?? key.policy.unknown);
      if (!statements) return [check('unknown', key, `${key.address}'s key policy is known only after apply`, key.policy.location)];
      const relevant = statements.filter((s) => s.effect === 'Allow' && (servicePrincipals(s.principals).length > 0 || isEveryone(s.principals)));
      if (relevant.length === 0) return [check('compliant', key, `${key.address}'s key policy grants no service principal and no wildcard principal`, key.policy.location)];
      return relevant.map((s) => {
        const who = isEveryone(s.principals) ? '*' : servicePrincipals(s.principals).map((p) => textOf(p)).join(', ');
        const sid = typeof (s.raw as Record<string, Value>).Sid === 'string' ? ` (${(s.raw as Record<string, Value>).Sid})` : '';
        return scoped(s)
          ? check('compliant', key, `${key.address}: the statement${sid} for ${who} is scoped by ${conditionKeys(s).map((c) => c.key).join(', ')}`, key.policy.location)
          : check('non-compliant', key, `${key.address}: the statement${sid} lets ${who} use the key with no scoping condition (aws:SourceArn, aws:SourceAccount, kms:ViaService, kms:EncryptionContext…)`, key.policy.location, s.raw);
      });
    }));
  },
};
