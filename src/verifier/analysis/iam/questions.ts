// Concrete questions rules ask the IAM evaluator instead of reading condition operators themselves: may this kind
// of requester, sending this request, do this action on this resource? A question names who asks — a principal of
// the stack, anyone in this account (every principal the stack names and one it does not), an AWS service acting
// for this account or for another, a principal of another account — and the request keys it fixes (a header sent,
// a key not sent). What the requester itself chooses (the network path it comes from; for another account, its own
// resources' ARNs) is tried in every form the policies involved mention, plus one they do not, so each answer
// comes with the concrete request that decided it: a counterexample when the answer is bad.
import type { SourceLocation } from '../../load/types.ts';
import type { PolicyDoc, Statement } from '../../model/iam/policy.ts';
import { globSym, literalOf, or, showSym, sym, type Sym, type Token, type Tri } from '../../model/iam/symbolic.ts';
import type { RequestContext } from './conditions.ts';
import { strength } from './decision.ts';
import { actionTri, decideRequest, prepareRequest, principalTri, type EvalResult } from './evaluate.ts';
import { capabilityArns, isObjectAction } from './sod.ts';
import { ACCOUNT, REGION, type IamPrincipal, type IamResource, type IamView } from './view.ts';

/** Another account: nobody who wrote the policies named it. */
export const OTHER_ACCOUNT: Token = { tok: 'OTHER_ACCOUNT', fresh: true };
const SOMEONE: Token = { tok: 'someone', fresh: true };
/** The stand-ins' ARNs, one Sym each for every question (the glob keeps its answers per Sym). */
const SOMEONE_HERE = sym('arn:aws:iam::', ACCOUNT, ':role/', SOMEONE);
const SOMEONE_ELSEWHERE = sym('arn:aws:iam::', OTHER_ACCOUNT, ':role/', SOMEONE);

export type Asker =
  /** A principal of the stack, with its own policies. */
  | { principal: IamPrincipal }
  /**
   * Any principal of this account — each one the stack names, and one it does not — whose own policies allow the
   * request.
   */
  | { anyone: true }
  /**
   * An AWS service principal, acting for a resource of this account or of another; a regional name may carry the REGION
   * token.
   */
  | { service: string | Sym; forAccount: 'this' | 'other' }
  /**
   * A principal of this account the stack does not define, whose own policies allow the request (an auditor's role made
   * elsewhere).
   */
  | { unnamed: true }
  /** A principal of another account whose own policies allow the request. */
  | { outsider: true }
  /**
   * A principal of this account that no policy names and whose own policies allow nothing: only a grant to everyone
   * lets it in.
   */
  | { unprivileged: true };

/**
 * A request key's value (or values); null: the request does not carry it; undefined: the question leaves it undecided.
 */
export type KeyValue = string | Sym[] | null | undefined;

export interface Question {
  asker: Asker;
  action: string;
  resource: IamResource;
  /**
   * Object actions: the key asked about; otherwise every key (any key, and one under each prefix the policies name).
   */
  objectKey?: string | Sym;
  /** Request keys the question fixes. */
  request?: Record<string, KeyValue>;
}

export interface Answer extends EvalResult {
  /** Whether a Deny applies: yes (explicitly denied), maybe (under conditions or values the code cannot decide), no. */
  denied: Tri;
  /** The request decided, in words: who, on what, from where. */
  as: string;
  /** Who asked (a principal of the stack, one a policy names, or a stand-in for anyone else). */
  principal: IamPrincipal;
}

/** Keys a requester chooses itself by where it sends the request from. */
const NETWORK_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip'];
/** Keys an AWS service sets from the resource it acts for: for another account, that account's resources. */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceowner'];
const MAX_REQUESTS = 256;

function symsOf(v: string | Sym[]): Sym[] {
  return typeof v === 'string' ? [[v]] : v;
}

const QUESTION_LOCATION = { file: '(question)', line: 0 };

/** A role the stack does not define, with no policies of its own: who a question asks as. */
function roleWithoutPolicies(
  id: string,
  arn: Sym,
  location: SourceLocation = QUESTION_LOCATION,
  name: Sym = [SOMEONE],
): IamPrincipal {
  return { id, kind: 'role', name, arn, policies: [], unknownPolicies: [], duty: 'other', location };
}

