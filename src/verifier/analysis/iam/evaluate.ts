// The policy evaluator: principal × action × resource (× request context) → allowed / denied / conditional /
// unknown, with the statements that decided. Same-account semantics: an explicit deny anywhere wins; otherwise an
// allow in the identity policies or a resource policy naming the principal suffices, except for KMS, where the key
// policy must allow, either naming the principal or delegating to the account's IAM policies (root principal).
import type { SourceLocation } from '../../load/types.ts';
import type { PolicyDoc, PrincipalSpec, Statement } from '../../model/iam/policy.ts';
import {
  actionGlob,
  and,
  globChars,
  globSym,
  literalOf,
  not,
  or,
  sym,
  symEquals,
  type Sym,
  type Tri,
} from '../../model/iam/symbolic.ts';
import { evaluateConditions, type RequestContext } from './conditions.ts';
import type { Decision } from './decision.ts';
import { ACCOUNT, type IamPrincipal, type IamResource, type IamView } from './view.ts';

export type { Decision };

export interface Evidence {
  effect: 'Allow' | 'Deny';
  /** identity: the principal's policies; resource: bucket/topic/secret/function policy; key: the KMS key policy. */
  source: 'identity' | 'resource' | 'key' | 'trust' | 'endpoint' | 'unknown-policy';
  origin: string;
  sid?: string;
  location: SourceLocation;
  match: Tri;
}

export interface EvalResult {
  decision: Decision;
  /** True when an explicit Deny decided. */
  explicitDeny: boolean;
  /** One sentence on why. */
  reason: string;
  evidence: Evidence[];
}

export interface EvalRequest {
  principal: IamPrincipal;
  action: string;
  resource: Sym;
  /** The resource the ARN denotes (found from the ARN when omitted). */
  target?: IamResource;
  /** Keys this request carries; keys absent from the map are undecided. */
  context?: RequestContext;
  /** The principal can rewrite its own identity policies (privilege escalation): treat them as allowing anything. */
  fullIdentity?: boolean;
  /** VPC endpoints the request passes through: each one's policy (when it has one) must allow it too. */
  endpoints?: IamResource[];
}

interface Applied {
  readonly tri: Tri;
  readonly unknownCause: boolean;
}

export function actionTri(st: Statement, action: string): Applied {
  const m = actionMatcher(st);
  if (!m) return NO_ACTION;
  let applied = m.answers.get(action);
  if (applied) return applied;
  const lower = lowered(action);
  let tri: Tri = m.exact.has(lower) ? 'yes' : 'no';
  for (let i = 0; tri !== 'yes' && i < m.globs.length; i++) if (globChars(m.globs[i]!, lower)) tri = 'yes';
  for (let i = 0; tri !== 'yes' && i < m.symbolic.length; i++) tri = or(tri, actionGlob(m.symbolic[i]!, lower));
  applied = { tri: m.negated ? not(tri) : tri, unknownCause: m.symbolic.length > 0 };
  if (m.answers.size >= 1_000) m.answers.clear();
  m.answers.set(action, applied);
  return applied;
}

const NO_ACTION: Applied = { tri: 'no', unknownCause: false };

/**
 * A statement's Action (or NotAction) patterns sorted once: literal names in lower case, literal globs, and patterns
 * known only after apply. Every request asks every statement it meets, so each statement is read once, not per
 * request.
 */
interface ActionMatcher {
  negated: boolean;
  exact: Set<string>;
  globs: string[];
  symbolic: Sym[];
  /** The answer for each action asked (as asked, not lowered): a statement meets the same few actions again and again. */
  answers: Map<string, Applied>;
}
const actionMatchers = new WeakMap<Statement, ActionMatcher | null>();
function actionMatcher(st: Statement): ActionMatcher | null {
  let m = actionMatchers.get(st);
  if (m !== undefined) return m;
  const patterns = st.actions ?? st.notActions;
  if (!patterns) m = null;
  else {
    m = { negated: !st.actions, exact: new Set(), globs: [], symbolic: [], answers: new Map() };
    for (const p of patterns) {
      const text = literalOf(p);
      if (text === undefined) m.symbolic.push(p);
      else if (/[*?]/.test(text)) m.globs.push(text.toLowerCase());
      else m.exact.add(text.toLowerCase());
    }
  }
  actionMatchers.set(st, m);
  return m;
}

/** Action names in lower case, kept: a verification asks a few hundred actions thousands of times. */
const lowerActions = new Map<string, string>();
function lowered(action: string): string {
  let lower = lowerActions.get(action);
  if (lower === undefined) {
    lower = action.toLowerCase();
    if (lowerActions.size >= 10_000) lowerActions.clear();
    lowerActions.set(action, lower);
  }
  return lower;
}

