// Terraform → IAM: roles (trust, inline_policy blocks, managed_policy_arns), users, groups, customer managed
// policies, inline policies and attachments written as resources of their own, group memberships, access keys.
import type { RawResource, Value } from '../../load/types.ts';
import { attach, base, find, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, objects, refAt, refOf, refsAt, locate } from '../fields.ts';
import type { IamGroup, IamPolicy, IamRole, IamUser } from '../model.ts';
import { attachPolicies, inlinePolicy } from './common.ts';

const EMPTY_TRUST = (raw: RawResource) => ({
  statements: [],
  unknown: true,
  origin: `${raw.address} trust policy`,
  location: locate(raw, 'assume_role_policy'),
});

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
    policyAt(
      ctx,
      raw,
      'assume_role_policy',
      (d) => {
        role.trust = d;
      },
      `${raw.address} trust policy`,
    );
    objects(at(raw.attributes, 'inline_policy')).forEach((block, i) => {
      const name = typeof block['name'] === 'string' && block['name'] !== '' ? block['name'] : String(i);
      inlinePolicy(ctx, role.policies, raw, `inline_policy.${i}.policy`, `${raw.address} inline ${name}`);
    });
    attachPolicies(ctx, role, raw, 'managed_policy_arns');
    m.roles.push(role);
  }
  for (const raw of ofType(ctx, 'aws_iam_user'))
    m.users.push({ ...base(raw, 'iam-user'), policies: [], groups: [], path: pathOf(raw) } satisfies IamUser);
  for (const raw of ofType(ctx, 'aws_iam_group'))
    m.groups.push({ ...base(raw, 'iam-group'), policies: [], path: pathOf(raw) } satisfies IamGroup);
  for (const raw of ofType(ctx, 'aws_iam_policy')) {
    const policy: IamPolicy = {
      ...base(raw, 'iam-policy'),
      document: { statements: [], unknown: true, origin: raw.address, location: locate(raw, 'policy') },
      attachedTo: [],
      path: pathOf(raw),
    };
    policyAt(ctx, raw, 'policy', (d) => {
      policy.document = d;
    });
    m.managedPolicies.push(policy);
  }

  type Holder = IamRole | IamUser | IamGroup;
  /** The roles, users or groups a value names: by reference, or by the name written as a string. */
  const named = (raw: RawResource, value: Value | undefined, list: Holder[]): Holder[] => {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]).flatMap((v) => {
      const found = find(refOf(v, locate(raw, ''), refs), list, (o) => [nameOf(ctx, o.address)]);
      return found ? [found] : [];
    });
  };
  const lists = { role: m.roles as Holder[], user: m.users as Holder[], group: m.groups as Holder[] };
  const kindOf = (type: string) => (type.includes('_role_') ? 'role' : type.includes('_user_') ? 'user' : 'group');

  for (const raw of ofType(ctx, 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) {
    const kind = kindOf(raw.type);
    const owner = named(raw, at(raw.attributes, kind), lists[kind])[0];
    if (!owner) {
      orphan(ctx, raw, `an IAM ${kind}`, `iam-${kind}`, 'inline policy');
      continue;
    }
    inlinePolicy(ctx, owner.policies, raw, 'policy', raw.address);
    attach(owner, raw);
  }
  for (const raw of ofType(
    ctx,
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
  )) {
    const a = raw.attributes;
    const owners =
      raw.type === 'aws_iam_policy_attachment'
        ? [
            ...named(raw, a['roles'], lists.role),
            ...named(raw, a['users'], lists.user),
            ...named(raw, a['groups'], lists.group),
          ]
        : named(raw, a[kindOf(raw.type)], lists[kindOf(raw.type)]);
    if (owners.length === 0) {
      orphan(ctx, raw, 'an IAM principal', 'iam-principal', 'policy attachment');
      continue;
    }
    for (const owner of owners) attachPolicies(ctx, owner, raw, 'policy_arn');
  }
  for (const raw of ofType(ctx, 'aws_iam_user_group_membership')) {
    const user = named(raw, at(raw.attributes, 'user'), lists.user)[0] as IamUser | undefined;
    if (user) {
      user.groups.push(...refsAt(raw, 'groups', refs));
      attach(user, raw);
    }
  }
  for (const raw of ofType(ctx, 'aws_iam_group_membership')) {
    const group = refAt(raw, 'group', refs);
    for (const user of named(raw, at(raw.attributes, 'users'), lists.user) as IamUser[]) user.groups.push(group);
  }
  // Memberships name groups by reference or by name: point each at the group of the stack it names.
  for (const user of m.users)
    user.groups = user.groups.map((ref) => {
      const group = find(ref, m.groups, (g) => [nameOf(ctx, g.address)]);
      return group ? { ...ref, target: group.address } : ref;
    });
  for (const raw of ofType(ctx, 'aws_iam_access_key')) {
    const ref = refAt(raw, 'user', refs);
    const user = find(ref, m.users, (u) => [nameOf(ctx, u.address)]);
    m.accessKeys.push({ ...base(raw, 'iam-access-key'), user: user ? { ...ref, target: user.address } : ref });
  }
}

/** The literal name of an IAM object, for `role = "name"` written as a string. */
function nameOf(ctx: AdaptContext, address: string): string | undefined {
  const raw = ctx.byAddress.get(address);
  const v = raw ? asString(at(raw.attributes, 'name') ?? '') : undefined;
  return v === '' ? undefined : v;
}