/** The same value in another account: ARNs' account component and account ids become OTHER_ACCOUNT. */
export function inAnotherAccount(value: Sym): Sym {
  const out: (string | Token)[] = [];
  // An ARN's account is its fifth field (arn:partition:service:region:account:…); an account id elsewhere — in an S3
  // bucket name, which anyone can register — is just text, and another account can present it unchanged.
  const isArn = typeof value[0] === 'string' && value[0].startsWith('arn:');
  let colons = 0;
  for (const part of value) {
    if (typeof part !== 'string') {
      // This account's id becomes another's; an ARN of this stack's resources carries this account, so another
      // account's is a different value; a value only apply can tell (a variable) may or may not be the same.
      const accountField = !isArn || colons === 4;
      // The region is not the account's: another account's resource in the same region is the closest it can come.
      out.push(
        part.tok === ACCOUNT.tok
          ? accountField
            ? OTHER_ACCOUNT
            : part
          : part.tok === REGION.tok
            ? part
            : isResourceArnToken(part)
              ? { tok: `${part.tok} in another account`, fresh: true }
              : part.identity || part.fresh || part.outside
                ? part
                : { tok: `${part.tok}, or another account's` },
      );
      continue;
    }
    colons += (part.match(/:/g) ?? []).length;
    if (/^\d{12}$/.test(part) && value.length === 1) {
      out.push(OTHER_ACCOUNT);
      continue;
    }
    let last = 0;
    for (const m of part.matchAll(/(arn:[\w-]+:[\w-]*:[\w-]*:)(\d{12})(?=:|$)/g)) {
      out.push(part.slice(last, m.index! + m[1]!.length), OTHER_ACCOUNT);
      last = m.index! + m[0].length;
    }
    out.push(part.slice(last));
  }
  return sym(...out);
}

/**
 * The ARN of a resource of this stack that only apply can tell (an EventBridge rule's `arn`): it carries this
 * account, so the same resource of another account has a different ARN.
 */
function isResourceArnToken(token: Token): boolean {
  return /\.(arn|Arn)$/.test(token.tok) && !token.outside;
}

/**
 * The policies that could decide the request, cut down to their statements that could apply to it (the action, and
 * for the resource policy a principal element that may name the asker): only their condition keys are worth trying.
 */
function documentsOf(view: IamView, question: Question, principal: IamPrincipal): PolicyDoc[] {
  const applies = (st: Statement, resourceSide: boolean) => {
    if (actionTri(st, question.action).tri === 'no') return false;
    if (!resourceSide || st.notPrincipal || !st.principal) return true;
    const match = principalTri(st.principal, principal, view.accountId);
    return match.direct !== 'no' || match.account !== 'no';
  };
  const cut = (doc: PolicyDoc, resourceSide: boolean): PolicyDoc => ({
    ...doc,
    statements: doc.statements.filter((st) => applies(st, resourceSide)),
  });
  return [
    ...(question.resource.policy ? [cut(question.resource.policy, true)] : []),
    ...principal.policies.map((d) => cut(d, false)),
  ];
}

/** Values the policies compare a key with. */
function valuesFor(docs: PolicyDoc[], key: string): Sym[] {
  const out: Sym[] = [];
  const seen = new Set<string>();
  for (const doc of docs)
    for (const st of doc.statements)
      for (const c of st.conditions) {
        if (c.key.toLowerCase() !== key && !(key.endsWith(':*') && c.key.toLowerCase().startsWith(key.slice(0, -1))))
          continue;
        for (const v of c.values) {
          const text = showSym(v);
          if (!seen.has(text)) {
            seen.add(text);
            out.push(v);
          }
        }
      }
  return out;
}

function conditionKeys(docs: PolicyDoc[]): Set<string> {
  const keys = new Set<string>();
  for (const doc of docs) for (const st of doc.statements) for (const c of st.conditions) keys.add(c.key.toLowerCase());
  return keys;
}

interface Candidate {
  principal: IamPrincipal;
  fullIdentity: boolean;
  base: RequestContext;
  who: string;
}

