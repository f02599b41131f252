import { ask, type Answer, type Asker } from '../../analysis/iam/questions.ts';
import { evaluateRequest } from '../../analysis/iam/evaluate.ts';
import type { IamPrincipal, IamResource } from '../../analysis/iam/view.ts';
import { literalOf } from '../../model/iam/symbolic.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

/** What someone let in by a resource policy could do, per kind, besides the actions its Allow statements name. */
const ACTIONS: Partial<Record<IamResource['kind'], string[]>> = {
  's3-bucket': ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:PutBucketPolicy'],
  secret: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteSecret'],
  'sqs-queue': ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  'sns-topic': ['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes'],
  'lambda-function': ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'],
  'kms-key': ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:PutKeyPolicy'],
};

export const resourcePolicyGrants: Rule = {
  id: 'ENC-IAM-018',
  title: 'Resource policies let in no other account and not everyone in this one',
  description: [
    'A bucket, secret, queue, topic, function or key policy is a grant of its own: one that names another account, "*" or a principal it cannot pin down lets that principal in without this account\'s IAM.',
    'Asked of the IAM evaluator for each such resource and each action its policy allows (and the ones that matter for its kind): may a principal of another account (with identity policies that allow it) do it, and may a principal of this account that no policy names and whose own policies allow nothing?',
    'Grants to AWS service principals are judged by ENC-KMS-002 (keys) and ENC-LAMBDA-006 (functions); the account root in a policy delegates to IAM and lets no one in by itself (PCI DSS 7.2.1, 7.2.2, 1.4.4).',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html',
  ].join(' '),
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '1.4.4'] },
  crossReference: { checkov: ['CKV_AWS_70', 'CKV_AWS_168', 'CKV_AWS_301'], securityHub: ['S3.6', 'SecretsManager.4', 'Lambda.1'] },
  evaluate(_model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const r of view.resources) {
      const defaults = ACTIONS[r.kind];
      if (!defaults || !r.policy) continue;
      if (r.policy.unknown && r.policy.statements.length === 0) { checks.push({ verdict: 'unknown', resource: r.address, message: `${r.address}'s resource policy is known only after apply`, location: r.policy.location }); continue; }
      const named = r.policy.statements.filter((s) => s.effect === 'Allow').flatMap((s) => (s.actions ?? []).map((a) => literalOf(a)).filter((a): a is string => a !== undefined && !a.includes('*') && !a.includes('?')));
      const actions = [...new Set([...defaults, ...named])];
      const askers: [string, Asker][] = [['a principal of another account', { outsider: true }], ['a principal of this account with no permissions of its own', { unprivileged: true }]];
      let open: { a: Answer; action: string } | undefined;
      let unsure: { a: Answer; action: string } | undefined;
      for (const [, asker] of askers) {
        for (const action of actions) {
          for (const a of ask(view, { asker, action, resource: r })) {
            if (!open && (a.decision === 'allowed' || a.decision === 'conditional')) open = { a, action };
            if (!unsure && a.decision === 'unknown') unsure = { a, action };
          }
        }
      }
      // Principals of another account the policy names by a literal id (the outsider above is one nobody names).
      for (const st of r.policy.statements.filter((x) => x.effect === 'Allow')) {
        for (const id of st.principal && !st.principal.any ? st.principal.byType.get('AWS') ?? [] : []) {
          const account = literalOf(id)?.match(/^(\d{12})$|^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/);
          if (!account || open) continue;
          const foreign = account[1] ?? account[2]!;
          const caller: IamPrincipal = { id: literalOf(id)!, kind: 'role', name: id, arn: /^\d{12}$/.test(literalOf(id)!) ? [`arn:aws:iam::${foreign}:root`] : id, account: [foreign], policies: [], unknownPolicies: [], duty: 'other', location: st.location };
          for (const action of actions) {
            const result = evaluateRequest(view, { principal: caller, action, resource: r.arn, target: r, context: new Map([['aws:principalarn', [caller.arn]], ['aws:principalaccount', [[foreign]]], ['aws:securetransport', [['true']]]]), fullIdentity: true });
            if (result.decision === 'allowed' || result.decision === 'conditional') { open = { a: { ...result, denied: 'no', as: `${literalOf(id)} (another account, named by the policy)`, principal: caller }, action }; break; }
          }
        }
      }
      const at = (a: Answer) => a.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? r.policy!.location;
      if (open) checks.push({ verdict: 'non-compliant', resource: r.address, message: `${r.address}'s policy lets ${open.a.as} ${open.action}${open.a.decision === 'conditional' ? ' under conditions' : ''}: ${open.a.reason}`, location: at(open.a) });
      else if (unsure) checks.push({ verdict: 'unknown', resource: r.address, message: `whether ${r.address}'s policy lets ${unsure.a.as} ${unsure.action} depends on values known only after apply (${unsure.a.reason})`, location: at(unsure.a) });
      else checks.push({ verdict: 'compliant', resource: r.address, message: `${r.address}'s policy lets in no other account and no principal of this account its own policies do not allow`, location: r.policy.location });
    }
    return resultOf(checks);
  },
};
