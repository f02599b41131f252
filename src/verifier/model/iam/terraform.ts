// Terraform → IAM: roles (trust, inline_policy blocks, managed_policy_arns), users, groups, customer managed
// policies, inline policies and attachments written as resources of their own, group memberships, access keys.
import type { RawResource, Value } from '../../load/types.ts';
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, objects, refAt, refOf, refsAt, locate } from '../fields.ts';
import type { AttachedPolicy, IamGroup, IamPolicy, IamRole, IamUser, Ref } from '../model.ts';
import { attachPolicies, inlinePolicy } from './common.ts';

const EMPTY_TRUST = (raw: RawResource) => ({ statements: [], unknown: true, origin: `${raw.address} trust policy`, location: locate(raw, 'assume_role_policy') });

function pathOf(raw: RawResource): string {
  const v = at(raw.attributes, 'path');
  return typeof v === 'string' ? v : '/';
}

export function adaptTerraformIam(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'aws_iam_role')) {
    const role: IamRole = {
      ...base(raw, 'iam-role'),
      trust: EMPTY_TRUST(raw),
      maxSessionDuration: field(raw, 'max_session_duration', asNumber, 3600),
      policies: [],
      path: pathOf(raw),
    };
    policyAt(ctx, raw, 'assume_role_policy', (d) => { role.trust = d; }, `${raw.address} trust policy`);
    objects(at(raw.attributes, 'inline_policy')).forEach((block, i) => {
      const name = typeof block['name'] === 'string' && block['name'] !== '' ? block['name'] : String(i);
      inlinePolicy(ctx, role.policies, raw, `inline_policy.${i}.policy`, `${raw.address} inline ${name}`);
    });
    attachPolicies(ctx, role, raw, 'managed_policy_arns');
    m.roles.push(role);
  }
  for (const raw of ofType(ctx, 'aws_iam_user')) m.users.push({ ...base(raw, 'iam-user'), policies: [], groups: [], path: pathOf(raw) } satisfies IamUser);
  for (const raw of ofType(ctx, 'aws_iam_group')) m.groups.push({ ...base(raw, 'iam-group'), policies: [], path: pathOf(raw) } satisfies IamGroup);
  for (const raw of ofType(ctx, 'aws_iam_policy')) {
    const policy: IamPolicy = { ...base(raw, 'iam-policy'), document: { statements: [], unknown: true, origin: raw.address, location: locate(raw, 'policy') }, attachedTo: [], path: pathOf(raw) };
    policyAt(ctx, raw, 'policy', (d) => { policy.document = d; });
    m.managedPolicies.push(policy);
  }

  const byName = <T extends { address: string }>(list: T[], raw: RawResource, path: string): T | undefined => {
    const ref = refAt(raw, path, refs);
    return find(ref as Ref, list as never[], (o: { address: string }) => [nameOf(ctx, o.address)]) as T | undefined;
  };
  const holders = (raw: RawResource, kinds: { roles?: Value; users?: Value; groups?: Value }): { address: string; policies: AttachedPolicy[] }[] => {
    const out: { address: string; policies: AttachedPolicy[] }[] = [];
    const each = (value: Value | undefined, list: { address: string; policies: AttachedPolicy[] }[]) => {
      if (value === undefined || value === null) return;
      for (const v of Array.isArray(value) ? value : [value]) {
        const ref = refOf(v, locate(raw, ''), refs);
        const found = find(ref, list as never[], (o: { address: string }) => [nameOf(ctx, o.address)]) as { address: string; policies: AttachedPolicy[] } | undefined;
        if (found) out.push(found);
      }
    };
    each(kinds.roles, m.roles);
    each(kinds.users, m.users);
    each(kinds.groups, m.groups);
    return out;
  };

  for (const raw of ofType(ctx, 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) {
    const key = raw.type === 'aws_iam_role_policy' ? 'role' : raw.type === 'aws_iam_user_policy' ? 'user' : 'group';
    const owner = holders(raw, { [`${key}s`]: at(raw.attributes, key) })[0];
    if (!owner) {
      orphan(ctx, raw, `an IAM ${key}`, `iam-${key}`, 'inline policy');
      continue;
    }
    inlinePolicy(ctx, owner.policies, raw, 'policy', raw.address);
    attach(ctx.model.roles.find((r) => r.address === owner.address) ?? ctx.model.users.find((u) => u.address === owner.address) ?? ctx.model.groups.find((g) => g.address === owner.address)!, raw);
  }
  for (const raw of ofType(ctx, 'aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment')) {
    const a = raw.attributes;
    const owners = raw.type === 'aws_iam_policy_attachment'
      ? holders(raw, { roles: a['roles'], users: a['users'], groups: a['groups'] })
      : holders(raw, { [`${raw.type.split('_')[2]}s`]: a[raw.type.split('_')[2]!] });
    if (owners.length === 0) {
      orphan(ctx, raw, 'an IAM principal', 'iam-principal', 'policy attachment');
      continue;
    }
    for (const owner of owners) attachPolicies(ctx, owner, raw, 'policy_arn');
  }
  for (const raw of ofType(ctx, 'aws_iam_user_group_membership')) {
    const user = byName(m.users, raw, 'user');
    if (user) { user.groups.push(...refsAt(raw, 'groups', refs)); attach(user, raw); }
  }
  for (const raw of ofType(ctx, 'aws_iam_group_membership')) {
    const group = refAt(raw, 'group', refs);
    for (const user of holders(raw, { users: at(raw.attributes, 'users') })) (user as IamUser).groups?.push(group);
  }
  for (const raw of ofType(ctx, 'aws_iam_access_key')) m.accessKeys.push({ ...base(raw, 'iam-access-key'), user: refAt(raw, 'user', refs) });
}

/** The literal name of an IAM object, for `role = "name"` written as a string. */
function nameOf(ctx: AdaptContext, address: string): string | undefined {
  const raw = ctx.byAddress.get(address);
  const v = raw ? asString(at(raw.attributes, 'name') ?? '') : undefined;
  return v === '' ? undefined : v;
}
