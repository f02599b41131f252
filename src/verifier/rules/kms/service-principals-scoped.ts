// ENC-KMS-002: a key policy that lets AWS services or everyone use the key scopes it to this account.
import { ask, type Answer, type Asker } from '../../analysis/iam/questions.ts';
import { literalOf } from '../../model/iam/symbolic.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

/** What using a key means: every cryptographic and grant operation a service performs for its callers. */
const USES = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:CreateGrant',
  'kms:DescribeKey',
];

export const keyPolicyServicesScoped: Rule = {
  id: 'ENC-KMS-002',
  title: 'Key policies scope service principals with conditions',
  description:
    "A key policy statement that allows an AWS service principal (or any principal) to use the key carries a condition tying it to this account, a source resource or a calling service, so no other customer's resource can use the key through that service (confused deputy). Asked of the IAM evaluator: may the service, acting for a resource of another account (its aws:SourceAccount, aws:SourceArn and encryption context those of that account), or a principal of another account, use the key?",
  service: 'kms',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.6.1', '3.6.1.2', '7.2.1'] },
  crossReference: { checkov: ['CKV_AWS_33'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    return resultOf(
      model.keys.flatMap((key): Check[] => {
        if (!key.policy)
          return [
            check(
              'compliant',
              key,
              `${key.address} has the default key policy (account principals only, no service principals)`,
              key.location,
            ),
          ];
        if (key.policy.unknown && key.policy.statements.length === 0)
          return [check('unknown', key, `${key.address}'s key policy is known only after apply`, key.policy.location)];
        const resource = view.resourceByAddress.get(key.address)!;
        const allows = key.policy.statements.filter((s) => s.effect === 'Allow');
        const services = [
          ...new Set(
            allows.flatMap((s) =>
              (s.principal && !s.principal.any ? (s.principal.byType.get('Service') ?? []) : [])
                .map((x) => literalOf(x))
                .filter((x): x is string => x !== undefined),
            ),
          ),
        ].sort();
        const everyone = allows.some(
          (s) =>
            s.principal?.any ||
            (s.principal &&
              !s.principal.any &&
              (s.principal.byType.get('AWS') ?? []).some((x) => literalOf(x) === '*')) ||
            s.notPrincipal !== undefined,
        );
        const askers: [string, Asker][] = [
          ...services.map((service): [string, Asker] => [service, { service, forAccount: 'other' }]),
          ...(everyone ? [['*', { outsider: true }] as [string, Asker]] : []),
        ];
        if (askers.length === 0)
          return [
            check(
              'compliant',
              key,
              `${key.address}'s key policy grants no service principal and no wildcard principal`,
              key.policy.location,
            ),
          ];
        return askers.map(([who, asker]) => {
          const answers: { action: string; a: Answer }[] = USES.flatMap((action) =>
            ask(view, { asker, action, resource }).map((a) => ({ action, a })),
          );
          const open = answers.find(({ a }) => a.decision === 'allowed' || a.decision === 'conditional');
          const at = (a: Answer) =>
            a.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? key.policy!.location;
          if (open)
            return check(
              'non-compliant',
              key,
              `${key.address}: the statement for ${who} lets ${open.a.as} ${open.action === 'kms:DescribeKey' ? 'describe' : 'use'} the key (${open.action}: ${open.a.reason}) — no condition ties it to this account (aws:SourceAccount, aws:SourceArn, kms:ViaService with kms:CallerAccount, kms:EncryptionContext…)`,
              at(open.a),
              who,
            );
          const unsure = answers.find(({ a }) => a.decision === 'unknown');
          if (unsure)
            return check(
              'unknown',
              key,
              `${key.address}: whether ${unsure.a.as} may use the key depends on values known only after apply (${unsure.a.reason})`,
              key.policy!.location,
              who,
            );
          return check(
            'compliant',
            key,
            `${key.address}: ${who} may use the key only for this account (another account's request is denied)`,
            key.policy!.location,
            who,
          );
        });
      }),
    );
  },
};