/** A principal of this account asking, with the request keys AWS sets for it. */
function inAccount(principal: IamPrincipal, who: string, fullIdentity: boolean): Candidate {
  const base: RequestContext = new Map();
  base.set('aws:principalarn', [principal.arn]);
  base.set('aws:principalaccount', [[ACCOUNT]]);
  base.set('aws:principalisawsservice', [['false']]);
  base.set('aws:principalservicename', null);
  base.set('aws:sourceaccount', null);
  base.set('aws:sourcearn', null);
  base.set('kms:viaservice', null);
  base.set('kms:calleraccount', [[ACCOUNT]]);
  base.set('sts:externalid', null);
  return { principal, fullIdentity, base, who };
}

/**
 * The stand-ins nobody names, made once: every question asks as the same principal with the same ARN, so the
 * evaluator's answers kept per principal and per ARN (the glob's, the account's root) serve them all.
 */
let standIns:
  | { unprivileged: Candidate[]; unnamed: Candidate[]; outsider: Candidate[]; unnamedByPolicy: Candidate }
  | undefined;
function standInsFor(): NonNullable<typeof standIns> {
  if (standIns) return standIns;
  const nobody = roleWithoutPolicies('someone in this account with no permissions of its own', SOMEONE_HERE);
  const someone = roleWithoutPolicies('someone in this account', SOMEONE_HERE);
  const outsider: IamPrincipal = {
    ...roleWithoutPolicies('a principal of another account', SOMEONE_ELSEWHERE),
    account: [OTHER_ACCOUNT],
  };
  const base: RequestContext = new Map();
  base.set('aws:principalarn', [outsider.arn]);
  base.set('aws:principalaccount', [[OTHER_ACCOUNT]]);
  base.set('aws:principalisawsservice', [['false']]);
  base.set('aws:principalservicename', null);
  base.set('kms:calleraccount', [[OTHER_ACCOUNT]]);
  base.set('sts:externalid', null);
  for (const key of NETWORK_KEYS) base.set(key, null);
  standIns = {
    unprivileged: [inAccount(nobody, nobody.id, false)],
    unnamed: [inAccount(someone, 'a principal of this account the stack does not define, given IAM permissions', true)],
    outsider: [{ principal: outsider, fullIdentity: true, base, who: outsider.id }],
    unnamedByPolicy: inAccount(someone, 'someone the stack does not name', true),
  };
  return standIns;
}

function principalCandidates(view: IamView, question: Question): Candidate[] {
  const asker = question.asker;
  if ('principal' in asker) return [inAccount(asker.principal, asker.principal.id, false)];
  if ('anyone' in asker) {
    // A principal the resource policy neither names nor matches in a condition is, to that policy, the same as
    // someone the stack does not name: only the ones it may single out are asked about apart.
    const values = (question.resource.policy?.statements ?? []).flatMap((st) => [
      ...(st.principal && !st.principal.any ? [...st.principal.byType.values()].flat() : []),
      ...(st.notPrincipal && !st.notPrincipal.any ? [...st.notPrincipal.byType.values()].flat() : []),
      ...st.conditions.flatMap((c) => c.values),
    ]);
    const singledOut = (p: IamPrincipal) =>
      values.some((v) => globSym(v, p.arn) !== 'no' || globSym(v, p.name) !== 'no');
    const named = view.principals
      .filter((p) => p.kind !== 'service' && singledOut(p))
      .map((p) => inAccount(p, p.id, true));
    // Principals the resource policy names that the stack does not define (an administrator role of the account).
    const extra: Candidate[] = [];
    for (const st of question.resource.policy?.statements ?? []) {
      for (const id of st.principal && !st.principal.any ? (st.principal.byType.get('AWS') ?? []) : []) {
        if (
          literalOf(id) === '*' ||
          view.principals.some((p) => showSym(p.arn) === showSym(id)) ||
          extra.some((c) => showSym(c.principal.arn) === showSym(id))
        )
          continue;
        extra.push(inAccount(roleWithoutPolicies(showSym(id), id, st.location, id), showSym(id), true));
      }
    }
    // Principals a condition on aws:PrincipalArn singles out (exempted from a deny) that the stack does not define:
    // the deploying role exempted from VPC-endpoint pinning.
    for (const st of question.resource.policy?.statements ?? []) {
      for (const c of st.conditions) {
        if (c.key.toLowerCase() !== 'aws:principalarn') continue;
        for (const id of c.values) {
          if (
            literalOf(id)?.includes('*') ||
            view.principals.some((p) => showSym(p.arn) === showSym(id)) ||
            extra.some((x) => showSym(x.principal.arn) === showSym(id))
          )
            continue;
          extra.push(inAccount(roleWithoutPolicies(showSym(id), id, st.location, id), showSym(id), true));
        }
      }
    }
    return [standInsFor().unnamedByPolicy, ...named, ...extra];
  }
  if ('unprivileged' in asker) return standInsFor().unprivileged;
  if ('unnamed' in asker) return standInsFor().unnamed;
  if ('outsider' in asker) return standInsFor().outsider;
  const serviceName: Sym = typeof asker.service === 'string' ? [asker.service] : asker.service;
  const service = showSym(serviceName);
  let kept = serviceCandidates.get(view);
  if (!kept) {
    kept = new Map();
    serviceCandidates.set(view, kept);
  }
  const key = `${service} ${asker.forAccount}`;
  let candidates = kept.get(key);
  if (!candidates) {
    candidates = [serviceCandidate(view, serviceName, service, asker.forAccount)];
    kept.set(key, candidates);
  }
  return candidates;
}

