// CloudFormation → IAM: roles (trust, Policies, ManagedPolicyArns), users, groups, managed policies (with the
// principals they list), AWS::IAM::Policy and the Role/User/GroupPolicy resources, group additions, access keys.
import type { RawResource, Value } from '../../load/types.ts';
import { attach, base, ofType, orphan, policyAt, type AdaptContext } from '../context.ts';
import { asNumber, at, field, locate, objects, refAt, refOf, refsAt } from '../fields.ts';
import type { AttachedPolicy, IamGroup, IamPolicy, IamRole, IamUser } from '../model.ts';
import { attachPolicies, inlinePolicy } from './common.ts';

function pathOf(raw: RawResource): string {
  const v = at(raw.attributes, 'Path');
  return typeof v === 'string' ? v : '/';
}

type Holder = (IamRole | IamUser | IamGroup) & { policies: AttachedPolicy[] };

/** Policies: [{PolicyName, PolicyDocument}] written on the principal itself. */
function ownPolicies(ctx: AdaptContext, holder: Holder, raw: RawResource): void {
  objects(at(raw.attributes, 'Policies')).forEach((block, i) => {
    const name =
      typeof block['PolicyName'] === 'string' && block['PolicyName'] !== '' ? block['PolicyName'] : String(i);
    inlinePolicy(ctx, holder.policies, raw, `Policies.${i}.PolicyDocument`, `${raw.address} inline ${name}`);
  });
  attachPolicies(ctx, holder, raw, 'ManagedPolicyArns');
}

export function adaptCloudFormationIam(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'AWS::IAM::Role')) {
    const role: IamRole = {
      ...base(raw, 'iam-role'),
      trust: {
        statements: [],
        unknown: true,
        origin: `${raw.address} trust policy`,
        location: locate(raw, 'AssumeRolePolicyDocument'),
      },
      maxSessionDuration: field(raw, 'MaxSessionDuration', asNumber, 3600),
      policies: [],
      path: pathOf(raw),
    };
    policyAt(
      ctx,
      raw,
      'AssumeRolePolicyDocument',
      (d) => {
        role.trust = d;
      },
      `${raw.address} trust policy`,
    );
    ownPolicies(ctx, role, raw);
    m.roles.push(role);
  }
  for (const raw of ofType(ctx, 'AWS::IAM::User')) {
    const user: IamUser = {
      ...base(raw, 'iam-user'),
      policies: [],
      groups: refsAt(raw, 'Groups', refs),
      path: pathOf(raw),
    };
    ownPolicies(ctx, user, raw);
    m.users.push(user);
  }
  for (const raw of ofType(ctx, 'AWS::IAM::Group')) {
    const group: IamGroup = { ...base(raw, 'iam-group'), policies: [], path: pathOf(raw) };
    ownPolicies(ctx, group, raw);
    m.groups.push(group);
  }
  const holders = (raw: RawResource, values: (Value | undefined)[]): Holder[] => {
    const out: Holder[] = [];
    for (const value of values) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        const ref = refOf(v, locate(raw, ''), refs);
        const found = [...m.roles, ...m.users, ...m.groups].find((h) => h.address === ref.target);
        if (found) out.push(found);
      }
    }
    return out;
  };
  for (const raw of ofType(ctx, 'AWS::IAM::ManagedPolicy')) {
    const policy: IamPolicy = {
      ...base(raw, 'iam-policy'),
      document: { statements: [], unknown: true, origin: raw.address, location: locate(raw, 'PolicyDocument') },
      attachedTo: [],
      path: pathOf(raw),
    };
    policyAt(ctx, raw, 'PolicyDocument', (d) => {
      policy.document = d;
    });
    m.managedPolicies.push(policy);
    // The principals listed on the policy attach it, as if its own ARN were in their ManagedPolicyArns.
    for (const holder of holders(raw, [
      at(raw.attributes, 'Roles'),
      at(raw.attributes, 'Users'),
      at(raw.attributes, 'Groups'),
    ])) {
      const entry: AttachedPolicy = {
        inline: false,
        document: undefined,
        origin: raw.address,
        location: locate(raw, 'Roles'),
      };
      holder.policies.push(entry);
      ctx.attachments.push({
        entry,
        value: { kind: 'unknown', address: raw.address, attribute: 'Ref' },
        holder: holder.address,
      });
    }
  }
  for (const raw of ofType(
    ctx,
    'AWS::IAM::Policy',
    'AWS::IAM::RolePolicy',
    'AWS::IAM::UserPolicy',
    'AWS::IAM::GroupPolicy',
  )) {
    const a = raw.attributes;
    const owners =
      raw.type === 'AWS::IAM::Policy'
        ? holders(raw, [a['Roles'], a['Users'], a['Groups']])
        : holders(raw, [
            a[
              raw.type === 'AWS::IAM::RolePolicy'
                ? 'RoleName'
                : raw.type === 'AWS::IAM::UserPolicy'
                  ? 'UserName'
                  : 'GroupName'
            ],
          ]);
    if (owners.length === 0) {
      orphan(ctx, raw, 'an IAM principal', 'iam-principal', 'inline policy');
      continue;
    }
    const name = typeof a['PolicyName'] === 'string' ? a['PolicyName'] : '';
    for (const owner of owners) {
      inlinePolicy(ctx, owner.policies, raw, 'PolicyDocument', `${raw.address} ${name}`.trim());
      attach(owner, raw);
    }
  }
  for (const raw of ofType(ctx, 'AWS::IAM::UserToGroupAddition')) {
    const group = refAt(raw, 'GroupName', refs);
    for (const user of holders(raw, [at(raw.attributes, 'Users')]))
      if (user.kind === 'iam-user') user.groups.push(group);
  }
  // Users name groups by reference or by GroupName: point each at the group of the stack it names.
  for (const user of m.users) {
    user.groups = user.groups.map((ref) => {
      const group = ref.target
        ? m.groups.find((g) => g.address === ref.target)
        : m.groups.find((g) => ctx.byAddress.get(g.address)?.attributes['GroupName'] === ref.literal);
      return group ? { ...ref, target: group.address } : ref;
    });
  }
  for (const raw of ofType(ctx, 'AWS::IAM::AccessKey')) {
    const ref = refAt(raw, 'UserName', refs);
    const user = ref.target
      ? m.users.find((u) => u.address === ref.target)
      : m.users.find((u) => ctx.byAddress.get(u.address)?.attributes['UserName'] === ref.literal);
    m.accessKeys.push({ ...base(raw, 'iam-access-key'), user: user ? { ...ref, target: user.address } : ref });
  }
}
