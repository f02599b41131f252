import { gains, selfRewrite } from '../../analysis/iam/escalation.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { principalCheck } from './shared.ts';

export const noEscalation: Rule = {
  id: 'ENC-IAM-013',
  title: 'No role or user can take another role\'s permissions or rewrite its own',
  description: [
    'Every principal but break-glass is judged — execution roles, cross-account monitoring and operations roles, uploaders, lookup roles, delivery roles: none may',
    'rewrite its own policies (iam:PutRolePolicy, AttachRolePolicy, a new default version of an attached policy),',
    'assume another role of the stack, rewrite its trust (iam:UpdateAssumeRolePolicy),',
    'pass it to code it creates or updates (iam:PassRole + lambda:CreateFunction, UpdateFunctionCode, or UpdateFunctionConfiguration with Role),',
    'replace the code of a function that runs as it (lambda:UpdateFunctionCode), or',
    'rewrite that function\'s configuration (lambda:UpdateFunctionConfiguration: NODE_OPTIONS=--import=data:… or AWS_LAMBDA_EXEC_WRAPPER, or a layer, loaded before the handler; the new environment re-encrypted under the function\'s key, the AWS managed key aws/lambda, or a key the caller creates with kms:CreateKey).',
    'Each gain is one separation of duties gone (PCI DSS 7.2.1, 7.2.2), reported with its path and the statement that allows its first step.',
    'Where AWS does not document whether resetting a function\'s key to aws/lambda needs permission on its current key, the change counts as possible (fail closed).',
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html, https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  ].join(' '),
  service: 'iam',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.5'] },
  evaluate(_model, analysis) {
    const view = analysis.iam.view;
    const contextFor = analysis.iam.contextFor;
    const checks: Check[] = [];
    for (const p of view.principals) {
      if (p.kind === 'service' || p.duty === 'break-glass') continue;
      const before = checks.length;
      const self = selfRewrite(view, p, contextFor);
      if (self) {
        const at = self.result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location;
        checks.push(principalCheck(self.decision === 'unknown' ? 'unknown' : 'non-compliant', p, `${p.id} (${p.duty}) ${self.decision === 'allowed' ? 'can' : self.decision === 'unknown' ? 'may (known only after apply)' : 'may, under conditions,'} rewrite its own policies (${self.action}: ${self.result.reason}), which grants it anything`, at));
      }
      for (const g of gains(view, p, contextFor)) {
        const verdict = g.step.decision === 'unknown' ? 'unknown' : 'non-compliant';
        checks.push(principalCheck(verdict, p, `${p.id} (${p.duty}) ${g.step.decision === 'allowed' ? 'can' : g.step.decision === 'unknown' ? 'may (known only after apply)' : 'may, under conditions,'} act as ${g.role.id} (${g.role.duty}): ${g.step.kind} via ${g.step.action} (${g.step.reason})`, g.step.location));
      }
      if (checks.length === before) checks.push(principalCheck('compliant', p, `${p.id} (${p.duty}) can neither rewrite its own policies nor act as another role of the stack`));
    }
    return resultOf(checks);
  },
};
