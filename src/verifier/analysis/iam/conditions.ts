// Condition operators over a request context. A key the context does not decide yields `maybe` (conditional),
// never a guess; a key the context says is absent follows IAM's rules for missing keys.
import type { ConditionClause } from '../../model/iam/policy.ts';
import { and, globSym, literalOf, not, or, symEquals, type Sym, type Tri } from '../../model/iam/symbolic.ts';

/** Lower-cased condition key → its values in this request, or null when the request does not carry the key. */
export type RequestContext = Map<string, Sym[] | null>;

/** A context from plain strings; `null` marks a key the request does not carry. Use `ctx.set` for symbolic values. */
export function contextOf(entries: Record<string, string | string[] | null>): RequestContext {
  const ctx: RequestContext = new Map();
  for (const [k, v] of Object.entries(entries))
    ctx.set(k.toLowerCase(), v === null ? null : (Array.isArray(v) ? v : [v]).map((x) => [x]));
  return ctx;
}

function lookupKey(ctx: RequestContext, lower: string, families: readonly string[]): Sym[] | null | undefined {
  if (ctx.has(lower)) return ctx.get(lower);
  // kms:EncryptionContext:<k> (whose <k> may itself hold colons: aws:s3:arn) and other families may be declared as
  // a whole: `kms:encryptioncontext:*` → null says every key of the family the request does not name is absent.
  for (const family of families) if (ctx.has(family)) return ctx.get(family) === null ? null : undefined;
  return undefined;
}

/** The families a lower-cased key belongs to, shortest first: `kms:*`, `kms:encryptioncontext:*`, … */
function familiesOf(lower: string): string[] {
  const out: string[] = [];
  for (let colon = lower.indexOf(':'); colon > 0; colon = lower.indexOf(':', colon + 1))
    out.push(`${lower.slice(0, colon)}:*`);
  return out;
}

const hasVariable = (s: Sym) => s.some((p) => typeof p === 'string' && p.includes('${'));

function matchOne(base: string, policy: Sym, request: Sym): Tri {
  if (hasVariable(policy)) return 'maybe';
  switch (base) {
    case 'StringEquals':
      return symEquals(policy, request);
    case 'StringEqualsIgnoreCase':
      return globSym(policy, request, { wildcards: false, ignoreCase: true });
    // ArnEquals behaves as ArnLike in IAM: both accept wildcards.
    case 'StringLike':
    case 'ArnLike':
    case 'ArnEquals':
      return globSym(policy, request);
    case 'Bool': {
      const p = literalOf(policy)?.toLowerCase();
      const r = literalOf(request)?.toLowerCase();
      return p === undefined || r === undefined ? 'maybe' : p === r ? 'yes' : 'no';
    }
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const p = Number(literalOf(policy));
      const r = Number(literalOf(request));
      if (
        !Number.isFinite(p) ||
        !Number.isFinite(r) ||
        literalOf(policy) === undefined ||
        literalOf(request) === undefined
      )
        return 'maybe';
      const ok =
        base === 'NumericEquals'
          ? r === p
          : base === 'NumericLessThan'
            ? r < p
            : base === 'NumericLessThanEquals'
              ? r <= p
              : base === 'NumericGreaterThan'
                ? r > p
                : r >= p;
      return ok ? 'yes' : 'no';
    }
    default:
      return 'maybe';
  }
}

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};
/** Operators whose values we compare. */
const DECIDED = new Set([
  'StringEquals',
  'StringEqualsIgnoreCase',
  'StringLike',
  'ArnEquals',
  'ArnLike',
  'Bool',
  'NumericEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'Null',
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'ArnNotEquals',
  'ArnNotLike',
  'NumericNotEquals',
]);
/**
 * Every operator IAM has: for these a missing key is decided even when their values are not compared (dates, IP ranges,
 * binary).
 */
const KNOWN = new Set([
  ...DECIDED,
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'IpAddress',
  'NotIpAddress',
  'BinaryEquals',
]);

/** A clause's operator taken apart, and its key lower-cased with its families: once per clause, not per request. */
interface Parsed {
  set: 'any' | 'all' | undefined;
  ifExists: boolean;
  op: string;
  negatedBase: string | undefined;
  base: string;
  key: string;
  families: string[];
}
const parsedClauses = new WeakMap<ConditionClause, Parsed>();

function parseClause(clause: ConditionClause): Parsed {
  let parsed = parsedClauses.get(clause);
  if (parsed) return parsed;
  let op = clause.operator;
  let set: 'any' | 'all' | undefined;
  if (op.startsWith('ForAnyValue:')) {
    set = 'any';
    op = op.slice('ForAnyValue:'.length);
  } else if (op.startsWith('ForAllValues:')) {
    set = 'all';
    op = op.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (op.endsWith('IfExists')) {
    ifExists = true;
    op = op.slice(0, -'IfExists'.length);
  }
  const negatedBase = NEGATED[op];
  const key = clause.key.toLowerCase();
  parsed = { set, ifExists, op, negatedBase, base: negatedBase ?? op, key, families: familiesOf(key) };
  parsedClauses.set(clause, parsed);
  return parsed;
}

/** One condition clause (operator + key + values) against the request context. */
export function evaluateClause(clause: ConditionClause, ctx: RequestContext): Tri {
  const { set, ifExists, op, negatedBase, base, key, families } = parseClause(clause);
  if (!KNOWN.has(op)) return 'maybe';
  const request = lookupKey(ctx, key, families);
  if (request === undefined) return 'maybe';
  if (op === 'Null') {
    // Null: "true" means the key must be absent, "false" that it must be present.
    return clause.values.reduce<Tri>((acc, v) => {
      const want = literalOf(v)?.toLowerCase();
      const r: Tri =
        want === 'true'
          ? request === null
            ? 'yes'
            : 'no'
          : want === 'false'
            ? request === null
              ? 'no'
              : 'yes'
            : 'maybe';
      return or(acc, r);
    }, 'no');
  }
  // A key the request does not carry: ForAllValues holds (nothing to fail), ForAnyValue does not (nothing to match),
  // ...IfExists holds, a negated operator holds, any other does not.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  if (request === null || request.length === 0) {
    if (set === 'all') return 'yes';
    if (set === 'any') return 'no';
    if (ifExists) return 'yes';
    return negatedBase ? 'yes' : 'no';
  }
  if (!DECIDED.has(op)) return 'maybe';
  const anyPolicyMatches = (value: Sym): Tri =>
    clause.values.reduce<Tri>((acc, pv) => or(acc, matchOne(base, pv, value)), 'no');
  if (set === 'all') {
    // Every request value must satisfy the operator against some policy value.
    return request.reduce<Tri>(
      (acc, rv) => and(acc, negatedBase ? not(anyPolicyMatches(rv)) : anyPolicyMatches(rv)),
      'yes',
    );
  }
  if (set === 'any')
    return request.reduce<Tri>(
      (acc, rv) => or(acc, negatedBase ? not(anyPolicyMatches(rv)) : anyPolicyMatches(rv)),
      'no',
    );
  // Single-valued key: negated operators hold when no policy value matches.
  const r = request.reduce<Tri>((acc, rv) => or(acc, anyPolicyMatches(rv)), 'no');
  return negatedBase ? not(r) : r;
}

export function evaluateConditions(clauses: ConditionClause[], ctx: RequestContext): Tri {
  return clauses.reduce<Tri>((acc, c) => and(acc, evaluateClause(c, ctx)), 'yes');
}