function resourceTri(st: Statement, resource: Sym, implicitAll: boolean): Tri {
  if (st.resources) return st.resources.reduce<Tri>((acc, p) => or(acc, globSym(p, resource)), 'no');
  if (st.notResources) return not(st.notResources.reduce<Tri>((acc, p) => or(acc, globSym(p, resource)), 'no'));
  return implicitAll ? 'yes' : 'no';
}

const ROOT = sym('arn:aws:iam::', ACCOUNT, ':root');

/**
 * A principal's account and that account's root ARN, made once per principal (or account id): the glob keeps its
 * answers per Sym object, and a new Sym per statement asked about would never find them.
 */
function accountOf(principal: IamPrincipal, accountId: string | undefined): { account: Sym; root: Sym } {
  if (principal.account) {
    let kept = principalAccounts.get(principal);
    if (!kept) {
      kept = { account: principal.account, root: sym('arn:aws:iam::', principal.account, ':root') };
      principalAccounts.set(principal, kept);
    }
    return kept;
  }
  return thisAccount(accountId);
}

/** This account (its id when the stack gives it) and its root ARN. */
function thisAccount(accountId: string | undefined): { account: Sym; root: Sym } {
  if (!accountId) return THIS_ACCOUNT;
  let kept = accountIds.get(accountId);
  if (!kept) {
    kept = { account: [accountId], root: [`arn:aws:iam::${accountId}:root`] };
    accountIds.set(accountId, kept);
  }
  return kept;
}
const THIS_ACCOUNT = { account: [ACCOUNT] as Sym, root: ROOT };
const principalAccounts = new WeakMap<IamPrincipal, { account: Sym; root: Sym }>();
const accountIds = new Map<string, { account: Sym; root: Sym }>();

/**
 * How a principal element matches: naming the principal itself, or naming its account (delegation to that
 * account's IAM policies). A principal of another account is never delegated to by this account's root.
 */
export function principalTri(
  spec: PrincipalSpec,
  principal: IamPrincipal,
  accountId?: string,
): { direct: Tri; account: Tri } {
  const { account, root } = accountOf(principal, accountId);
  if (spec.any) return { direct: 'yes', account: 'no' };
  let direct: Tri = 'no';
  let accountMatch: Tri = 'no';
  for (const [type, ids] of spec.byType) {
    for (const id of ids) {
      const lit = literalOf(id);
      if (type === 'AWS') {
        if (lit === '*') {
          direct = 'yes';
          continue;
        }
        if (principal.kind === 'service') continue;
        direct = or(direct, symEquals(id, principal.arn));
        // An ARN names the account only as its root; a bare id (a 12-digit literal or the account token) as itself.
        const arn = typeof id[0] === 'string' ? id[0].startsWith('arn:') : id[0]?.outside === true;
        accountMatch = or(accountMatch, arn ? symEquals(id, root) : symEquals(id, account));
      } else if (type === 'Service' && principal.kind === 'service') {
        // A regional service principal (logs.<region>.amazonaws.com) may be written with the region as a token.
        direct = or(direct, symEquals(id, principal.name));
      } else if (type === '*') direct = 'yes';
    }
  }
  return { direct, account: accountMatch };
}

/**
 * Whether a NotPrincipal element exempts the requester. AWS checks every link of the requester's chain — the
 * account, then the role or user, then (for a role) the assumed-role session — and a statement with NotPrincipal
 * applies to the requester unless every link is listed. A role acts as a session
 * (arn:aws:sts::<account>:assumed-role/<role name>/<session name>), which can only be listed by its exact session
 * name (no wildcards), so `Deny` + `NotPrincipal: <role ARN>` still denies the role.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function notPrincipalExcludes(spec: PrincipalSpec, principal: IamPrincipal, accountId?: string): Tri {
  if (spec.any) return 'yes';
  const m = principalTri(spec, principal, accountId);
  if (principal.kind === 'service') return m.direct;
  if (principal.kind === 'user') return and(m.account, m.direct);
  const { account } = accountOf(principal, accountId);
  const session = sym(
    'arn:aws:sts::',
    account,
    ':assumed-role/',
    roleName(principal),
    '/',
    principal.sessionName ?? [SESSION],
  );
  const sessionListed = (spec.byType.get('AWS') ?? []).reduce<Tri>(
    (acc, id) => or(acc, literalOf(id) === '*' ? 'yes' : symEquals(id, session)),
    'no',
  );
  return and(and(m.account, m.direct), sessionListed);
}

/** The session name a role's session carries: chosen by whoever assumes it (Lambda uses the function name). */
const SESSION = { tok: 'role-session-name' };

