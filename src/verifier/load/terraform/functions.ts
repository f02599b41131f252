// Terraform's built-in functions, as configurations use them. A function that is not `symbolic` never sees an
// unknown: when any argument holds one, the call evaluates to that unknown (same identity). `try` and `can` are
// special forms in the evaluator, and `templatefile` is given the evaluator through the context.
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import type { UnknownValue, Value } from '../types.ts';
import { cidrHost, cidrNetmask, cidrSubnet } from './cidr.ts';
import {
  EvalError,
  equal,
  firstUnknown,
  isList,
  isObject,
  isSymbolic,
  isTemplate,
  isUnknown,
  jsonEncode,
  decodeJson,
  template,
  toBool,
  toList,
  toNumber,
  toObject,
  toSet,
  toStringValue,
  typeName,
  unknown,
  type ValueObject,
} from './values.ts';

export interface FunctionContext {
  /** The module directory (path.module), absolute. */
  moduleDir: string;
  /** Reads a file relative to the module, recording it as evidence. */
  readFile(path: string): string;
  fileExists(path: string): boolean;
  /** Evaluates a template string with the given variables (templatefile). */
  renderTemplate(text: string, vars: ValueObject, file: string): Value;
}

interface BuiltIn {
  /** Accepts unknown arguments and handles them itself. */
  symbolic?: boolean;
  /** Result is unknown whatever the arguments (timestamp, uuid…). */
  call(args: Value[], ctx: FunctionContext): Value;
}

function str(value: Value, what: string): string {
  const result = toStringValue(value, what);
  if (typeof result !== 'string') throw new EvalError(`${what} is not known`);
  return result;
}

function num(value: Value, what: string): number {
  return toNumber(value, what);
}

function arity(name: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new EvalError(`${name}() takes ${expected} argument(s), got ${args.length}`);
  }
}

function collection(value: Value, what: string): readonly Value[] {
  if (isList(value)) return value;
  if (isObject(value)) return Object.keys(value).sort().map((key) => value[key]!);
  throw new EvalError(`${what} must be a collection, got ${typeName(value)}`);
}

function stringFn(name: string, fn: (s: string, args: Value[]) => Value, min = 1, max = min): BuiltIn {
  return {
    call(args) {
      arity(name, args, min, max);
      return fn(str(args[0]!, `${name}() argument`), args);
    },
  };
}

/** Terraform's regex syntax (RE2) is close to JavaScript's for what configurations use; named groups differ. */
function compileRegex(pattern: string, flags = ''): RegExp {
  const translated = pattern.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(translated, flags);
  } catch (error) {
    throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

function regexResult(match: RegExpMatchArray): Value {
  if (match.groups && Object.keys(match.groups).length > 0) {
    const out: Record<string, Value> = {};
    for (const [key, value] of Object.entries(match.groups)) out[key] = value ?? null;
    return out;
  }
  if (match.length > 1) return match.slice(1).map((group) => group ?? null);
  return match[0];
}

/** Go's fmt verbs as Terraform's format() supports them. */
function format(spec: string, args: Value[]): Value {
  const parts: (string | UnknownValue | import('../types.ts').TemplateValue)[] = [];
  let argIndex = 0;
  let i = 0;
  let literal = '';
  while (i < spec.length) {
    const char = spec[i]!;
    if (char !== '%') {
      literal += char;
      i++;
      continue;
    }
    if (spec[i + 1] === '%') {
      literal += '%';
      i += 2;
      continue;
    }
    const match = /^%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z])/.exec(spec.slice(i));
    if (!match) throw new EvalError(`format(): invalid verb in ${JSON.stringify(spec)}`);
    i += match[0].length;
    const [, flagText = '', widthText, precisionText, verb] = match;
    if (argIndex >= args.length) throw new EvalError(`format(): not enough arguments for ${JSON.stringify(spec)}`);
    const arg = args[argIndex++]!;
    parts.push(literal);
    literal = '';
    if (isSymbolic(arg)) {
      parts.push(arg);
      continue;
    }
    let text: string;
    switch (verb) {
      case 's':
        text = str(arg, 'format() argument');
        break;
      case 'q':
        text = JSON.stringify(str(arg, 'format() argument'));
        break;
      case 'd':
        text = String(Math.trunc(num(arg, 'format() argument')));
        if (flagText.includes('+') && !text.startsWith('-')) text = '+' + text;
        break;
      case 'f':
      case 'e':
      case 'g': {
        const n = num(arg, 'format() argument');
        const precision = precisionText === undefined ? undefined : Number(precisionText);
        text = verb === 'f' ? n.toFixed(precision ?? 6) : verb === 'e' ? n.toExponential(precision ?? 6) : String(n);
        break;
      }
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        const base = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
        text = Math.trunc(num(arg, 'format() argument')).toString(base);
        if (verb === 'X') text = text.toUpperCase();
        break;
      }
      case 't':
        text = toBool(arg, 'format() argument') ? 'true' : 'false';
        break;
      case 'v':
        text = typeof arg === 'string' ? arg : typeof arg === 'number' || typeof arg === 'boolean' ? String(arg) : JSON.stringify(arg);
        break;
      default:
        throw new EvalError(`format(): unsupported verb %${verb}`);
    }
    if (widthText !== undefined) {
      const width = Number(widthText);
      if (flagText.includes('-')) text = text.padEnd(width);
      else text = text.padStart(width, flagText.includes('0') && verb !== 's' ? '0' : ' ');
    }
    parts.push(text);
  }
  parts.push(literal);
  return template(parts);
}

