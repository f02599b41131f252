// Value helpers shared by the evaluator and the functions: unknowns and templates, conversions, equality, and
// JSON encoding/decoding that keeps unknowns in place.
import type { TemplateValue, UnknownValue, Value } from '../types.ts';

/**
 * An evaluation error: it becomes a diagnostic (message and line) or is caught by try()/can() and validations, never
 * shown with a stack. It captures none: validations are asked dozens of candidate values each, and capturing a stack
 * trace for every refusal cost more than evaluating (bench:verify).
 */
export class EvalError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'EvalError';
    if (line !== undefined) this.line = line;
  }
}

/**
 * A reference to something not declared: Terraform rejects it before evaluating, so try() and can() do not catch it.
 */
export class UndeclaredReferenceError extends EvalError {
  constructor(message: string, line?: number) {
    super(message, line);
    this.name = 'UndeclaredReferenceError';
  }
}

export type ValueObject = { readonly [key: string]: Value };

export function unknown(address: string, attribute = ''): UnknownValue {
  return { kind: 'unknown', address, attribute };
}

export function isUnknown(value: unknown): value is UnknownValue {
  return (
    isPlainRecord(value) &&
    value['kind'] === 'unknown' &&
    typeof value['address'] === 'string' &&
    typeof value['attribute'] === 'string' &&
    Object.keys(value).length === 3
  );
}

export function isTemplate(value: unknown): value is TemplateValue {
  return (
    isPlainRecord(value) &&
    value['kind'] === 'template' &&
    Array.isArray(value['parts']) &&
    Object.keys(value).length === 2
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A symbolic value: unknown, or a string with unknown parts. */
export function isSymbolic(value: Value): value is UnknownValue | TemplateValue {
  return isUnknown(value) || isTemplate(value);
}

export function isObject(value: Value): value is ValueObject {
  return isPlainRecord(value) && !isUnknown(value) && !isTemplate(value);
}

export function isList(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

/** The first unknown anywhere inside a value (depth-first), if any. */
export function firstUnknown(value: Value): UnknownValue | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (isUnknown(value)) return value;
  if (isTemplate(value)) return value.parts.find((part): part is UnknownValue => typeof part !== 'string');
  const items = Array.isArray(value) ? (value as readonly Value[]) : Object.values(value as ValueObject);
  for (const item of items) {
    const found = firstUnknown(item);
    if (found) return found;
  }
  return undefined;
}

/** Builds a string or, when some parts are unknown, a TemplateValue (adjacent strings merged). */
export function template(parts: readonly (string | UnknownValue | TemplateValue)[]): string | TemplateValue {
  const out: (string | UnknownValue)[] = [];
  const add = (part: string | UnknownValue) => {
    if (typeof part === 'string') {
      if (part === '') return;
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + part;
      else out.push(part);
    } else {
      out.push(part);
    }
  };
  for (const part of parts) {
    if (typeof part === 'string' || isUnknown(part)) add(part);
    else for (const inner of part.parts) add(inner);
  }
  if (out.every((part) => typeof part === 'string')) return out.join('');
  return { kind: 'template', parts: out };
}

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (isUnknown(value)) return 'unknown';
  if (isTemplate(value)) return 'string';
  if (Array.isArray(value)) return 'list';
  return 'object';
}

/** Terraform's conversion to string: numbers and bools convert; collections do not. */
export function toStringValue(value: Value, what = 'value'): string | UnknownValue | TemplateValue {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) throw new EvalError(`${what} is null where a string is required`);
  if (isUnknown(value) || isTemplate(value)) return value;
  throw new EvalError(`${what}: cannot convert ${typeName(value)} to string`);
}

/**
 * A number as Terraform prints it: every digit, never an exponent (`1e21` is `1000000000000000000000`). Terraform
 * keeps 512-bit floats where we keep doubles, so a long fraction may differ in its last digits.
 */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  const text = String(value);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, first, rest = '', power] = exponent;
  const digits = first! + rest;
  const shift = Number(power);
  if (shift >= 0)
    return (
      sign +
      (shift >= rest.length
        ? digits + '0'.repeat(shift - rest.length)
        : `${digits.slice(0, shift + 1)}.${digits.slice(shift + 1)}`)
    );
  return `${sign}0.${'0'.repeat(-shift - 1)}${digits}`;
}

