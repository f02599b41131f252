// data "aws_iam_policy_document": its `json` and `minified_json`, rendered the way the AWS provider renders them —
// Version, Id, then statements with Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
// NotPrincipal, Condition; a single value as a string, several as a list; source_policy_documents merged first
// (a statement of this document replaces a source statement with the same Sid), override_policy_documents last
// (replacing statements with the same Sid, appending the others). Unknowns stay in place: the result is a
// TemplateValue whose text is JSON (see decodeJson).
import type { TemplateValue, Value } from '../types.ts';
import {
  decodeJson,
  isList,
  isObject,
  isSymbolic,
  isUnknown,
  jsonEncode,
  equal,
  unknown,
  type ValueObject,
} from './values.ts';

type Statement = Record<string, Value>;

function stringsOf(value: Value | undefined): Value[] {
  if (value === undefined || value === null) return [];
  if (isList(value)) {
    const out: Value[] = [];
    for (const item of value) if (isSymbolic(item) || !out.some((existing) => equal(existing, item))) out.push(item);
    return out;
  }
  return [value];
}

function single(values: Value[]): Value {
  return values.length === 1 ? values[0]! : values;
}

function blocks(value: Value | undefined): ValueObject[] {
  if (!value || !isList(value)) return [];
  return value.filter(isObject);
}

function principals(list: ValueObject[]): Value | undefined {
  if (list.length === 0) return undefined;
  const byType: Record<string, Value[]> = {};
  for (const block of list) {
    const type = block['type'];
    if (typeof type !== 'string') return unknown('principals', 'type');
    const ids = stringsOf(block['identifiers']);
    (byType[type] ??= []).push(...ids);
  }
  if (Object.keys(byType).length === 1 && byType['*'] && byType['*'].every((id) => id === '*')) return '*';
  const out: Record<string, Value> = {};
  for (const [type, ids] of Object.entries(byType)) out[type] = single(ids);
  return out;
}

function conditions(list: ValueObject[]): Value | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, Record<string, Value>> = {};
  for (const block of list) {
    const test = block['test'];
    const variable = block['variable'];
    if (typeof test !== 'string' || typeof variable !== 'string') continue;
    const values = stringsOf(block['values']);
    const existing = (out[test] ??= {})[variable];
    out[test]![variable] = existing === undefined ? single(values) : single([...stringsOf(existing), ...values]);
  }
  return out;
}

function statementOf(block: ValueObject): Statement {
  const out: Statement = {};
  const sid = block['sid'];
  if (sid !== undefined && sid !== null && sid !== '') out['Sid'] = sid;
  out['Effect'] = block['effect'] ?? 'Allow';
  const put = (key: string, value: Value | undefined) => {
    const values = stringsOf(value);
    if (isUnknown(value ?? null)) out[key] = value!;
    else if (values.length > 0) out[key] = single(values);
  };
  put('Action', block['actions']);
  put('NotAction', block['not_actions']);
  put('Resource', block['resources']);
  put('NotResource', block['not_resources']);
  const principal = principals(blocks(block['principals']));
  if (principal !== undefined) out['Principal'] = principal;
  const notPrincipal = principals(blocks(block['not_principals']));
  if (notPrincipal !== undefined) out['NotPrincipal'] = notPrincipal;
  const condition = conditions(blocks(block['condition']));
  if (condition !== undefined) out['Condition'] = condition;
  return out;
}

function statementsOfDocument(document: Value): Statement[] | undefined {
  if (!isObject(document)) return undefined;
  const statement = document['Statement'];
  if (statement === undefined || statement === null) return [];
  if (isList(statement)) return statement.filter(isObject).map((s) => ({ ...s }));
  if (isObject(statement)) return [{ ...statement }];
  return undefined;
}

function mergeBySid(base: Statement[], incoming: Statement[]): Statement[] {
  const out = [...base];
  for (const statement of incoming) {
    const sid = statement['Sid'];
    const at = typeof sid === 'string' && sid !== '' ? out.findIndex((existing) => existing['Sid'] === sid) : -1;
    if (at >= 0) out[at] = statement;
    else out.push(statement);
  }
  return out;
}

export interface RenderedPolicy {
  json: string | TemplateValue | Value;
  minified_json: string | TemplateValue | Value;
}

/** `address` names the data source, for unknown results (a source document that is itself unknown). */
export function renderPolicyDocument(attributes: ValueObject, address: string): RenderedPolicy {
  const unknownResult = (): RenderedPolicy => ({
    json: unknown(address, 'json'),
    minified_json: unknown(address, 'minified_json'),
  });
  const documents = (value: Value | undefined): Statement[][] | undefined => {
    const out: Statement[][] = [];
    for (const item of stringsOf(value)) {
      const decoded = decodeJson(item);
      const statements = decoded === undefined ? undefined : statementsOfDocument(decoded);
      if (!statements) return undefined;
      out.push(statements);
    }
    return out;
  };
  const sources = documents(attributes['source_policy_documents']);
  const overrides = documents(attributes['override_policy_documents']);
  const legacySource =
    attributes['source_json'] !== undefined && attributes['source_json'] !== null
      ? documents([attributes['source_json']])
      : [];
  const legacyOverride =
    attributes['override_json'] !== undefined && attributes['override_json'] !== null
      ? documents([attributes['override_json']])
      : [];
  if (!sources || !overrides || !legacySource || !legacyOverride) return unknownResult();

  let statements: Statement[] = [];
  for (const source of [...legacySource, ...sources]) statements.push(...source);
  statements = mergeBySid(statements, blocks(attributes['statement']).map(statementOf));
  for (const override of [...legacyOverride, ...overrides]) statements = mergeBySid(statements, override);

  const policy: Record<string, Value> = { Version: attributes['version'] ?? '2012-10-17' };
  const id = attributes['policy_id'];
  if (id !== undefined && id !== null) policy['Id'] = id;
  policy['Statement'] = statements;
  return {
    json: jsonEncode(policy, { sortKeys: false, indent: 2 }),
    minified_json: jsonEncode(policy, { sortKeys: false }),
  };
}