/** A role's name as its session ARN shows it: the last part of its ARN (no path). */
function roleName(principal: IamPrincipal): Sym {
  const arn = principal.arn;
  const last = arn[arn.length - 1];
  if (typeof last === 'string' && arn.length > 1) {
    const slash = last.lastIndexOf('/');
    if (slash >= 0 && slash < last.length - 1) return [last.slice(slash + 1)];
  }
  const text = literalOf(arn);
  if (text !== undefined) return [text.slice(text.lastIndexOf('/') + 1)];
  return principal.name;
}

interface Scored {
  st: Statement;
  tri: Tri;
  unknownCause: boolean;
  source: Evidence['source'];
  principalKind?: 'direct' | 'account';
}

/**
 * A statement that can apply to a request whatever its context: its action and resource match (or may), and for a
 * resource-based policy its principal element may name the requester. Only its conditions are left to decide.
 */
interface Applicable {
  st: Statement;
  source: Evidence['source'];
  /** The action and resource parts, and-ed. */
  tri: Tri;
  unknownCause: boolean;
  /** Resource-based: whether the principal element names the requester itself, and whether its account. */
  direct: Tri;
  account: Tri;
}

function applicable(
  st: Statement,
  req: EvalRequest,
  source: Evidence['source'],
  accountId?: string,
): Applicable | undefined {
  const a = actionTri(st, req.action);
  if (a.tri === 'no') return undefined;
  const r = resourceTri(st, req.resource, source === 'trust');
  if (r === 'no') return undefined;
  const unknownCause = st.opaque || a.tri === 'maybe' || r === 'maybe';
  if (source === 'identity') return { st, source, tri: and(a.tri, r), unknownCause, direct: 'no', account: 'no' };
  // Resource-based: the principal element decides too.
  let direct: Tri = 'no';
  let account: Tri = 'no';
  if (st.principal) ({ direct, account } = principalTri(st.principal, req.principal, accountId));
  if (st.notPrincipal) direct = not(notPrincipalExcludes(st.notPrincipal, req.principal, accountId));
  if (direct === 'no' && account === 'no') return undefined;
  return { st, source, tri: and(a.tri, r), unknownCause, direct, account };
}

/** An applicable statement with the request's context: what it says, once as the requester and once as its account. */
function score(p: Applicable, ctx: RequestContext, out: Scored[]): void {
  const c = evaluateConditions(p.st.conditions, ctx);
  if (c === 'no') return;
  let base = and(p.tri, c);
  if (p.st.opaque && base === 'yes') base = 'maybe';
  const { st, source, unknownCause } = p;
  if (source === 'identity') {
    out.push({ st, tri: base, unknownCause, source });
    return;
  }
  if (p.direct !== 'no')
    out.push({
      st,
      tri: and(base, p.direct),
      unknownCause: unknownCause || p.direct === 'maybe',
      source,
      principalKind: 'direct',
    });
  if (p.account !== 'no')
    out.push({
      st,
      tri: and(base, p.account),
      unknownCause: unknownCause || p.account === 'maybe',
      source,
      principalKind: 'account',
    });
}

/** The resource an ARN denotes: the resource itself, or (buckets) its objects. */
export function targetOf(view: IamView, resource: Sym): IamResource | undefined {
  for (const r of view.resources) {
    if (symEquals(r.arn, resource) === 'yes') return r;
    if (r.kind === 's3-bucket' && globSym(objectsOf(r.arn), resource) === 'yes') return r;
  }
  return undefined;
}

/** `<bucket ARN>/*`, one Sym per bucket ARN, so the glob's element cache serves every question about it. */
const objectPatterns = new WeakMap<Sym, Sym>();
function objectsOf(bucketArn: Sym): Sym {
  let pattern = objectPatterns.get(bucketArn);
  if (!pattern) {
    pattern = sym(bucketArn, '/*');
    objectPatterns.set(bucketArn, pattern);
  }
  return pattern;
}

const DEFAULT_KEY_POLICY_ORIGIN = 'default key policy';

function defaultKeyPolicy(accountId?: string): PolicyDoc {
  const location = { file: '(AWS default key policy)', line: 0 };
  return {
    statements: [
      {
        effect: 'Allow',
        principal: { any: false, byType: new Map([['AWS', [accountId ? [`arn:aws:iam::${accountId}:root`] : ROOT]]]) },
        actions: [['kms:*']],
        resources: [['*']],
        conditions: [],
        opaque: false,
        location,
        origin: DEFAULT_KEY_POLICY_ORIGIN,
      },
    ],
    unknown: false,
    origin: DEFAULT_KEY_POLICY_ORIGIN,
    location,
  };
}

