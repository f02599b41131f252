// What the IAM rules share: checks about principals and statements, and capability checks that count escalation,
// asked of the IAM analysis.
import type { Analysis } from '../../analysis/index.ts';
import { CAPABILITIES, strongestCapability, type Capability } from '../../analysis/iam/sod.ts';
import type { IamPrincipal, IamResource, IamView } from '../../analysis/iam/view.ts';
import type { SourceLocation } from '../../load/types.ts';
import type { Statement } from '../../model/iam/policy.ts';
import { showSym } from '../../model/iam/symbolic.ts';
import type { Check } from '../types.ts';

export function principalCheck(
  verdict: Check['verdict'],
  p: IamPrincipal,
  message: string,
  location?: SourceLocation,
): Check {
  return { verdict, resource: p.address ?? p.id, message, location: location ?? p.location };
}

export function where(s: Statement): string {
  return `${s.origin}${s.sid ? ` (${s.sid})` : ''}`;
}

export function label(r: IamResource): string {
  return r.address;
}

/**
 * Every action of the capability on the resource must be denied for the principal, counting escalation;
 * `explicit` additionally requires an explicit Deny. One check per (capability, resource).
 */
export function mustBeDenied(
  analysis: Analysis,
  p: IamPrincipal,
  capabilityId: Capability['id'],
  r: IamResource,
  options: { explicit: boolean; why: string },
): Check | undefined {
  const capability = CAPABILITIES.find((c) => c.id === capabilityId)!;
  const actions = capability.actions[r.kind];
  if (!actions) return undefined;
  const iam = analysis.iam.view;
  const contextFor = analysis.iam.contextFor;
  const problems: Check[] = [];
  let unknown: Check | undefined;
  let firstDeny: SourceLocation | undefined;
  for (const action of actions) {
    const { result, arn } = strongestCapability(iam, p, action, r, contextFor);
    const via =
      result.path.length > 0
        ? ` by escalation: ${result.path.map((s) => `${s.kind} via ${s.action}${s.target !== s.principal ? ` → ${s.target}` : ''}`).join(', then ')}`
        : '';
    const allowAt =
      result.path[0]?.location ?? result.evidence.find((e) => e.effect === 'Allow' && e.match !== 'no')?.location;
    if (result.decision === 'allowed' || result.decision === 'conditional') {
      problems.push(
        principalCheck(
          'non-compliant',
          p,
          `${p.id} (${p.duty}) ${result.decision === 'allowed' ? 'can' : 'may, under conditions,'} ${action} on ${showSym(arn)}${via}: ${result.reason}. ${options.why}`,
          allowAt,
        ),
      );
    } else if (result.decision === 'unknown') {
      unknown ??= principalCheck(
        'unknown',
        p,
        `whether ${p.id} (${p.duty}) can ${action} on ${r.address} is known only after apply: ${result.reason}`,
        allowAt,
      );
    } else if (
      options.explicit &&
      !result.explicitDeny &&
      result.evidence.some((e) => e.effect === 'Deny' && e.match === 'maybe')
    ) {
      const deny = result.evidence.find((e) => e.effect === 'Deny' && e.match === 'maybe')!;
      unknown ??= principalCheck(
        'unknown',
        p,
        `whether the Deny in ${deny.origin} covers ${action} on ${r.address} for ${p.id} is known only after apply (or depends on request conditions)`,
        deny.location,
      );
    } else if (options.explicit && !result.explicitDeny) {
      problems.push(
        principalCheck(
          'non-compliant',
          p,
          `${p.id} (${p.duty}) cannot ${action} on ${r.address}, but only because nothing allows it; an explicit Deny is required. ${options.why}`,
        ),
      );
    } else if (result.explicitDeny)
      firstDeny ??= result.evidence.find((e) => e.effect === 'Deny' && e.match === 'yes')?.location;
  }
  if (problems.length > 0) return problems[0];
  if (unknown) return unknown;
  return principalCheck(
    'compliant',
    p,
    `${p.id} (${p.duty}) cannot ${capability.label} on ${r.address} (${actions.join(', ')}${options.explicit ? ': explicitly denied' : ''}), escalation included`,
    firstDeny,
  );
}

export function dutyPrincipals(
  analysis: Analysis,
  duty: IamPrincipal['duty'],
): { iam: IamView; principals: IamPrincipal[] } {
  const iam = analysis.iam.view;
  return { iam, principals: iam.principals.filter((p) => p.duty === duty) };
}

/** The keys that protect resources of a classification (what the resources name), or every key when none is linked. */
export function keysProtecting(iam: IamView, classes: IamResource['classification'][]): IamResource[] {
  const linked = new Set(
    iam.resources.filter((r) => classes.includes(r.classification) && r.kmsKey).map((r) => r.kmsKey!),
  );
  const keys = iam.resources.filter((r) => r.kind === 'kms-key');
  return linked.size > 0 ? keys.filter((k) => linked.has(k.address)) : keys;
}
