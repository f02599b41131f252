// ENC-LAMBDA-006: a function's resource policy lets an AWS service invoke it only for this account's resources.
import { ask } from '../../analysis/iam/questions.ts';
import { literalOf, showSym } from '../../model/iam/symbolic.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const functionPermissionsScoped: Rule = {
  id: 'ENC-LAMBDA-006',
  title: 'Function permissions for AWS services name this account\'s source',
  description: [
    'An aws_lambda_permission (AWS::Lambda::Permission) for a service principal without aws:SourceArn / aws:SourceAccount lets that service invoke the function for any customer\'s resource: another account\'s bucket or rule triggers it (the confused deputy).',
    'S3 bucket ARNs carry no account, and a deleted bucket\'s name can be taken by anyone, so for S3 the source account is needed too.',
    'Asked of the IAM evaluator: may the service, acting for a resource of another account (its SourceArn the ARN written with another account, or the same bucket ARN; its SourceAccount another), invoke the function?',
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html, https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html',
  ].join(' '),
  service: 'lambda',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2'] },
  crossReference: { securityHub: ['Lambda.1'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    return resultOf(model.functions.flatMap((fn): Check[] => {
      if (!fn.policy) return [];
      const resource = view.resourceByAddress.get(fn.address)!;
      const services = [...new Set(fn.policy.statements.flatMap((s) => (s.principal && !s.principal.any ? s.principal.byType.get('Service') ?? [] : []).map((x) => literalOf(x) ?? showSym(x))))].sort();
      return services.map((service) => {
        const statement = fn.policy!.statements.find((s) => s.principal && !s.principal.any && (s.principal.byType.get('Service') ?? []).some((x) => (literalOf(x) ?? showSym(x)) === service));
        const answers = ask(view, { asker: { service, forAccount: 'other' }, action: 'lambda:InvokeFunction', resource });
        const open = answers.find((a) => a.decision === 'allowed');
        const location = statement?.location ?? fn.location;
        if (open) return check('non-compliant', fn, `${fn.address} can be invoked by ${open.as}: ${open.reason} — scope the permission with source_arn and source_account (SourceArn, SourceAccount)`, location, service);
        // Conditional here means the source written in the permission is a value only apply can tell.
        const unsure = answers.find((a) => a.decision === 'unknown' || a.decision === 'conditional');
        if (unsure) return check('unknown', fn, `whether ${unsure.as} may invoke ${fn.address} depends on values known only after apply (${unsure.reason})`, location, service);
        return check('compliant', fn, `${fn.address}: ${service} may invoke it only for this account's resources`, location, service);
      });
    }));
  },
};