/** Terraform's number syntax for strings converted to numbers: decimal, optional fraction and exponent, no spaces. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function toNumber(value: Value, what = 'value'): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
  throw new EvalError(`${what}: cannot convert ${typeName(value)} ${JSON.stringify(value)} to number`);
}

/**
 * Terraform's type unification for primitives, as list, set and map conversions (and a conditional's two results)
 * make it: strings absorb numbers and bools (`[1, "a"]` → `["1", "a"]`); numbers and bools have no common type.
 * Collections and unknowns are left as they are.
 */
export function unifyPrimitives(items: readonly Value[], what: string): Value[] {
  const kinds = new Set<string>();
  for (const item of items) {
    if (typeof item === 'string' || isTemplate(item)) kinds.add('string');
    else if (typeof item === 'number') kinds.add('number');
    else if (typeof item === 'boolean') kinds.add('bool');
    else if (item !== null && !isUnknown(item)) return [...items];
  }
  if (kinds.size <= 1) return [...items];
  if (!kinds.has('string')) throw new EvalError(`${what}: number and bool have no common type`);
  return items.map((item) =>
    typeof item === 'number' || typeof item === 'boolean' ? (toStringValue(item) as string) : item,
  );
}

/** Terraform's arithmetic is exact to far more digits than a double: drop the double's noise (0.1 + 0.2 is 0.3). */
export function tidyNumber(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const rounded = Number(value.toPrecision(15));
  return Math.abs(rounded - value) <= Number.EPSILON * Math.abs(value) * 4 ? rounded : value;
}

export function toBool(value: Value, what = 'value'): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new EvalError(`${what}: cannot convert ${typeName(value)} ${JSON.stringify(value)} to bool`);
}

export function toList(value: Value, what = 'value'): readonly Value[] {
  if (Array.isArray(value)) return value;
  throw new EvalError(`${what} must be a list, got ${typeName(value)}`);
}

export function toObject(value: Value, what = 'value'): ValueObject {
  if (isObject(value)) return value;
  throw new EvalError(`${what} must be a map or object, got ${typeName(value)}`);
}

/** Deep equality on known values; numbers and their string forms are not equal (as in Terraform). */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as readonly Value[];
    return a.length === bl.length && a.every((item, i) => equal(item, bl[i]!));
  }
  const ao = a as ValueObject;
  const bo = b as ValueObject;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((key) => key in bo && equal(ao[key]!, bo[key]!));
}

/** Lists that are Terraform sets (from toset, the set functions, set-typed variables): for_each takes only these. */
const sets = new WeakSet<readonly Value[]>();

export function isSet(value: Value): boolean {
  return Array.isArray(value) && sets.has(value);
}

/** Sets: distinct elements; strings and numbers sorted the way Terraform orders sets of primitives. */
export function toSet(list: readonly Value[]): Value[] {
  let out: Value[] = [];
  for (const item of unifyPrimitives(list, 'set elements'))
    if (isUnknown(item) || !out.some((existing) => equal(existing, item))) out.push(item);
  if (out.every((item) => typeof item === 'string')) out = (out as string[]).sort(compareStrings);
  else if (out.every((item) => typeof item === 'number')) out = (out as number[]).sort((x, y) => x - y);
  else if (out.every((item) => typeof item === 'boolean'))
    out = (out as boolean[]).sort((x, y) => Number(x) - Number(y));
  sets.add(out);
  return out;
}

/** Go's string order (bytewise UTF-8), which is what Terraform sorts by. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const PLACEHOLDER = /__ENCLAVE_UNKNOWN_(\d+)__/g;

/** What Go's encoding/json escapes in its output: the HTML-unsafe characters, and U+2028 and U+2029. */
const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Terraform's jsonencode, except that unknowns stay symbolic: the result is a TemplateValue whose text is the JSON
 * with each unknown standing where its string would be (`{"Resource":"` unknown `/*"}`), so it stays parseable
 * with `decodeJson`.
 */
