// Policy documents into statements: the one reader of IAM policy JSON. A document arrives as a JSON string, a
// structured object (CloudFormation), a TemplateValue (jsonencode over unknown ARNs, or an aws_iam_policy_document
// the loader rendered around unknowns: the JSON text with holes), or an UnknownValue (a policy only apply can tell).
import { decodeJson } from '../../load/terraform/values.ts';
import { isObjectValue as isPlainObject } from '../../load/values.ts';
import type { SourceLocation, Value } from '../../load/types.ts';
import { isTemplateValue, isUnknownValue } from '../../load/values.ts';
import type { Sym } from './symbolic.ts';

export type Effect = 'Allow' | 'Deny';

export interface ConditionClause {
  /** As written: `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  key: string;
  values: Sym[];
}

/** `*` (anyone) or principals by type: `AWS` (ARNs, account ids), `Service`, `Federated`, `CanonicalUser`. */
export type PrincipalSpec = { any: true } | { any: false; byType: Map<string, Sym[]> };

export interface Statement {
  sid?: string;
  effect: Effect;
  actions?: Sym[];
  notActions?: Sym[];
  resources?: Sym[];
  notResources?: Sym[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionClause[];
  /** Something in the statement could not be read (an unknown list, an unknown effect): it decides nothing for sure. */
  opaque: boolean;
  location: SourceLocation;
  /** Where the statement came from: `aws_iam_role_policy.processor`, `AWSLambdaBasicExecutionRole`. */
  origin: string;
}

export interface PolicyDoc {
  statements: Statement[];
  /** The document (or part of it) is known only after apply. */
  unknown: boolean;
  origin: string;
  location: SourceLocation;
}

export type ToSym = (value: Value) => Sym;

/** A policy value in any of its shapes → a structured JSON value (or undefined when only apply can tell). */
export function structured(value: Value | undefined): Value | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Value;
    } catch {
      return undefined;
    }
  }
  if (isTemplateValue(value)) return decodeJson(value);
  if (isUnknownValue(value)) return undefined;
  return value;
}

function asList(v: Value | undefined): Value[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? [...v] : [v];
}

function principalSpec(v: Value | undefined, toSym: ToSym): PrincipalSpec | undefined | 'opaque' {
  if (v === undefined || v === null) return undefined;
  if (v === '*') return { any: true };
  if (!isPlainObject(v)) return 'opaque';
  const byType = new Map<string, Sym[]>();
  for (const [type, ids] of Object.entries(v)) {
    const list = asList(ids);
    if (!list) continue;
    byType.set(type, list.map(toSym));
  }
  return { any: false, byType };
}

/** Statements of a structured JSON policy (`{Version, Statement}`). */
export function statementsOf(
  doc: Value | undefined,
  options: { toSym: ToSym; origin: string; location: (index: number) => SourceLocation },
): { statements: Statement[]; unknown: boolean } {
  if (!isPlainObject(doc)) return { statements: [], unknown: true };
  const raw = asList(doc['Statement']);
  if (!raw) return { statements: [], unknown: isUnknownValue(doc['Statement'] as Value) };
  const statements: Statement[] = [];
  let unknown = false;
  raw.forEach((s, index) => {
    if (!isPlainObject(s)) {
      unknown = true;
      return;
    }
    let opaque = false;
    const list = (key: string): Sym[] | undefined => {
      const v = s[key];
      if (v === undefined) return undefined;
      // A lone unknown is one value (an ARN from GetAtt, a reference); a list known only after apply matches
      // through its opaque token, which decides nothing.
      return asList(v)!.map(options.toSym);
    };
    const effectValue = s['Effect'];
    if (effectValue !== 'Allow' && effectValue !== 'Deny') opaque = true;
    const principal = principalSpec(s['Principal'], options.toSym);
    const notPrincipal = principalSpec(s['NotPrincipal'], options.toSym);
    if (principal === 'opaque' || notPrincipal === 'opaque') opaque = true;
    const conditions: ConditionClause[] = [];
    const cond = s['Condition'];
    if (cond !== undefined) {
      if (!isPlainObject(cond)) opaque = true;
      else
        for (const [operator, clauses] of Object.entries(cond)) {
          if (!isPlainObject(clauses)) {
            opaque = true;
            continue;
          }
          for (const [key, values] of Object.entries(clauses))
            conditions.push({ operator, key, values: (asList(values) ?? []).map(options.toSym) });
        }
    }
    const st: Statement = {
      effect: effectValue === 'Deny' ? 'Deny' : 'Allow',
      conditions,
      opaque,
      location: options.location(index),
      origin: options.origin,
    };
    if (typeof s['Sid'] === 'string') st.sid = s['Sid'];
    const actions = list('Action');
    if (actions) st.actions = actions;
    const notActions = list('NotAction');
    if (notActions) st.notActions = notActions;
    const resources = list('Resource');
    if (resources) st.resources = resources;
    const notResources = list('NotResource');
    if (notResources) st.notResources = notResources;
    if (principal && principal !== 'opaque') st.principal = principal;
    if (notPrincipal && notPrincipal !== 'opaque') st.notPrincipal = notPrincipal;
    st.opaque = opaque;
    statements.push(st);
  });
  return { statements, unknown };
}
