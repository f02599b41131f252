import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import type { IamResource } from '../../analysis/iam/view.ts';
import type { Statement } from '../../model/iam/policy.ts';
import { globSym, literalOf, or, showSym, sym, type Tri } from '../../model/iam/symbolic.ts';
import { principalCheck, where } from './shared.ts';

const DATA_KINDS = new Set(['s3-bucket', 'dynamodb-table', 'kms-key', 'secret']);
const SERVICE: Record<string, string> = {
  's3-bucket': 's3',
  'dynamodb-table': 'dynamodb',
  'kms-key': 'kms',
  secret: 'secretsmanager',
};

/** Wildcard action patterns of the statement that can touch the resource's service (`*`, `s3:*` for buckets). */
function relevant(wild: string[], r: IamResource): boolean {
  const service = SERVICE[r.kind]!;
  return wild.some(
    (w) => w.startsWith('NotAction') || globSym([w.split(':')[0]!.toLowerCase()], [service]) === 'yes' || w === '*',
  );
}

function wildcardActions(s: Statement): string[] {
  if (s.notActions) return [`NotAction ${s.notActions.map(showSym).join(', ')}`];
  return (s.actions ?? []).map(showSym).filter((a) => a.includes('*') || a.includes('?'));
}

/** Does the statement's Resource cover the data resource (or, for a bucket, its objects)? */
function covers(s: Statement, r: IamResource): Tri {
  const targets = r.kind === 's3-bucket' ? [r.arn, sym(r.arn, '/', { tok: 'object-key' })] : [r.arn];
  if (s.resources)
    return targets.reduce<Tri>(
      (acc, t) =>
        or(
          acc,
          s.resources!.reduce<Tri>((a2, p) => or(a2, globSym(p, t)), 'no'),
        ),
      'no',
    );
  if (s.notResources) return 'yes';
  return 'yes'; // a resource policy statement without Resource applies to its own resource
}

export const noWildcardActionsOnData: Rule = {
  id: 'ENC-IAM-005',
  title: 'No wildcard actions on data resources',
  description:
    'Allowing `s3:*`, `kms:*`, `*` or NotAction on buckets, tables, keys or secrets grants deletes, policy changes and key administration along with the reads and writes the workload needs; grant named actions.',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.5'] },
  crossReference: {
    checkov: ['CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_290', 'CKV_AWS_355'],
    cdkNag: ['PCI.DSS.321-IAMNoInlinePolicy'],
  },
  evaluate(_model, analysis) {
    const iam = analysis.iam.view;
    const data = iam.resources.filter((r) => DATA_KINDS.has(r.kind));
    const checks: Check[] = [];
    if (data.length === 0) return resultOf(checks);
    for (const p of iam.principals) {
      if (p.kind === 'service') continue;
      let found = false;
      let unknown: Check | undefined;
      for (const doc of p.policies)
        for (const s of doc.statements) {
          if (s.effect !== 'Allow') continue;
          const wild = wildcardActions(s);
          if (wild.length === 0) continue;
          const hit = data
            .filter((r) => relevant(wild, r))
            .map((r) => [r, covers(s, r)] as const)
            .filter(([, t]) => t !== 'no');
          const sure = hit.filter(([, t]) => t === 'yes').map(([r]) => r.address);
          if (sure.length > 0) {
            found = true;
            checks.push(
              principalCheck(
                'non-compliant',
                p,
                `${p.id} is allowed ${wild.join(', ')} on data resources (${sure.join(', ')}) in ${where(s)}`,
                s.location,
              ),
            );
          } else if (hit.length > 0)
            unknown ??= principalCheck(
              'unknown',
              p,
              `${p.id} is allowed ${wild.join(', ')} on ${s.resources?.map(showSym).join(', ')}, which may denote data resources (known only after apply) in ${where(s)}`,
              s.location,
            );
        }
      if (!found)
        checks.push(unknown ?? principalCheck('compliant', p, `${p.id} has no wildcard actions on data resources`));
    }
    // Resource policies that grant wildcards to someone (denies with wildcards are the point of guard-rails).
    for (const r of data) {
      for (const s of r.policy?.statements ?? []) {
        if (s.effect !== 'Allow') continue;
        const wild = wildcardActions(s);
        if (wild.length === 0) continue;
        const principals = s.principal?.any
          ? ['*']
          : [...(s.principal?.byType.values() ?? [])].flat().map((x) => literalOf(x) ?? showSym(x));
        // Key policies conventionally give the account root kms:* (delegation to IAM); that is not a grant to a
        // principal.
        if (r.kind === 'kms-key' && principals.length > 0 && principals.every((x) => /:root$|^\$\{ACCOUNT\}$/.test(x)))
          continue;
        checks.push({
          verdict: 'non-compliant',
          resource: r.address,
          message: `${r.address}'s policy allows ${wild.join(', ')} to ${principals.join(', ') || 'a principal'} in ${where(s)}`,
          location: s.location,
        });
      }
    }
    return resultOf(checks);
  },
};
