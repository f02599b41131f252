// String functions: case, trimming, searching, splitting and joining, format, regular expressions (RE2 syntax
// translated to JavaScript's where they differ in what configurations write).
import type { TemplateValue, UnknownValue, Value } from '../../types.ts';
import {
  EvalError,
  firstUnknown,
  isList,
  isSymbolic,
  isUnknown,
  template,
  toBool,
  toList,
  toStringValue,
  typeName,
} from '../values.ts';
import { jsonEncode } from '../values.ts';
import { arity, graphemes, num, str, stringFn, type FunctionTable } from './support.ts';

/**
 * What RE2 (Go's regexp/syntax, which Terraform uses) refuses and JavaScript would accept: a repeat count over 1000,
 * a backreference, lookahead or lookbehind. Outside character classes only; an escaped character is a literal.
 */
function re2Refusal(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `invalid escape sequence: \\${next} (RE2 has no backreferences)`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A ']' first in the class (after an optional '^') is a literal.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?' && /^(=|!|<=|<!)/.test(pattern.slice(i + 2))) {
      return `invalid or unsupported Perl syntax: ${pattern.slice(i, i + (pattern[i + 2] === '<' ? 4 : 3))} (RE2 has no lookaround)`;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (
        repeat &&
        (Number(repeat[1]) > 1000 || (repeat[2] !== undefined && repeat[2] !== '' && Number(repeat[2]) > 1000))
      ) {
        return `invalid repeat count: ${repeat[0]} (RE2 allows at most 1000)`;
      }
    }
  }
  return undefined;
}

/**
 * RE2 reads a brace that does not make a repeat (`{`, `}`, `{x}`) as a literal; JavaScript's unicode mode refuses it
 * ("lone quantifier brackets"), so such braces are escaped.
 */
function escapeLiteralBraces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
      continue;
    }
    if (c === '{') {
      const repeat = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
      if (repeat) {
        out += repeat[0];
        i += repeat[0].length - 1;
        continue;
      }
    }
    out += c === '{' || c === '}' ? `\\${c}` : c;
  }
  return out;
}

/** Terraform's regex syntax is RE2; JavaScript's agrees on what configurations use once named groups are renamed. */
export function compileRegex(pattern: string, flags = ''): RegExp {
  // Validations are evaluated dozens of times per variable (the longest value each accepts): each pattern is
  // translated and compiled once. Sharing is safe: match() ignores lastIndex without 'g', and replace() and
  // matchAll() with 'g' start from 0 (matchAll on a copy).
  const key = `${flags}/${pattern}`;
  const kept = compiled.get(key);
  if (kept instanceof RegExp) return kept;
  if (kept !== undefined) throw new EvalError(kept);
  try {
    const regex = compileUncached(pattern, flags);
    if (compiled.size >= COMPILED_KEPT) compiled.clear();
    compiled.set(key, regex);
    return regex;
  } catch (error) {
    if (error instanceof EvalError) compiled.set(key, error.message);
    throw error;
  }
}

const compiled = new Map<string, RegExp | string>();
const COMPILED_KEPT = 1024;