function flatten(list: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const item of list) {
    if (isList(item)) out.push(...flatten(item));
    else out.push(item);
  }
  return out;
}

function base64Decode(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new EvalError('base64decode(): the string is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

const hash = (algorithm: string) => stringFn(algorithm, (s) => createHash(algorithm).update(s).digest('hex'));

export const FUNCTIONS: ReadonlyMap<string, BuiltIn> = new Map<string, BuiltIn>([
  // --- encoding
  ['jsonencode', { symbolic: true, call: (args) => (arity('jsonencode', args, 1), jsonEncode(args[0]!)) }],
  [
    'jsondecode',
    {
      symbolic: true,
      call(args) {
        arity('jsondecode', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg)) return arg;
        const decoded = decodeJson(arg);
        if (decoded === undefined) {
          if (isTemplate(arg)) return firstUnknown(arg)!;
          throw new EvalError('jsondecode(): the string is not valid JSON');
        }
        return decoded;
      },
    },
  ],
  ['base64encode', stringFn('base64encode', (s) => Buffer.from(s, 'utf8').toString('base64'))],
  ['base64decode', stringFn('base64decode', (s) => base64Decode(s))],
  ['base64sha256', stringFn('base64sha256', (s) => createHash('sha256').update(s).digest('base64'))],
  ['base64sha512', stringFn('base64sha512', (s) => createHash('sha512').update(s).digest('base64'))],
  ['urlencode', stringFn('urlencode', (s) => encodeURIComponent(s).replace(/%20/g, '+'))],
  ['sha1', hash('sha1')],
  ['sha256', hash('sha256')],
  ['sha512', hash('sha512')],
  ['md5', hash('md5')],
  ['uuid', { call: (args) => (arity('uuid', args, 0), unknown('uuid()', '')) }],
  ['timestamp', { call: (args) => (arity('timestamp', args, 0), unknown('timestamp()', '')) }],
  ['plantimestamp', { call: (args) => (arity('plantimestamp', args, 0), unknown('plantimestamp()', '')) }],
  // --- strings
  ['lower', stringFn('lower', (s) => s.toLowerCase())],
  ['upper', stringFn('upper', (s) => s.toUpperCase())],
  ['title', stringFn('title', (s) => s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()))],
  ['trimspace', stringFn('trimspace', (s) => s.trim())],
  ['chomp', stringFn('chomp', (s) => s.replace(/(\r\n|\n|\r)+$/, ''))],
  ['strrev', stringFn('strrev', (s) => [...s].reverse().join(''))],
  ['trimprefix', stringFn('trimprefix', (s, args) => {
    const prefix = str(args[1]!, 'trimprefix() prefix');
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  }, 2)],
  ['trimsuffix', stringFn('trimsuffix', (s, args) => {
    const suffix = str(args[1]!, 'trimsuffix() suffix');
    return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  }, 2)],
  ['trim', stringFn('trim', (s, args) => {
    const chars = new Set([...str(args[1]!, 'trim() characters')]);
    const list = [...s];
    let start = 0;
    let end = list.length;
    while (start < end && chars.has(list[start]!)) start++;
    while (end > start && chars.has(list[end - 1]!)) end--;
    return list.slice(start, end).join('');
  }, 2)],
  ['startswith', stringFn('startswith', (s, args) => s.startsWith(str(args[1]!, 'startswith() prefix')), 2)],
  ['endswith', stringFn('endswith', (s, args) => s.endsWith(str(args[1]!, 'endswith() suffix')), 2)],
  ['strcontains', stringFn('strcontains', (s, args) => s.includes(str(args[1]!, 'strcontains() substring')), 2)],
  ['substr', stringFn('substr', (s, args) => {
    const chars = [...s];
    let offset = num(args[1]!, 'substr() offset');
    let length = num(args[2]!, 'substr() length');
    if (offset < 0) offset = chars.length + offset;
    if (offset < 0 || offset > chars.length) throw new EvalError('substr(): offset is out of range');
    if (length < 0) length = chars.length - offset;
    return chars.slice(offset, offset + length).join('');
  }, 3)],
  ['indent', {
    call(args) {
      arity('indent', args, 2);
      const spaces = ' '.repeat(num(args[0]!, 'indent() spaces'));
      return str(args[1]!, 'indent() string').replace(/\n/g, '\n' + spaces);
    },
  }],
  ['replace', stringFn('replace', (s, args) => {
    const search = str(args[1]!, 'replace() substring');
    const replacement = str(args[2]!, 'replace() replacement');
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
      return s.replace(compileRegex(search.slice(1, -1), 'g'), replacement.replace(/\$\{(\w+)\}/g, '$<$1>'));
    }
    return s.split(search).join(replacement);
  }, 3)],
  ['regex', stringFn('regex', (pattern, args) => {
    const match = str(args[1]!, 'regex() string').match(compileRegex(pattern));
    if (!match) throw new EvalError('regex(): the pattern did not match');
    return regexResult(match);
  }, 2)],
  ['regexall', stringFn('regexall', (pattern, args) => {
    return [...str(args[1]!, 'regexall() string').matchAll(compileRegex(pattern, 'g'))].map((match) => regexResult(match));
  }, 2)],
  ['split', {
    call(args) {
      arity('split', args, 2);
      const separator = str(args[0]!, 'split() separator');
      const text = str(args[1]!, 'split() string');
      return text === '' ? [''] : text.split(separator);
    },
  }],
  ['join', {
    symbolic: true,
    call(args) {
      arity('join', args, 2, Infinity);
      const separator = toStringValue(args[0]!, 'join() separator');
      if (typeof separator !== 'string') return separator;
      const parts: (string | UnknownValue | import('../types.ts').TemplateValue)[] = [];
      let first = true;
      for (const list of args.slice(1)) {
        if (isUnknown(list)) return list;
        for (const item of toList(list, 'join() list')) {
          if (!first) parts.push(separator);
          first = false;
          parts.push(toStringValue(item, 'join() element'));
        }
      }
      return template(parts);
    },
  }],
  ['format', {
    symbolic: true,
    call(args) {
      arity('format', args, 1, Infinity);
      const spec = args[0]!;
      if (isSymbolic(spec)) return firstUnknown(spec)!;
      const first = args.slice(1).find((arg) => !isSymbolic(arg) && firstUnknown(arg));
      if (first) return firstUnknown(first)!;
      return format(str(spec, 'format() spec'), args.slice(1));
    },
  }],
  ['formatlist', {
    symbolic: true,
    call(args) {
      arity('formatlist', args, 1, Infinity);
      const spec = args[0]!;
      if (isSymbolic(spec)) return firstUnknown(spec)!;
      const rest = args.slice(1);
      const lists = rest.filter(isList);
      const length = lists.length > 0 ? lists[0]!.length : 1;
      if (lists.some((list) => list.length !== length)) throw new EvalError('formatlist(): all lists must have the same length');
      const out: Value[] = [];
      for (let i = 0; i < length; i++) {
        const row = rest.map((arg) => (isList(arg) ? arg[i]! : arg));
        const unknownArg = row.find((arg) => !isSymbolic(arg) && firstUnknown(arg));
        out.push(unknownArg ? firstUnknown(unknownArg)! : format(str(spec, 'formatlist() spec'), row));
      }
      return out;
    },
  }],
  // --- numbers
  ['abs', { call: (args) => (arity('abs', args, 1), Math.abs(num(args[0]!, 'abs() argument'))) }],
  ['ceil', { call: (args) => (arity('ceil', args, 1), Math.ceil(num(args[0]!, 'ceil() argument'))) }],
  ['floor', { call: (args) => (arity('floor', args, 1), Math.floor(num(args[0]!, 'floor() argument'))) }],
  ['signum', { call: (args) => (arity('signum', args, 1), Math.sign(num(args[0]!, 'signum() argument'))) }],
  ['pow', { call: (args) => (arity('pow', args, 2), Math.pow(num(args[0]!, 'pow() base'), num(args[1]!, 'pow() exponent'))) }],
  ['log', { call: (args) => (arity('log', args, 2), Math.log(num(args[0]!, 'log() number')) / Math.log(num(args[1]!, 'log() base'))) }],
  ['parseint', {
    call(args) {
      arity('parseint', args, 2);
      const base = num(args[1]!, 'parseint() base');
      const text = str(args[0]!, 'parseint() string');
      const parsed = parseInt(text, base);
      if (Number.isNaN(parsed)) throw new EvalError(`parseint(): cannot parse ${JSON.stringify(text)} in base ${base}`);
      return parsed;
    },
  }],
  ['min', { call: (args) => (arity('min', args, 1, Infinity), Math.min(...args.map((arg) => num(arg, 'min() argument')))) }],
  ['max', { call: (args) => (arity('max', args, 1, Infinity), Math.max(...args.map((arg) => num(arg, 'max() argument')))) }],
  ['sum', {
    call(args) {
      arity('sum', args, 1);
      const list = collection(args[0]!, 'sum() argument');
      if (list.length === 0) throw new EvalError('sum(): cannot sum an empty list');
      return list.reduce<number>((total, item) => total + num(item, 'sum() element'), 0);
    },
  }],
  // --- collections
  ['length', {
    symbolic: true,
    call(args) {
      arity('length', args, 1);
      const arg = args[0]!;
      if (isUnknown(arg)) return arg;
      if (isTemplate(arg)) return firstUnknown(arg)!;
      if (typeof arg === 'string') return [...arg].length;
      if (isList(arg)) return arg.length;
      if (isObject(arg)) return Object.keys(arg).length;
      throw new EvalError(`length(): cannot take the length of ${typeName(arg)}`);
    },
  }],
  ['concat', {
    symbolic: true,
    call(args) {
      const out: Value[] = [];
      for (const arg of args) {
        if (isUnknown(arg)) return arg;
        out.push(...toList(arg, 'concat() argument'));
      }
      return out;
    },
  }],
  ['flatten', {
    symbolic: true,
    call(args) {
      arity('flatten', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      const list = toList(args[0]!, 'flatten() argument');
      const nested = flatten(list);
      return nested;
    },
  }],
  ['merge', {
    symbolic: true,
    call(args) {
      const out: Record<string, Value> = {};
      for (const arg of args) {
        if (arg === null) continue;
        if (isUnknown(arg)) return arg;
        Object.assign(out, toObject(arg, 'merge() argument'));
      }
      return out;
    },
  }],
  ['lookup', {
    symbolic: true,
    call(args) {
      arity('lookup', args, 2, 3);
      const [map, key, fallback] = args;
      if (isUnknown(map!)) return map!;
      if (isSymbolic(key!)) return firstUnknown(key!)!;
      const object = toObject(map!, 'lookup() map');
      const name = str(key!, 'lookup() key');
      if (name in object) return object[name]!;
      if (args.length === 3) return fallback!;
      throw new EvalError(`lookup(): the map has no key ${JSON.stringify(name)} and no default was given`);
    },
  }],
  ['element', {
    symbolic: true,
    call(args) {
      arity('element', args, 2);
      const [list, index] = args;
      if (isUnknown(list!)) return list!;
      if (isSymbolic(index!)) return firstUnknown(index!)!;
      const items = toList(list!, 'element() list');
      if (items.length === 0) throw new EvalError('element(): cannot use element() on an empty list');
      const i = Math.floor(num(index!, 'element() index'));
      if (i < 0) throw new EvalError('element(): the index must not be negative');
      return items[i % items.length]!;
    },
  }],
  ['index', {
    call(args) {
      arity('index', args, 2);
      const i = toList(args[0]!, 'index() list').findIndex((item) => equal(item, args[1]!));
      if (i < 0) throw new EvalError('index(): the value is not in the list');
      return i;
    },
  }],
  ['contains', {
    symbolic: true,
    call(args) {
      arity('contains', args, 2);
      const [list, value] = args;
      if (isUnknown(list!)) return list!;
      if (isSymbolic(value!)) return firstUnknown(value!)!;
      const items = collection(list!, 'contains() list');
      if (items.some((item) => equal(item, value!))) return true;
      const pending = items.find((item) => firstUnknown(item));
      return pending ? firstUnknown(pending)! : false;
    },
  }],
  ['keys', {
    symbolic: true,
    call(args) {
      arity('keys', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      return Object.keys(toObject(args[0]!, 'keys() argument')).sort();
    },
  }],
  ['values', {
    symbolic: true,
    call(args) {
      arity('values', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      const object = toObject(args[0]!, 'values() argument');
      return Object.keys(object).sort().map((key) => object[key]!);
    },
  }],
  ['zipmap', {
    symbolic: true,
    call(args) {
      arity('zipmap', args, 2);
      if (isUnknown(args[0]!)) return args[0]!;
      if (isUnknown(args[1]!)) return args[1]!;
      const keys = toList(args[0]!, 'zipmap() keys');
      const values = toList(args[1]!, 'zipmap() values');
      if (keys.length !== values.length) throw new EvalError('zipmap(): the lists must have the same length');
      const out: Record<string, Value> = {};
      keys.forEach((key, i) => {
        if (isSymbolic(key)) throw new EvalError('zipmap(): a key is not known before apply');
        out[str(key, 'zipmap() key')] = values[i]!;
      });
      return out;
    },
  }],
  ['distinct', {
    symbolic: true,
    call(args) {
      arity('distinct', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      const out: Value[] = [];
      for (const item of toList(args[0]!, 'distinct() argument')) if (isSymbolic(item) || !out.some((existing) => equal(existing, item))) out.push(item);
      return out;
    },
  }],
  ['compact', {
    symbolic: true,
    call(args) {
      arity('compact', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      return toList(args[0]!, 'compact() argument').filter((item) => item !== null && item !== '');
    },
  }],
  ['coalesce', {
    symbolic: true,
    call(args) {
      for (const arg of args) {
        if (isSymbolic(arg)) return firstUnknown(arg)!;
        if (arg !== null && arg !== '') return arg;
      }
      throw new EvalError('coalesce(): no non-null, non-empty argument');
    },
  }],
  ['coalescelist', {
    symbolic: true,
    call(args) {
      for (const arg of args) {
        if (isUnknown(arg)) return arg;
        if (toList(arg, 'coalescelist() argument').length > 0) return arg;
      }
      throw new EvalError('coalescelist(): no non-empty list');
    },
  }],
  ['one', {
    symbolic: true,
    call(args) {
      arity('one', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      const list = toList(args[0]!, 'one() argument');
      if (list.length > 1) throw new EvalError(`one(): the list has ${list.length} elements`);
      return list.length === 0 ? null : list[0]!;
    },
  }],
  ['range', {
    call(args) {
      arity('range', args, 1, 3);
      const n = args.map((arg) => num(arg, 'range() argument'));
      const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[1]! >= n[0]! ? 1 : -1)];
      if (step === 0) throw new EvalError('range(): the step must not be zero');
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) {
        out.push(i);
        if (out.length > 1024) throw new EvalError('range(): more than 1024 elements');
      }
      return out;
    },
  }],
  ['slice', {
    symbolic: true,
    call(args) {
      arity('slice', args, 3);
      if (isUnknown(args[0]!)) return args[0]!;
      const list = toList(args[0]!, 'slice() list');
      const start = num(args[1]!, 'slice() start');
      const end = num(args[2]!, 'slice() end');
      if (start < 0 || end > list.length || start > end) throw new EvalError('slice(): indices out of range');
      return list.slice(start, end);
    },
  }],
  ['reverse', {
    symbolic: true,
    call: (args) => (arity('reverse', args, 1), isUnknown(args[0]!) ? args[0]! : [...toList(args[0]!, 'reverse() argument')].reverse()),
  }],
  ['sort', {
    call(args) {
      arity('sort', args, 1);
      return toList(args[0]!, 'sort() argument')
        .map((item) => str(item, 'sort() element'))
        .sort();
    },
  }],
  ['chunklist', {
    symbolic: true,
    call(args) {
      arity('chunklist', args, 2);
      if (isUnknown(args[0]!)) return args[0]!;
      const list = toList(args[0]!, 'chunklist() list');
      const size = num(args[1]!, 'chunklist() size');
      if (size < 0) throw new EvalError('chunklist(): the size must not be negative');
      if (size === 0) return [list];
      const out: Value[] = [];
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
      return out;
    },
  }],
  ['transpose', {
    call(args) {
      arity('transpose', args, 1);
      const out: Record<string, string[]> = {};
      const object = toObject(args[0]!, 'transpose() argument');
      for (const key of Object.keys(object).sort()) {
        for (const item of toList(object[key]!, 'transpose() value')) (out[str(item, 'transpose() element')] ??= []).push(key);
      }
      return out;
    },
  }],
  ['setunion', {
    symbolic: true,
    call: (args) => {
      const u = args.find(isUnknown);
      if (u) return u;
      return toSet(args.flatMap((arg) => [...toList(arg, 'setunion() argument')]));
    },
  }],
  ['setintersection', {
    call(args) {
      arity('setintersection', args, 1, Infinity);
      const [first, ...rest] = args.map((arg) => toList(arg, 'setintersection() argument'));
      return toSet(first!.filter((item) => rest.every((other) => other.some((x) => equal(x, item)))));
    },
  }],
  ['setsubtract', {
    call(args) {
      arity('setsubtract', args, 2);
      const other = toList(args[1]!, 'setsubtract() argument');
      return toSet(toList(args[0]!, 'setsubtract() argument').filter((item) => !other.some((x) => equal(x, item))));
    },
  }],
  ['setproduct', {
    call(args) {
      let out: Value[][] = [[]];
      for (const arg of args) out = out.flatMap((prefix) => toList(arg, 'setproduct() argument').map((item) => [...prefix, item]));
      return out;
    },
  }],
  ['alltrue', {
    symbolic: true,
    call(args) {
      arity('alltrue', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      let pending: UnknownValue | undefined;
      for (const item of toList(args[0]!, 'alltrue() argument')) {
        if (isSymbolic(item)) pending ??= firstUnknown(item);
        else if (!toBool(item, 'alltrue() element')) return false;
      }
      return pending ?? true;
    },
  }],
  ['anytrue', {
    symbolic: true,
    call(args) {
      arity('anytrue', args, 1);
      if (isUnknown(args[0]!)) return args[0]!;
      let pending: UnknownValue | undefined;
      for (const item of toList(args[0]!, 'anytrue() argument')) {
        if (isSymbolic(item)) pending ??= firstUnknown(item);
        else if (toBool(item, 'anytrue() element')) return true;
      }
      return pending ?? false;
    },
  }],
  // --- type conversions
  ['tostring', {
    symbolic: true,
    call: (args) => (arity('tostring', args, 1), args[0] === null ? null : toStringValue(args[0]!, 'tostring() argument')),
  }],
  ['tonumber', { call: (args) => (arity('tonumber', args, 1), args[0] === null ? null : num(args[0]!, 'tonumber() argument')) }],
  ['tobool', { call: (args) => (arity('tobool', args, 1), args[0] === null ? null : toBool(args[0]!, 'tobool() argument')) }],
  ['tolist', {
    symbolic: true,
    call: (args) => (arity('tolist', args, 1), isUnknown(args[0]!) ? args[0]! : [...collection(args[0]!, 'tolist() argument')]),
  }],
  ['toset', {
    symbolic: true,
    call: (args) => (arity('toset', args, 1), isUnknown(args[0]!) ? args[0]! : toSet(collection(args[0]!, 'toset() argument'))),
  }],
  ['tomap', { symbolic: true, call: (args) => (arity('tomap', args, 1), isUnknown(args[0]!) ? args[0]! : { ...toObject(args[0]!, 'tomap() argument') }) }],
  ['sensitive', { symbolic: true, call: (args) => (arity('sensitive', args, 1), args[0]!) }],
  ['nonsensitive', { symbolic: true, call: (args) => (arity('nonsensitive', args, 1), args[0]!) }],
  ['type', { call: (args) => (arity('type', args, 1), typeName(args[0]!)) }],
  // --- network
  ['cidrsubnet', {
    call: (args) => (arity('cidrsubnet', args, 3), cidrSubnet(str(args[0]!, 'cidrsubnet() prefix'), num(args[1]!, 'cidrsubnet() newbits'), num(args[2]!, 'cidrsubnet() netnum'))),
  }],
  ['cidrsubnets', {
    call(args) {
      arity('cidrsubnets', args, 1, Infinity);
      const prefix = str(args[0]!, 'cidrsubnets() prefix');
      const bits = prefix.split('/')[1];
      let current = prefix;
      let next = 0;
      const out: string[] = [];
      const base = Number(bits);
      // Allocate consecutively, as Terraform does: each new subnet starts after the previous one.
      for (const arg of args.slice(1)) {
        const newbits = num(arg, 'cidrsubnets() newbits');
        const length = base + newbits;
        const [address] = prefix.split('/');
        const start = next;
        const size = 2 ** (32 - length);
        const aligned = Math.ceil(start / size) * size;
        const netnum = aligned / size;
        current = cidrSubnet(`${address}/${base}`, newbits, netnum);
        out.push(current);
        next = aligned + size;
      }
      return out;
    },
  }],
  ['cidrhost', { call: (args) => (arity('cidrhost', args, 2), cidrHost(str(args[0]!, 'cidrhost() prefix'), num(args[1]!, 'cidrhost() hostnum'))) }],
  ['cidrnetmask', { call: (args) => (arity('cidrnetmask', args, 1), cidrNetmask(str(args[0]!, 'cidrnetmask() prefix'))) }],
  // --- files
  ['file', { call: (args, ctx) => (arity('file', args, 1), ctx.readFile(str(args[0]!, 'file() path'))) }],
  ['filebase64', { call: (args, ctx) => (arity('filebase64', args, 1), Buffer.from(ctx.readFile(str(args[0]!, 'filebase64() path')), 'utf8').toString('base64')) }],
  ['filesha256', { call: (args, ctx) => (arity('filesha256', args, 1), createHash('sha256').update(ctx.readFile(str(args[0]!, 'filesha256() path'))).digest('hex')) }],
  ['filemd5', { call: (args, ctx) => (arity('filemd5', args, 1), createHash('md5').update(ctx.readFile(str(args[0]!, 'filemd5() path'))).digest('hex')) }],
  ['fileexists', { call: (args, ctx) => (arity('fileexists', args, 1), ctx.fileExists(str(args[0]!, 'fileexists() path'))) }],
  ['templatefile', {
    symbolic: true,
    call(args, ctx) {
      arity('templatefile', args, 2);
      if (isSymbolic(args[0]!)) return firstUnknown(args[0]!)!;
      const path = str(args[0]!, 'templatefile() path');
      const vars = isUnknown(args[1]!) ? {} : toObject(args[1]!, 'templatefile() variables');
      return ctx.renderTemplate(ctx.readFile(path), vars, path);
    },
  }],
  ['abspath', { call: (args, ctx) => (arity('abspath', args, 1), resolve(ctx.moduleDir, str(args[0]!, 'abspath() path'))) }],
  ['basename', { call: (args) => (arity('basename', args, 1), basename(str(args[0]!, 'basename() path'))) }],
  ['dirname', { call: (args) => (arity('dirname', args, 1), dirname(str(args[0]!, 'dirname() path'))) }],
  ['pathexpand', { call: (args) => (arity('pathexpand', args, 1), str(args[0]!, 'pathexpand() path')) }],
]);

export function callFunction(name: string, args: Value[], ctx: FunctionContext): Value {
  const fn = FUNCTIONS.get(name.replace(/^provider::[a-z0-9_]+::/, ''));
  if (!fn) throw new EvalError(`there is no function named "${name}"`);
  if (!fn.symbolic) {
    for (const arg of args) {
      const u = firstUnknown(arg);
      if (u) return u;
    }
  }
  return fn.call(args, ctx);
}