export function jsonEncode(
  value: Value,
  options: { sortKeys?: boolean; indent?: number } = {},
): string | TemplateValue {
  const sortKeys = options.sortKeys ?? true;
  const unknowns: UnknownValue[] = [];
  const replace = (v: Value): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (isUnknown(v)) {
      unknowns.push(v);
      return `__ENCLAVE_UNKNOWN_${unknowns.length - 1}__`;
    }
    if (isTemplate(v)) {
      return v.parts
        .map((part) => {
          if (typeof part === 'string') return part;
          unknowns.push(part);
          return `__ENCLAVE_UNKNOWN_${unknowns.length - 1}__`;
        })
        .join('');
    }
    if (Array.isArray(v)) return v.map(replace);
    const out: Record<string, unknown> = {};
    const keys = Object.keys(v);
    for (const key of sortKeys ? keys.sort() : keys) out[key] = replace((v as ValueObject)[key]!);
    return out;
  };
  // Go's encoding/json escapes these five: one pass over the text, and none when it holds none of them.
  const json = JSON.stringify(replace(value), null, options.indent);
  const text = HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE_ALL, (c) => HTML_ESCAPES[c]!) : json;
  return splitPlaceholders(text, unknowns);
}

function splitPlaceholders(text: string, unknowns: readonly UnknownValue[]): string | TemplateValue {
  if (unknowns.length === 0) return text;
  const parts: (string | UnknownValue)[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index));
    parts.push(unknowns[Number(match[1])]!);
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return template(parts);
}

/** A quote, or a backslash escaping the character after it (inside a JSON string). */
const QUOTE_OR_ESCAPE = /["\\]/g;

/**
 * Parses JSON text that may contain unknowns (a TemplateValue from jsonencode, an aws_iam_policy_document's `json`,
 * or a heredoc with interpolations): unknown parts come back as UnknownValue, or as TemplateValue inside a string
 * that also has known text. Returns undefined when the text is not JSON (or an unknown sits outside a string).
 */
export function decodeJson(value: Value): Value | undefined {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Value;
    } catch {
      return undefined;
    }
  }
  if (isUnknown(value)) return undefined;
  if (!isTemplate(value)) return undefined;
  // Each unknown becomes a placeholder: inside a JSON string as it is, outside one (`{"Resource": ${arn}}`) quoted,
  // so the text parses either way and every unknown comes back where it stood.
  const unknowns: UnknownValue[] = [];
  let text = '';
  let inString = false;
  for (const part of value.parts) {
    if (typeof part !== 'string') {
      const placeholder = `__ENCLAVE_UNKNOWN_${unknowns.length}__`;
      unknowns.push(part);
      text += inString ? placeholder : `"${placeholder}"`;
      continue;
    }
    // Only quotes and (inside a string) backslashes change whether the text stands in a string: jump between them,
    // not from character to character (a policy of a few kilobytes was a string concatenation per character).
    QUOTE_OR_ESCAPE.lastIndex = 0;
    for (let m = QUOTE_OR_ESCAPE.exec(part); m; m = QUOTE_OR_ESCAPE.exec(part)) {
      if (m[0] === '"') inString = !inString;
      else if (inString) QUOTE_OR_ESCAPE.lastIndex = m.index + 2;
    }
    text += part;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (unknowns.length === 0) return parsed as Value;
  const restore = (v: unknown): Value => {
    if (typeof v === 'string') {
      if (!v.includes('__ENCLAVE_UNKNOWN_')) return v;
      const result = splitPlaceholders(v, unknowns);
      if (isTemplate(result) && result.parts.length === 1) return result.parts[0]!;
      return result;
    }
    if (Array.isArray(v)) return v.map(restore);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(v)) out[key] = restore(item);
      return out;
    }
    return v as Value;
  };
  return restore(parsed);
}
