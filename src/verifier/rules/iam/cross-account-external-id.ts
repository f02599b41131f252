import { evaluateRequest } from '../../analysis/iam/evaluate.ts';
import { ACCOUNT, type IamPrincipal } from '../../analysis/iam/view.ts';
import { literalOf, showSym, sym, type Sym } from '../../model/iam/symbolic.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { principalCheck, where } from './shared.ts';

/** same: this account (the account token, or a role/user of it); other: a literal other account; unknown: a value only apply can tell. */
function accountOf(id: Sym): { kind: 'same' | 'other' | 'unknown'; account?: Sym } {
  const lit = literalOf(id);
  if (lit !== undefined) {
    const m = lit.match(/^(\d{12})$|^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/);
    if (m) return { kind: 'other', account: [m[1] ?? m[2]!] };
    return { kind: lit === '*' ? 'other' : 'unknown' };
  }
  if (id.length === 1 && id[0] === ACCOUNT) return { kind: 'same' };
  // arn:aws:iam::${ACCOUNT}:…
  if (typeof id[0] === 'string' && /^arn:aws[a-z-]*:(iam|sts)::$/.test(id[0]) && typeof id[1] === 'object' && id[1].tok === ACCOUNT.tok) return { kind: 'same' };
  return { kind: 'unknown' };
}

/** An external id the trusted party uses for someone else: no value a policy names. */
const ANOTHER_EXTERNAL_ID = { tok: "another customer's external id", fresh: true };

export const crossAccountExternalId: Rule = {
  id: 'ENC-IAM-002',
  title: 'Cross-account trust requires an external id',
  description: 'A role another account may assume must require its own sts:ExternalId, so a third party acting for several customers cannot be tricked into using this role (the confused deputy, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). Asked of the IAM evaluator: may each principal of another account that the trust policy names assume the role with no external id, or with the external id of another of its customers? A condition every value passes ("StringLike": {"sts:ExternalId": "*"}, or Null = false) is no external-id condition.',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['8.2.2', '8.3.1'] },
  evaluate(model, analysis) {
    const view = analysis.iam.view;
    const checks: Check[] = [];
    for (const role of model.roles) {
      const p = view.principalById.get(role.address)!;
      const resource = view.resourceByAddress.get(role.address)!;
      for (const s of role.trust.statements) {
        if (s.effect !== 'Allow' || !s.principal || s.principal.any) continue;
        const ids = s.principal.byType.get('AWS') ?? [];
        if (ids.length === 0) continue;
        const accounts = ids.map(accountOf);
        const foreign = ids.filter((_, i) => accounts[i]!.kind !== 'same');
        if (foreign.length === 0) { checks.push(principalCheck('compliant', p, `${p.id} trusts principals of its own account only (${where(s)})`, s.location)); continue; }
        for (const [i, id] of ids.entries()) {
          const { kind, account } = accounts[i]!;
          if (kind === 'same') continue;
          // That account's principal, asking with no external id; its own policies allow it.
          const caller: IamPrincipal = { id: showSym(id), kind: 'role', name: id, arn: literalOf(id) === '*' ? sym('arn:aws:iam::', { tok: 'OTHER_ACCOUNT', fresh: true }, ':root') : id, account: account ?? [{ tok: 'OTHER_ACCOUNT', fresh: true }], policies: [], unknownPolicies: [], duty: 'other', location: s.location };
          // The confused deputy sends no external id, or the one another of its customers uses: neither may pass.
          const attempt = (externalId: Sym | null) => evaluateRequest(view, { principal: caller, action: 'sts:AssumeRole', resource: resource.arn, target: resource, context: new Map([['sts:externalid', externalId === null ? null : [externalId]], ['aws:principalarn', [caller.arn]]]), fullIdentity: true });
          const results = [{ result: attempt(null), how: 'without sts:ExternalId' }, { result: attempt([ANOTHER_EXTERNAL_ID]), how: 'with another customer\'s external id' }];
          const openOne = results.find((r) => r.result.decision === 'allowed' || r.result.decision === 'conditional');
          const result = openOne?.result ?? results.find((r) => r.result.decision === 'unknown')?.result ?? results[0]!.result;
          const open = openOne !== undefined;
          if (kind === 'other') {
            checks.push(principalCheck(open ? 'non-compliant' : 'compliant', p, open ? `${p.id} trusts another account (${showSym(id)}) without requiring its own sts:ExternalId: the role can be assumed ${openOne!.how} (${where(s)})` : `${p.id} trusts ${showSym(id)} only with its sts:ExternalId (${where(s)})`, s.location));
          } else {
            checks.push(principalCheck(open || result.decision === 'unknown' ? 'unknown' : 'compliant', p, open || result.decision === 'unknown' ? `${p.id} trusts ${showSym(id)}, whose account is known only after apply, without sts:ExternalId (${where(s)})` : `${p.id} requires sts:ExternalId for principals known only after apply (${where(s)})`, s.location));
          }
        }
      }
    }
    return resultOf(checks);
  },
};
