// What intrinsic functions see while a template is evaluated.
import type { Diagnostic, SkippedInput, UnknownValue, Value } from '../types.ts';
import type { JsonNode } from './json-positions.ts';
import { isTemplateValue as isTemplate, isUnknownValue as isUnknown } from '../values.ts';

export interface EvalContext {
  file: string;
  /** Parameter values (defaults and overrides); a parameter absent here evaluates to unknown. */
  parameters: Map<string, Value>;
  /** Declared parameter names (known or not). */
  parameterNames: Set<string>;
  resourceIds: Set<string>;
  mappings: JsonNode | undefined;
  /** Conditions evaluated so far; `undefined` in the map means unknown. */
  conditionValue(name: string, line: number): boolean | undefined;
  /** The parameters a condition reads, through the conditions it names. */
  conditionInputs?(name: string): string[];
  region: string | undefined;
  stackName: string | undefined;
  /** What the template uses but the loader cannot load (Fn::Transform values), shared with the stack. */
  skipped?: SkippedInput[];
  /** Transform: AWS::LanguageExtensions is declared (Fn::Length, Fn::ToJsonString are allowed). */
  languageExtensions?: boolean;
  /** Ref names a transform adds (SAM's `MyFunction.Alias` → the alias's logical id). */
  refAliases?: Map<string, string>;
  /** Logical ids referenced (Ref, GetAtt, Sub) while evaluating the current resource: dependency edges. */
  references: Set<string>;
  diagnostics: Diagnostic[];
}

export type Evaluate = (node: JsonNode, ctx: EvalContext) => Value;

export interface Intrinsic {
  name: string;
  evaluate(argument: JsonNode, ctx: EvalContext, evaluate: Evaluate, line: number): Value;
}

/** AWS::NoValue: removes the property or list element it stands in. Compared by identity. */
export const NO_VALUE: UnknownValue = Object.freeze({ kind: 'unknown', address: 'AWS::NoValue', attribute: 'Ref' });

export function unknown(address: string, attribute: string): UnknownValue {
  return { kind: 'unknown', address, attribute };
}

export { isTemplate, isUnknown };

/** Reports an error at `line` and returns an unknown standing for the failed expression. */
export function fail(ctx: EvalContext, line: number, code: string, message: string): UnknownValue {
  ctx.diagnostics.push({ severity: 'error', code, message, location: { file: ctx.file, line } });
  return unknown('error', code);
}

/** Joins string parts, collapsing to a plain string when every part is known. */
export function concatParts(parts: readonly (string | UnknownValue)[]): Value {
  const merged: (string | UnknownValue)[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += part;
    else if (part !== '') merged.push(part);
  }
  if (merged.every((part) => typeof part === 'string')) return merged.join('');
  return { kind: 'template', parts: merged };
}

/** String parts of a value that may be a string, a template or an unknown; undefined for anything else. */
export function partsOf(value: Value): (string | UnknownValue)[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (isUnknown(value)) return [value];
  if (isTemplate(value)) return [...value.parts];
  return undefined;
}