/** Each service principal asking for this account or another, made once per view (as the stand-ins are). */
const serviceCandidates = new WeakMap<IamView, Map<string, Candidate[]>>();

function serviceCandidate(view: IamView, serviceName: Sym, service: string, forAccount: 'this' | 'other'): Candidate {
  const principal = view.principalById.get(`service:${service}`) ?? {
    id: `service:${service}`,
    kind: 'service' as const,
    name: serviceName,
    arn: serviceName,
    service,
    policies: [],
    unknownPolicies: [],
    duty: 'service' as const,
    location: { file: '(service principal)', line: 0 },
  };
  const base: RequestContext = new Map();
  base.set('aws:principalisawsservice', [['true']]);
  base.set('aws:principalservicename', [[service]]);
  base.set('aws:principalarn', null);
  base.set('aws:sourceaccount', [[forAccount === 'this' ? ACCOUNT : OTHER_ACCOUNT]]);
  base.set('kms:calleraccount', [[forAccount === 'this' ? ACCOUNT : OTHER_ACCOUNT]]);
  for (const key of NETWORK_KEYS) base.set(key, null);
  return {
    principal,
    fullIdentity: false,
    base,
    who: `${service} acting for ${forAccount === 'this' ? 'this account' : 'another account'}`,
  };
}

/** A value of a key that no policy mentions, one Sym per key for every question (the glob keeps its answers per Sym). */
const freshValues = new Map<string, Sym>();

/** The keys the requester chooses, each with the values worth trying. */
function freeKeys(question: Question, candidate: Candidate, docs: PolicyDoc[]): [string, (Sym[] | null)[]][] {
  const used = conditionKeys(docs);
  const fixedKeys = Object.keys(question.request ?? {}).map((k) => k.toLowerCase());
  const prefixes = fixedKeys.filter((k) => k.endsWith(':*')).map((k) => k.slice(0, -1));
  const fixed = { has: (k: string) => fixedKeys.includes(k) || prefixes.some((p) => k.startsWith(p)) };
  const out: [string, (Sym[] | null)[]][] = [];
  const asker = question.asker;
  const fresh = (key: string): Sym => {
    let value = freshValues.get(key);
    if (!value) {
      value = [{ tok: `another ${key}`, fresh: true }];
      freshValues.set(key, value);
    }
    return value;
  };
  if ('anyone' in asker || 'principal' in asker || 'unprivileged' in asker || 'unnamed' in asker) {
    for (const key of NETWORK_KEYS) {
      if (!used.has(key) || fixed.has(key)) continue;
      out.push([key, [...valuesFor(docs, key).map((v) => [v]), [fresh(key)], null]]);
    }
  }
  if ('service' in asker || 'outsider' in asker) {
    const other = ('service' in asker && asker.forAccount === 'other') || 'outsider' in asker;
    const mapped = (v: Sym) => (other ? inAnotherAccount(v) : v);
    const keys = [...used].filter(
      (k) =>
        (SOURCE_KEYS.includes(k) || k.startsWith('kms:encryptioncontext:') || k === 'kms:viaservice') && !fixed.has(k),
    );
    for (const key of keys) {
      if (key === 'aws:sourcearn' && !('service' in asker)) continue;
      const values = valuesFor(docs, key).map((v) => [mapped(v)]);
      out.push([
        key,
        [
          ...values,
          [fresh(key)],
          ...(key === 'kms:viaservice' || key.startsWith('kms:encryptioncontext:') ? [null] : []),
        ],
      ]);
    }
  }
  void candidate;
  return out;
}

