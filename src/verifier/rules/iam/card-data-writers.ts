import { ask, type Answer } from '../../analysis/iam/questions.ts';
import type { Duty } from '../../analysis/iam/view.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

/** Who may put card data into a store: the declared ingest principals, execution roles (their contracts say what they write), break-glass. */
const WRITERS: Duty[] = ['ingest', 'execution', 'break-glass'];

export const cardDataWriters: Rule = {
  id: 'ENC-IAM-016',
  title: 'Card data enters only through declared ingest principals and function roles',
  description: [
    'Every principal that can put objects into a store holding card data is in the card-data path (PCI DSS 7.2.1, 7.2.2): it must be declared for it — enclave:duty = ingest (a partner or upload role), execution (a function whose contract writes there) or break-glass.',
    'Asked of the IAM evaluator: may anyone in the account — every principal of the stack, every principal a policy names (in Principal or in an aws:PrincipalArn condition, such as a deploying role exempted from VPC-endpoint pinning), and one nobody names, each with identity policies that allow it — upload an object, with the right SSE-KMS header, from any network path?',
    'A CI or deploying role that can upload card files puts the pipeline in the card-data path.',
  ].join(' '),
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.3'] },
  evaluate(_model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const r of view.resources) {
      if (r.classification !== 'card-data') continue;
      const action = r.kind === 's3-bucket' ? 's3:PutObject' : r.kind === 'dynamodb-table' ? 'dynamodb:PutItem' : undefined;
      if (!action) continue;
      const key = r.kmsKey ? view.resourceByAddress.get(r.kmsKey) : undefined;
      const request = r.kind === 's3-bucket' ? { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': key ? [key.arn] : null } : {};
      const answers = ask(view, { asker: { anyone: true }, action, resource: r, request });
      const at = (a: Answer) => a.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location ?? r.policy?.location ?? r.location;
      const outsiders = answers.filter((a) => !WRITERS.includes(a.principal.duty));
      const open = outsiders.filter((a) => a.decision === 'allowed' || a.decision === 'conditional');
      const unsure = outsiders.find((a) => a.decision === 'unknown');
      for (const a of dedupe(open)) checks.push({ verdict: 'non-compliant', resource: r.address, message: `${r.address} holds card data, and ${a.as} (${a.principal.duty}, not declared ingest or execution) ${a.decision === 'allowed' ? 'can' : 'may, under conditions,'} ${action}: ${a.reason}. Deny it in the store's policy to all but the ingest and function roles`, location: at(a) });
      if (open.length === 0 && unsure) checks.push({ verdict: 'unknown', resource: r.address, message: `${r.address} holds card data; whether ${unsure.as} can ${action} depends on values known only after apply (${unsure.reason})`, location: at(unsure) });
      if (open.length === 0 && !unsure) {
        const writers = [...new Set(answers.filter((a) => a.decision !== 'denied').map((a) => `${a.principal.id} (${a.principal.duty})`))];
        checks.push({ verdict: 'compliant', resource: r.address, message: `${r.address} holds card data; only ${writers.length > 0 ? writers.join(', ') : 'no principal'} can ${action}`, location: r.policy?.location ?? r.location });
      }
    }
    return resultOf(checks);
  },
};

/** One counterexample per principal. */
function dedupe(list: Answer[]): Answer[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.principal.id) ? false : (seen.add(a.principal.id), true)));
}
