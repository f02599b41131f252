// The IAM pass, once every adapter has run: policy documents read into statements over symbolic names, managed
// policies attached by ARN resolved (a policy of the stack, an AWS managed policy whose document we carry, or an
// unknown), Lambda permissions gathered into each function's resource policy, and each function's log group found.
import type { RawResource, SourceLocation, Value } from '../../load/types.ts';
import type { PendingAttachment, PendingPolicy } from '../context.ts';
import { locate } from '../fields.ts';
import type { Base, IamPolicy, LambdaFunction, Model, ModelCollections, Ref } from '../model.ts';
import { IDENTIFIED_KINDS, type Symbols } from './identity.ts';
import { AWS_MANAGED_POLICIES, isAwsManagedArn, managedPolicyName } from './managed.ts';
import { statementsOf, structured, type PolicyDoc, type Statement } from './policy.ts';
import { literalOf, showSym, sym } from './symbolic.ts';

export function readPolicy(
  symbols: Symbols,
  pending: Pick<PendingPolicy, 'value' | 'raw' | 'path' | 'origin' | 'perStatement'>,
): PolicyDoc {
  const location = locate(pending.raw, pending.path);
  const doc = structured(pending.value);
  const { statements, unknown } = statementsOf(doc, {
    toSym: symbols.toSym,
    origin: pending.origin,
    location: (i) => (pending.perStatement ? locate(pending.raw, `${pending.path}.Statement.${i}`) : location),
  });
  return { statements, unknown: unknown || doc === undefined, origin: pending.origin, location };
}

function resolveAttachment(
  symbols: Symbols,
  policies: ReadonlyMap<string, IamPolicy>,
  pending: PendingAttachment,
): void {
  const { entry, value } = pending;
  const policy = value === undefined ? undefined : symbols.lookup(value, ['iam-policy']);
  if (policy) {
    const managed = policies.get(policy.address)!;
    if (!managed.attachedTo.includes(pending.holder)) managed.attachedTo.push(pending.holder);
    entry.document = { ...managed.document, origin: managed.address };
    entry.origin = managed.address;
    entry.arn = symbols.identities.get(managed.address)!.arn;
    entry.awsManaged = false;
    return;
  }
  const arn = value === undefined ? [{ tok: `${pending.holder}.managed_policy_arns` }] : symbols.toSym(value);
  const literal = literalOf(arn);
  entry.arn = arn;
  const known = literal !== undefined ? AWS_MANAGED_POLICIES[literal] : undefined;
  if (known && literal !== undefined) {
    const origin = managedPolicyName(literal);
    const { statements } = statementsOf(known.document as unknown as Value, {
      toSym: symbols.toSym,
      origin,
      location: () => entry.location,
    });
    entry.document = { statements, unknown: false, origin, location: entry.location };
    entry.origin = origin;
    entry.awsManaged = true;
    return;
  }
  // `arn:${partition}:iam::aws:policy/...` written with a partition data source is still an AWS managed policy.
  entry.awsManaged = literal !== undefined ? isAwsManagedArn(literal) : /:iam::aws:policy\//.test(showSym(arn));
}

/** The value a reference was written as (for reading it as a symbolic string). */
function valueOf(ref: Ref): Value | undefined {
  if (ref.literal !== undefined) return ref.literal;
  if (ref.unknown) return ref.unknown;
  if (ref.target) return { kind: 'unknown', address: ref.target, attribute: ref.attribute ?? 'arn' };
  return undefined;
}

/** aws_lambda_permission / AWS::Lambda::Permission as statements of the function's resource policy. */
function functionPolicies(symbols: Symbols, m: ModelCollections): void {
  for (const permission of m.lambdaPermissions) {
    const fn = symbols.lookup(valueOf(permission.function), ['lambda-function']) as LambdaFunction | undefined;
    if (!fn) continue;
    const arn = symbols.identities.get(fn.address)!.arn;
    const principalValue = permission.principal.value ?? permission.principal.unknown;
    const principal = principalValue !== undefined ? symbols.toSym(principalValue) : [];
    const literal = literalOf(principal);
    const conditions: Statement['conditions'] = [];
    const sourceArn = valueOf(permission.sourceArn);
    if (sourceArn !== undefined)
      conditions.push({ operator: 'ArnLike', key: 'aws:SourceArn', values: [symbols.toSym(sourceArn)] });
    const sourceAccount = permission.sourceAccount.value ?? permission.sourceAccount.unknown;
    if (sourceAccount !== undefined)
      conditions.push({ operator: 'StringEquals', key: 'aws:SourceAccount', values: [symbols.toSym(sourceAccount)] });
    const action = permission.action.value ?? permission.action.unknown ?? 'lambda:InvokeFunction';
    const statement: Statement = {
      effect: 'Allow',
      actions: [symbols.toSym(action)],
      resources: [arn, sym(arn, ':*')],
      principal: {
        any: false,
        byType: new Map([[literal?.endsWith('.amazonaws.com') ? 'Service' : 'AWS', [principal]]]),
      },
      conditions,
      opaque: false,
      location: permission.location,
      origin: permission.address,
    };
    fn.policy ??= { statements: [], unknown: false, origin: permission.address, location: permission.location };
    fn.policy.statements.push(statement);
  }
}

/** Each function's log group: the one LoggingConfig names, else /aws/lambda/<name>, else one it depends on. */
function functionLogGroups(m: ModelCollections): void {
  for (const fn of m.functions) {
    if (fn.logGroup.target && m.logGroups.some((g) => g.address === fn.logGroup.target)) continue;
    const name = fn.logGroupName.value ?? (fn.name.value !== undefined ? `/aws/lambda/${fn.name.value}` : undefined);
    const group =
      (name !== undefined ? m.logGroups.find((g) => g.name.value === name) : undefined) ??
      m.logGroups.find((g) => fn.dependsOn.includes(g.address));
    if (group)
      fn.logGroup = {
        target: group.address,
        attribute: 'name',
        provenance: 'explicit',
        location: fn.logGroupName.provenance === 'explicit' ? fn.logGroupName.location : fn.location,
      };
  }
}

/** What each environment variable names, as IAM reads it (a function's contract says which variable names what). */
function functionVariables(symbols: Symbols, m: ModelCollections): void {
  for (const fn of m.functions) {
    for (const variable of Object.values(fn.variables ?? {})) {
      variable.sym = symbols.toSym(variable.value);
      const named = symbols.lookup(variable.value, IAM_KINDS);
      if (named) variable.names = named.address;
    }
  }
}
const IAM_KINDS = [...IDENTIFIED_KINDS];

export function linkIam(
  symbols: Symbols,
  m: ModelCollections,
  policies: PendingPolicy[],
  attachments: PendingAttachment[],
): void {
  for (const pending of policies) pending.apply(readPolicy(symbols, pending));
  const managed = new Map(m.managedPolicies.map((p) => [p.address, p]));
  for (const pending of attachments) resolveAttachment(symbols, managed, pending);
  functionPolicies(symbols, m);
  functionLogGroups(m);
  functionVariables(symbols, m);
}

export type { Base, Model, RawResource, SourceLocation };