function describe(value: Sym[] | null): string {
  return value === null ? 'absent' : value.map(showSym).join(', ');
}

function deniedTri(result: EvalResult): Tri {
  if (result.explicitDeny) return 'yes';
  return result.evidence
    .filter((e) => e.effect === 'Deny')
    .reduce<Tri>((acc, e) => or(acc, e.match === 'yes' ? 'yes' : e.match === 'maybe' ? 'maybe' : 'no'), 'no');
}

/** Every concrete request the question stands for, decided. */
export function ask(view: IamView, question: Question): Answer[] {
  const answers: Answer[] = [];
  const arns: Sym[] = isObjectAction(question.action)
    ? question.objectKey !== undefined
      ? [
          sym(
            question.resource.arn,
            '/',
            typeof question.objectKey === 'string' ? [question.objectKey] : question.objectKey,
          ),
        ]
      : capabilityArns(view, question.resource, question.action)
    : [question.resource.arn];
  for (const candidate of principalCandidates(view, question)) {
    const docs = documentsOf(view, question, candidate.principal);
    const base: RequestContext = new Map(candidate.base);
    base.set('aws:securetransport', [['true']]);
    if (/^s3:/i.test(question.action)) base.set('s3:tlsversion', [['1.2']]);
    for (const [key, value] of Object.entries(question.request ?? {})) {
      const k = key.toLowerCase();
      // `prefix:*`: every key of that family the policies mention and the question does not fix (an encryption
      // context that is exactly the keys named, and nothing else).
      const explicit = new Set(Object.keys(question.request ?? {}).map((x) => x.toLowerCase()));
      const keys = k.endsWith(':*')
        ? [...conditionKeys(docs)].filter((c) => c.startsWith(k.slice(0, -1)) && !explicit.has(c))
        : [k];
      for (const one of keys) {
        if (value === undefined) base.delete(one);
        else base.set(one, value === null ? null : symsOf(value));
      }
    }
    let combos: { context: RequestContext; notes: string[] }[] = [{ context: base, notes: [] }];
    for (const [key, values] of freeKeys(question, candidate, docs)) {
      const next: { context: RequestContext; notes: string[] }[] = [];
      for (const combo of combos)
        for (const value of values) {
          if (next.length >= MAX_REQUESTS) break;
          const context = new Map(combo.context);
          context.set(key, value);
          next.push({ context, notes: [...combo.notes, `${key} ${describe(value)}`] });
        }
      combos = next;
    }
    for (const arn of arns) {
      // The same request in every context: what no request key can change is worked out once.
      const prepared = prepareRequest(view, {
        principal: candidate.principal,
        action: question.action,
        resource: arn,
        target: question.resource,
        fullIdentity: candidate.fullIdentity,
      });
      for (const { context, notes } of combos) {
        const result = decideRequest(view, prepared, context);
        const on = arns.length > 1 || question.objectKey !== undefined ? ` on ${showSym(arn)}` : '';
        // The result is this request's own (decideRequest makes a new one each time): it becomes the answer, not a
        // copy of it (copying each answer's properties was a sixth of isolated-processing's rules stage).
        const answer = result as Answer;
        answer.denied = deniedTri(result);
        answer.as = `${candidate.who}${on}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
        answer.principal = candidate.principal;
        answers.push(answer);
      }
    }
  }
  return answers;
}

/** The answer that lets the most through (explicit denies below implicit ones). */
export function mostPermissive(answers: Answer[]): Answer | undefined {
  let best: Answer | undefined;
  for (const a of answers) if (!best || strength(a) > strength(best)) best = a;
  return best;
}
