// What every family of built-in functions shares: the function table's shape, the context file functions read
// through, and argument checks and conversions as Terraform makes them.
import type { Value } from '../../types.ts';
import { EvalError, isList, isObject, toNumber, toStringValue, typeName, type ValueObject } from '../values.ts';

export interface FunctionContext {
  /** The module directory (path.module), absolute. */
  moduleDir: string;
  /** Reads a UTF-8 file relative to the root module (Terraform's working directory), recording it as evidence. */
  readFile(path: string): string;
  /**
   * The bytes of a file, recorded as evidence; undefined when there is no such file (yet): a file that plan makes,
   * such as archive_file's zip, gives an unknown rather than an error.
   */
  readBytes?(path: string): Buffer | undefined;
  fileExists(path: string): boolean;
  /** Every file (not directory) under `dir`, as paths relative to it with `/` separators; [] when dir is missing. */
  listFiles?(dir: string): string[];
  /** Evaluates a template string with the given variables (templatefile, templatestring). */
  renderTemplate(text: string, vars: ValueObject, file: string): Value;
}

export interface BuiltIn {
  /** Accepts unknown arguments and handles them itself. */
  symbolic?: boolean;
  call(args: Value[], ctx: FunctionContext): Value;
}

export type FunctionTable = ReadonlyArray<readonly [string, BuiltIn]>;

export function str(value: Value, what: string): string {
  const result = toStringValue(value, what);
  if (typeof result !== 'string') throw new EvalError(`${what} is not known`);
  return result;
}

export function num(value: Value, what: string): number {
  if (value === null) throw new EvalError(`${what} must not be null`);
  return toNumber(value, what);
}

/** A whole number, as Terraform's integer parameters demand. */
export function int(value: Value, what: string): number {
  const n = num(value, what);
  if (!Number.isInteger(n)) throw new EvalError(`${what} must be a whole number, got ${n}`);
  return n;
}

export function arity(name: string, args: readonly Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new EvalError(`${name}() takes ${expected} argument(s), got ${args.length}`);
  }
}

/** A list, tuple or set (sets are lists here); maps and objects are not. */
export function sequence(value: Value, what: string): readonly Value[] {
  if (isList(value)) return value;
  throw new EvalError(`${what} must be a list, tuple or set, got ${typeName(value)}`);
}

/** Values of a collection: a list's elements or a map's values in key order. */
export function collection(value: Value, what: string): readonly Value[] {
  if (isList(value)) return value;
  if (isObject(value))
    return Object.keys(value)
      .sort()
      .map((key) => value[key]!);
  throw new EvalError(`${what} must be a collection, got ${typeName(value)}`);
}

export function stringFn(name: string, fn: (s: string, args: Value[]) => Value, min = 1, max = min): BuiltIn {
  return {
    call(args) {
      arity(name, args, min, max);
      if (args[0] === null) throw new EvalError(`${name}(): the argument must not be null`);
      return fn(str(args[0]!, `${name}() argument`), args);
    },
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;
let segmenter: Intl.Segmenter | undefined;

/** Terraform counts and slices strings by grapheme cluster (`length("👾🕹️")` is 2). */
export function graphemes(s: string): string[] {
  if (ASCII.test(s)) return s.split('');
  segmenter ??= new Intl.Segmenter();
  const out: string[] = [];
  for (const { segment } of segmenter.segment(s)) out.push(segment);
  return out;
}

export function graphemeCount(s: string): number {
  if (ASCII.test(s)) return s.length;
  segmenter ??= new Intl.Segmenter();
  let count = 0;
  for (const _ of segmenter.segment(s)) count++;
  return count;
}