/**
 * A request without its context, with everything about it that no request key can change worked out: the policies
 * involved and their statements that can apply. Questions that try one request in many contexts (each network path
 * a requester may choose) prepare it once.
 */
export interface PreparedRequest {
  req: EvalRequest;
  isKey: boolean;
  unknownDocs: boolean;
  /** Identity, then resource (key, trust) statements, in policy order. */
  statements: Applicable[];
  endpoints: { endpoint: IamResource; statements: Applicable[] }[];
}

export function prepareRequest(view: IamView, req: EvalRequest): PreparedRequest {
  const target = req.target ?? targetOf(view, req.resource);
  // KMS keys and role trust (for sts:AssumeRole*) need the resource policy to allow: naming the principal, or
  // naming the account, which delegates to the principal's identity policies.
  const assumeRole = target?.kind === 'iam-role' && /^sts:AssumeRole/i.test(req.action);
  const isKey = target?.kind === 'kms-key' || assumeRole;
  const statements: Applicable[] = [];
  let unknownDocs = false;
  const add = (st: Statement, source: Evidence['source'], into: Applicable[]) => {
    const p = applicable(st, req, source, view.accountId);
    if (p) into.push(p);
  };
  if (!req.fullIdentity) {
    for (const doc of req.principal.policies) {
      if (doc.unknown) unknownDocs = true;
      for (const st of doc.statements) add(st, 'identity', statements);
    }
  }
  const resourceDoc = assumeRole
    ? target!.policy
    : isKey
      ? (target!.policy ?? defaultKeyPolicy(view.accountId))
      : target?.kind === 'iam-role'
        ? undefined
        : target?.policy;
  if (resourceDoc) {
    if (resourceDoc.unknown) unknownDocs = true;
    const source = assumeRole ? 'trust' : isKey ? 'key' : 'resource';
    for (const st of resourceDoc.statements) add(st, source, statements);
  }
  const endpoints: PreparedRequest['endpoints'] = [];
  for (const e of req.endpoints ?? []) {
    if (!e.policy) continue;
    if (e.policy.unknown) unknownDocs = true;
    const es: Applicable[] = [];
    for (const st of e.policy.statements) add(st, 'endpoint', es);
    endpoints.push({ endpoint: e, statements: es });
  }
  return { req, isKey, unknownDocs, statements, endpoints };
}

export function evaluateRequest(view: IamView, req: EvalRequest): EvalResult {
  return decideRequest(view, prepareRequest(view, req), req.context ?? new Map());
}