function compileUncached(pattern: string, flags: string): RegExp {
  const refusal = re2Refusal(pattern);
  if (refusal) throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}: ${refusal}`);
  let translated = escapeLiteralBraces(pattern).replace(/\(\?P</g, '(?<');
  // RE2 takes inline flags at the start (`(?i)`); JavaScript takes them as RegExp flags.
  const inline = /^\(\?([imsU]+)\)/.exec(translated);
  if (inline) {
    translated = translated.slice(inline[0].length);
    for (const flag of inline[1]!) if (flag !== 'U' && !flags.includes(flag)) flags += flag;
  }
  try {
    return new RegExp(translated, flags.includes('u') ? flags : `${flags}u`);
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

/** Go's fmt verbs as Terraform's format() takes them, including explicit argument indexes (`%[2]s`). */
function format(spec: string, args: readonly Value[]): Value {
  const parts: (string | UnknownValue | TemplateValue)[] = [];
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
    const match = /^%([-+# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d+))?([a-zA-Z*])/.exec(spec.slice(i));
    if (!match || match[5] === '*') throw new EvalError(`format(): invalid verb in ${JSON.stringify(spec)}`);
    i += match[0].length;
    const [, flagText = '', explicit, widthText, precisionText, verb] = match;
    if (explicit !== undefined) argIndex = Number(explicit) - 1;
    if (argIndex < 0 || argIndex >= args.length)
      throw new EvalError(`format(): not enough arguments for ${JSON.stringify(spec)}`);
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
        if (precisionText !== undefined) text = [...text].slice(0, Number(precisionText)).join('');
        break;
      case 'q':
        text = JSON.stringify(str(arg, 'format() argument'));
        break;
      case 'd': {
        const n = num(arg, 'format() argument');
        if (!Number.isInteger(n)) throw new EvalError(`format(): %d needs an integer, got ${n}`);
        text = String(n);
        if (flagText.includes('+') && n >= 0) text = '+' + text;
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        const n = num(arg, 'format() argument');
        const precision = precisionText === undefined ? undefined : Number(precisionText);
        if (verb === 'f' || verb === 'F') text = n.toFixed(precision ?? 6);
        else if (verb === 'e' || verb === 'E') text = goExponent(n.toExponential(precision ?? 6));
        else text = precision === undefined ? goShortest(n) : goExponentOrFixed(n, precision);
        if (verb === 'E' || verb === 'G') text = text.toUpperCase();
        if (flagText.includes('+') && n >= 0) text = '+' + text;
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
        text =
          typeof arg === 'string'
            ? arg
            : typeof arg === 'number' || typeof arg === 'boolean'
              ? String(toStringValue(arg))
              : (jsonEncode(arg) as string);
        break;
      default:
        throw new EvalError(`format(): unsupported verb %${verb}`);
    }
    if (widthText !== undefined) {
      const width = Number(widthText);
      if (flagText.includes('-')) text = text.padEnd(width);
      else if (flagText.includes('0') && verb !== 's') {
        const sign = /^[-+]/.test(text) ? text[0]! : '';
        text = sign + text.slice(sign.length).padStart(width - sign.length, '0');
      } else text = text.padStart(width, ' ');
    }
    parts.push(text);
  }
  parts.push(literal);
  return template(parts);
}

/** Go prints exponents with at least two digits (`1.234500e+03`). */
function goExponent(text: string): string {
  return text.replace(/e([-+])(\d)$/, 'e$10$2');
}

/** %g without a precision: the shortest representation, exponent when it is < -4 or ≥ 21 (Go's rule). */
function goShortest(n: number): string {
  const exponent = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 21) return goExponent(n.toExponential()).replace(/\.?0+e/, 'e');
  return String(n);
}

function goExponentOrFixed(n: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  const exponent = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= p) return goExponent(n.toExponential(p - 1)).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(p)));
}

function title(s: string): string {
  // Go's strings.Title: a letter after a non-letter, non-digit starts a word; hyphens do, underscores do not.
  return s.replace(
    /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

export const STRING_FUNCTIONS: FunctionTable = [
  ['lower', stringFn('lower', (s) => s.toLowerCase())],
  ['upper', stringFn('upper', (s) => s.toUpperCase())],
  ['title', stringFn('title', title)],
  ['trimspace', stringFn('trimspace', (s) => s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''))],
  ['chomp', stringFn('chomp', (s) => s.replace(/(\r\n|\n|\r)+$/, ''))],
  ['strrev', stringFn('strrev', (s) => graphemes(s).reverse().join(''))],
  [
    'trimprefix',
    stringFn(
      'trimprefix',
      (s, args) => {
        const prefix = str(args[1]!, 'trimprefix() prefix');
        return s.startsWith(prefix) ? s.slice(prefix.length) : s;
      },
      2,
    ),
  ],
  [
    'trimsuffix',
    stringFn(
      'trimsuffix',
      (s, args) => {
        const suffix = str(args[1]!, 'trimsuffix() suffix');
        return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
      },
      2,
    ),
  ],
  [
    'trim',
    stringFn(
      'trim',
      (s, args) => {
        const chars = new Set([...str(args[1]!, 'trim() characters')]);
        const list = [...s];
        let start = 0;
        let end = list.length;
        while (start < end && chars.has(list[start]!)) start++;
        while (end > start && chars.has(list[end - 1]!)) end--;
        return list.slice(start, end).join('');
      },
      2,
    ),
  ],
  ['startswith', stringFn('startswith', (s, args) => s.startsWith(str(args[1]!, 'startswith() prefix')), 2)],
  ['endswith', stringFn('endswith', (s, args) => s.endsWith(str(args[1]!, 'endswith() suffix')), 2)],
  ['strcontains', stringFn('strcontains', (s, args) => s.includes(str(args[1]!, 'strcontains() substring')), 2)],
  [
    'substr',
    stringFn(
      'substr',
      (s, args) => {
        const chars = graphemes(s);
        let offset = num(args[1]!, 'substr() offset');
        let length = num(args[2]!, 'substr() length');
        if (offset < 0) offset = Math.max(0, chars.length + offset);
        if (offset > chars.length) return '';
        if (length < 0) length = chars.length - offset;
        return chars.slice(offset, offset + length).join('');
      },
      3,
    ),
  ],
  [
    'indent',
    {
      call(args) {
        arity('indent', args, 2);
        const spaces = ' '.repeat(num(args[0]!, 'indent() spaces'));
        return str(args[1]!, 'indent() string').replace(/\n/g, '\n' + spaces);
      },
    },
  ],
  [
    'replace',
    stringFn(
      'replace',
      (s, args) => {
        const search = str(args[1]!, 'replace() substring');
        const replacement = str(args[2]!, 'replace() replacement');
        if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
          // Go's $1 / ${name} become JavaScript's $1 / $<name>; `$$` stays a literal dollar in both.
          return s.replace(
            compileRegex(search.slice(1, -1), 'g'),
            replacement.replace(/\$\{(\w+)\}/g, (_, name: string) => (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`)),
          );
        }
        if (search === '') return [...s].reduce((out, char) => out + char + replacement, replacement);
        return s.split(search).join(replacement);
      },
      3,
    ),
  ],
  [
    'regex',
    stringFn(
      'regex',
      (pattern, args) => {
        const match = str(args[1]!, 'regex() string').match(compileRegex(pattern));
        if (!match) throw new EvalError('regex(): the pattern did not match any part of the string');
        return regexResult(match);
      },
      2,
    ),
  ],
  [
    'regexall',
    stringFn(
      'regexall',
      (pattern, args) => {
        return [...str(args[1]!, 'regexall() string').matchAll(compileRegex(pattern, 'g'))].map((match) =>
          regexResult(match),
        );
      },
      2,
    ),
  ],
  [
    'split',
    {
      call(args) {
        arity('split', args, 2);
        const separator = str(args[0]!, 'split() separator');
        const text = str(args[1]!, 'split() string');
        if (separator === '') return [...text];
        return text.split(separator);
      },
    },
  ],
  [
    'join',
    {
      symbolic: true,
      call(args) {
        arity('join', args, 2, Infinity);
        const separator = toStringValue(args[0]!, 'join() separator');
        if (typeof separator !== 'string') return separator;
        const parts: (string | UnknownValue | TemplateValue)[] = [];
        let first = true;
        for (const list of args.slice(1)) {
          if (isUnknown(list)) return list;
          for (const item of toList(list, 'join() list')) {
            if (item === null) throw new EvalError('join(): an element is null');
            if (!first) parts.push(separator);
            first = false;
            parts.push(toStringValue(item, 'join() element'));
          }
        }
        return template(parts);
      },
    },
  ],
  [
    'format',
    {
      symbolic: true,
      call(args) {
        arity('format', args, 1, Infinity);
        const spec = args[0]!;
        if (isSymbolic(spec)) return firstUnknown(spec)!;
        const first = args.slice(1).find((arg) => !isSymbolic(arg) && firstUnknown(arg));
        if (first) return firstUnknown(first)!;
        return format(str(spec, 'format() spec'), args.slice(1));
      },
    },
  ],
  [
    'formatlist',
    {
      symbolic: true,
      call(args) {
        arity('formatlist', args, 1, Infinity);
        const spec = args[0]!;
        if (isSymbolic(spec)) return firstUnknown(spec)!;
        const rest = args.slice(1);
        const pending = rest.find(isUnknown);
        if (pending) return pending;
        const lists = rest.filter(isList);
        const length = lists.length > 0 ? lists[0]!.length : 1;
        if (lists.some((list) => list.length !== length))
          throw new EvalError('formatlist(): all lists must have the same length');
        const out: Value[] = [];
        for (let i = 0; i < length; i++) {
          const row = rest.map((arg) => (isList(arg) ? arg[i]! : arg));
          const unknownArg = row.find((arg) => !isSymbolic(arg) && firstUnknown(arg));
          out.push(unknownArg ? firstUnknown(unknownArg)! : format(str(spec, 'formatlist() spec'), row));
        }
        return out;
      },
    },
  ],
  [
    'templatestring',
    {
      symbolic: true,
      call(args, ctx) {
        arity('templatestring', args, 2);
        const [text, vars] = args as [Value, Value];
        if (isSymbolic(text)) return firstUnknown(text)!;
        if (isUnknown(vars)) return vars;
        if (vars === null || typeof vars !== 'object' || Array.isArray(vars))
          throw new EvalError(`templatestring(): the variables must be an object, got ${typeName(vars)}`);
        return ctx.renderTemplate(
          str(text, 'templatestring() template'),
          vars as Record<string, Value>,
          'templatestring()',
        );
      },
    },
  ],
];