/** The decision on a prepared request in one context. */
export function decideRequest(view: IamView, prepared: PreparedRequest, ctx: RequestContext): EvalResult {
  const { req, isKey, unknownDocs } = prepared;
  const scored: Scored[] = [];
  for (const p of prepared.statements) score(p, ctx, scored);
  // Endpoint policies filter: they grant nothing, but each must allow (any principal form) and may deny.
  const endpointGates: { endpoint: IamResource; allow: Tri; scored: Scored[] }[] = [];
  for (const e of prepared.endpoints) {
    const es: Scored[] = [];
    for (const p of e.statements) score(p, ctx, es);
    scored.push(...es);
    endpointGates.push({
      endpoint: e.endpoint,
      allow: es.filter((x) => x.st.effect === 'Allow').reduce<Tri>((acc, x) => or(acc, x.tri), 'no'),
      scored: es,
    });
  }
  const evidence: Evidence[] = scored.map((s) => ({
    effect: s.st.effect,
    source: s.source,
    origin: s.st.origin,
    ...(s.st.sid ? { sid: s.st.sid } : {}),
    location: s.st.location,
    match: s.tri,
  }));
  const denies = scored.filter((s) => s.st.effect === 'Deny');
  const denyYes = denies.find((s) => s.tri === 'yes');
  if (denyYes) {
    return {
      decision: 'denied',
      explicitDeny: true,
      reason: `explicitly denied by ${denyYes.st.origin}${denyYes.st.sid ? ` (${denyYes.st.sid})` : ''}`,
      evidence,
    };
  }
  const denyMaybe = denies.filter((s) => s.tri === 'maybe');
  const customerUnknown = req.principal.unknownPolicies.filter((u) => !u.awsManaged);
  for (const u of req.principal.unknownPolicies)
    evidence.push({
      effect: 'Allow',
      source: 'unknown-policy',
      origin: `${u.origin} → ${literalOf(u.arn) ?? 'a policy known only after apply'}`,
      location: u.location,
      match: 'maybe',
    });

  const allows = scored.filter((s) => s.st.effect === 'Allow');
  const identityAllows = allows.filter((s) => s.source === 'identity');
  let allowId: Tri = req.fullIdentity ? 'yes' : identityAllows.reduce<Tri>((acc, s) => or(acc, s.tri), 'no');
  if (req.principal.kind === 'service') allowId = 'no';
  else if (req.principal.unknownPolicies.length > 0 && allowId === 'no') allowId = 'maybe';
  let allow: Tri;
  const contributors: Scored[] = [];
  // Another account's principal needs both sides: this resource's policy naming it (or its account) and its own
  // identity policies.
  const outsider =
    req.principal.account !== undefined &&
    symEquals(req.principal.account, thisAccount(view.accountId).account) !== 'yes';
  if (isKey) {
    const keyDirect = allows.filter(
      (s) => (s.source === 'key' || s.source === 'trust') && s.principalKind === 'direct',
    );
    const keyRoot = allows.filter((s) => (s.source === 'key' || s.source === 'trust') && s.principalKind === 'account');
    const direct = keyDirect.reduce<Tri>((acc, s) => or(acc, s.tri), 'no');
    const root = keyRoot.reduce<Tri>((acc, s) => or(acc, s.tri), 'no');
    allow = outsider ? and(or(direct, root), allowId) : or(direct, and(root, allowId));
    contributors.push(...keyDirect.filter((s) => s.tri !== 'no'));
    if (and(root, allowId) !== 'no') contributors.push(...keyRoot, ...identityAllows);
  } else {
    const resDirect = allows.filter((s) => s.source === 'resource' && s.principalKind === 'direct');
    const byResource = resDirect.reduce<Tri>((acc, s) => or(acc, s.tri), 'no');
    allow = outsider ? and(allowId, byResource) : or(allowId, byResource);
    contributors.push(...identityAllows, ...resDirect);
  }
  for (const gate of endpointGates) {
    if (gate.allow === 'no' && !unknownDocs)
      return {
        decision: 'denied',
        explicitDeny: false,
        reason: `the policy of VPC endpoint ${gate.endpoint.address} does not allow it`,
        evidence,
      };
    allow = and(allow, gate.allow);
    contributors.push(...gate.scored.filter((x) => x.st.effect === 'Allow'));
  }
  if (allow === 'no') {
    if (unknownDocs)
      return {
        decision: 'unknown',
        explicitDeny: false,
        reason: 'no statement allows it, but a policy involved is known only after apply',
        evidence,
      };
    const why =
      isKey && allowId !== 'no'
        ? 'the key policy neither names the principal nor delegates to IAM policies for this action'
        : 'no statement allows it (implicit deny)';
    return { decision: 'denied', explicitDeny: false, reason: why, evidence };
  }
  const unknownAllow =
    allow === 'maybe' &&
    (contributors.filter((s) => s.tri === 'maybe').some((s) => s.unknownCause) ||
      (allowId === 'maybe' && req.principal.unknownPolicies.length > 0) ||
      unknownDocs);
  const unknownDeny = denyMaybe.some((s) => s.unknownCause);
  if (allow === 'yes' && denyMaybe.length === 0) {
    if (customerUnknown.length > 0 || unknownDocs)
      return {
        decision: 'unknown',
        explicitDeny: false,
        reason: 'allowed by the known statements, but a policy known only after apply could deny it',
        evidence,
      };
    const by = contributors.find((s) => s.tri === 'yes');
    return {
      decision: 'allowed',
      explicitDeny: false,
      reason: `allowed by ${by ? `${by.st.origin}${by.st.sid ? ` (${by.st.sid})` : ''}` : req.fullIdentity ? 'its own identity policies, taken to allow anything' : 'a policy'}`,
      evidence,
    };
  }
  if (unknownAllow || unknownDeny)
    return {
      decision: 'unknown',
      explicitDeny: false,
      reason: 'the decision depends on values known only after apply',
      evidence,
    };
  const maybeDeny = denyMaybe[0];
  return {
    decision: 'conditional',
    explicitDeny: false,
    reason:
      allow === 'maybe'
        ? 'allowed only under conditions the code cannot decide'
        : `allowed unless the conditions of ${maybeDeny!.st.origin}${maybeDeny!.st.sid ? ` (${maybeDeny!.st.sid})` : ''} deny it`,
    evidence,
  };
}
