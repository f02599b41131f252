// Strings some of whose parts only exist after apply (ARNs, names, the account id), and IAM's glob matching over
// them with three outcomes. A token stands for one unknown substring and keeps its identity: the same token on both
// sides matches; two tokens that each name a different resource of the model denote different names and do not;
// anything else involving a token is undecidable (`maybe`), never guessed.

export interface Token {
  /** Canonical identity: `ACCOUNT`, `REGION`, `name:aws_s3_bucket.raw`, `var.environment`. */
  tok: string;
  /** True when the token is the generated name/id of a resource of the model (distinct resources, distinct names). */
  identity?: boolean;
  /**
   * A value nobody who wrote the policies chose: another account, a principal no policy names. It differs from every
   * literal and every other token, and only a wildcard matches it (a question's "someone else").
   */
  fresh?: boolean;
  /**
   * A principal that exists before the stack and outside it (the deploying role: `aws_iam_session_context`'s
   * issuer, the caller identity): it is never one of the principals the stack itself creates, whose names would
   * otherwise collide with it at apply.
   */
  outside?: boolean;
  /**
   * The characters the value it stands for is made of, when known (an account id: digits): a literal outside them never
   * matches it.
   */
  chars?: string;
}
export type Part = string | Token;
/** A normalised symbolic string: adjacent literal parts merged, never two strings in a row. */
export type Sym = readonly Part[];

export type Tri = 'yes' | 'no' | 'maybe';

export function sym(...parts: (Part | Sym)[]): Sym {
  const out: Part[] = [];
  const push = (p: Part) => {
    if (typeof p === 'string') {
      if (p === '') return;
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else out.push(p);
  };
  for (const part of parts) {
    if (Array.isArray(part)) for (const p of part as Sym) push(p);
    else push(part as Part);
  }
  return out;
}

export function isLiteral(s: Sym): boolean {
  return s.every((p) => typeof p === 'string');
}

export function literalOf(s: Sym): string | undefined {
  return isLiteral(s) ? (s as string[]).join('') : undefined;
}

export function showSym(s: Sym): string {
  return s.map((p) => (typeof p === 'string' ? p : `\${${p.tok}}`)).join('');
}

/**
 * ARNs of the principals the stack creates (roles, users), by identity of the Sym object, with the principal's address.
 */
const stackPrincipals = new WeakMap<Sym, string>();

/**
 * Marks a Sym as the ARN of a principal the stack creates (`address`): no `outside` token ever equals it, and two
 * such ARNs are equal exactly when they are the same principal's (IAM names are unique in an account, so a role
 * whose name only apply can tell is still not the role named "auditor").
 */
export function markStackPrincipal(arn: Sym, address: string): Sym {
  stackPrincipals.set(arn, address);
  // What a glob answered about this Sym may change now it is known to be a stack principal's.
  answered = new WeakMap();
  return arn;
}

/** Whether `a` is the deploying principal (an `outside` token) and `b` surely another principal. */
function outsideDiffers(a: Sym, b: Sym): boolean {
  if (a.length !== 1 || typeof a[0] === 'string' || !a[0]!.outside) return false;
  if (b.length === 1 && typeof b[0] !== 'string' && b[0]!.outside) return false;
  const last = b[b.length - 1];
  return (
    stackPrincipals.has(b) ||
    b.some((p) => typeof p !== 'string' && p.fresh) ||
    (typeof last === 'string' && last.endsWith(':root'))
  );
}

export function symEquals(a: Sym, b: Sym): Tri {
  return globSym(a, b, { wildcards: false });
}

type El = { c: string } | { star: true } | { q: true } | Token;

const elementCache = [
  new WeakMap<Sym, El[]>(),
  new WeakMap<Sym, El[]>(),
  new WeakMap<Sym, El[]>(),
  new WeakMap<Sym, El[]>(),
];

/** Element arrays are cached per Sym object (Syms are never mutated once built). */
function elements(s: Sym, wildcards: boolean, lower: boolean): El[] {
  const cache = elementCache[(wildcards ? 1 : 0) + (lower ? 2 : 0)]!;
  const hit = cache.get(s);
  if (hit) return hit;
  const built = buildElements(s, wildcards, lower);
  cache.set(s, built);
  return built;
}

function buildElements(s: Sym, wildcards: boolean, lower: boolean): El[] {
  const out: El[] = [];
  for (const p of s) {
    if (typeof p !== 'string') {
      out.push(p);
      continue;
    }
    for (const ch of lower ? p.toLowerCase() : p) {
      if (wildcards && ch === '*') out.push({ star: true });
      else if (wildcards && ch === '?') out.push({ q: true });
      else out.push({ c: ch });
    }
  }
  return out;
}

const isTok = (e: El): e is Token => 'tok' in e;

export function or(a: Tri, b: Tri): Tri {
  return a === 'yes' || b === 'yes' ? 'yes' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'no';
}
export function and(a: Tri, b: Tri): Tri {
  return a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}
export function not(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe';
}

/**
 * Does `pattern` (IAM glob: `*` any run, `?` one character, when `wildcards`) match `subject`? Tokens on the
 * subject side are opaque non-empty strings.
 */
export function globSym(pattern: Sym, subject: Sym, options: { wildcards?: boolean; ignoreCase?: boolean } = {}): Tri {
  // A verification asks the same few thousand pairs tens of thousands of times (every statement against every
  // question's resource): each answer is kept with its pair (Syms are never changed once built), two bits per
  // combination of options.
  const shift = ((options.wildcards ?? true) ? 0 : 2) + (options.ignoreCase ? 4 : 0);
  let bySubject = answered.get(pattern);
  const known = bySubject?.get(subject);
  if (known !== undefined) {
    const code = (known >> shift) & 3;
    if (code !== 0) return TRI_CODES[code]!;
  }
  const tri = globUncached(pattern, subject, options);
  if (!bySubject) {
    bySubject = new WeakMap();
    answered.set(pattern, bySubject);
  }
  bySubject.set(subject, (known ?? 0) | ((tri === 'no' ? 1 : tri === 'yes' ? 2 : 3) << shift));
  return tri;
}

const TRI_CODES: readonly Tri[] = ['no', 'no', 'yes', 'maybe'];
let answered = new WeakMap<Sym, WeakMap<Sym, number>>();

function globUncached(pattern: Sym, subject: Sym, options: { wildcards?: boolean; ignoreCase?: boolean }): Tri {
  const wildcards = options.wildcards ?? true;
  // The deploying principal (or another that exists outside the stack) is none of the principals the stack creates.
  // Nor is it a principal no policy names (another account's, someone else): it runs in this account and is named.
  // Nor the account root: deploying as the root user is assumed not to happen (AWS and PCI DSS 8.2.2 both rule it
  // out), so an account-root ARN is never the deploying role's.
  if (outsideDiffers(pattern, subject) || outsideDiffers(subject, pattern)) return 'no';
  const patternPrincipal = stackPrincipals.get(pattern);
  const subjectPrincipal = patternPrincipal !== undefined ? stackPrincipals.get(subject) : undefined;
  if (patternPrincipal !== undefined && subjectPrincipal !== undefined)
    return patternPrincipal === subjectPrincipal ? 'yes' : 'no';
  // Fast path: both literal.
  if (
    pattern.length <= 1 &&
    subject.length <= 1 &&
    typeof (pattern[0] ?? '') === 'string' &&
    typeof (subject[0] ?? '') === 'string'
  ) {
    let p0 = (pattern[0] ?? '') as string;
    let s0 = (subject[0] ?? '') as string;
    if (options.ignoreCase) {
      p0 = p0.toLowerCase();
      s0 = s0.toLowerCase();
    }
    if (!wildcards || (!p0.includes('*') && !p0.includes('?'))) return p0 === s0 ? 'yes' : 'no';
    return globChars(p0, s0) ? 'yes' : 'no';
  }
  const p = elements(pattern, wildcards, options.ignoreCase ?? false);
  const s = elements(subject, false, options.ignoreCase ?? false);
  // Plain characters at either end must match one for one: most pairs differ there (another service, another
  // bucket), and what matches needs no search. Only the middle, from the first wildcard or token to the last, is
  // searched.
  let p0 = 0;
  let s0 = 0;
  let p1 = p.length;
  let s1 = s.length;
  for (; p0 < p1 && s0 < s1; p0++, s0++) {
    const pe = p[p0]!;
    const se = s[s0]!;
    if (!('c' in se) || 'star' in pe || isTok(pe)) break;
    if ('c' in pe && pe.c !== se.c) return 'no';
  }
  for (; p1 > p0 && s1 > s0; p1--, s1--) {
    const pe = p[p1 - 1]!;
    const se = s[s1 - 1]!;
    if (!('c' in se) || 'star' in pe || isTok(pe)) break;
    if ('c' in pe && pe.c !== se.c) return 'no';
  }
  if (p0 === p1) return s0 === s1 ? 'yes' : 'no';
  const width = s1 - s0 + 1;
  const memo = new Int8Array((p1 - p0 + 1) * width);
  const code: Tri[] = ['no', 'no', 'yes', 'maybe'];
  const go = (i: number, j: number): Tri => {
    const key = (i - p0) * width + (j - s0);
    const hit = memo[key]!;
    if (hit !== 0) return code[hit]!;
    let r: Tri;
    if (i === p1) r = j === s1 ? 'yes' : 'no';
    else {
      const pe = p[i]!;
      if ('star' in pe) r = j < s1 ? or(go(i + 1, j), go(i, j + 1)) : go(i + 1, j);
      else if (j === s1) r = 'no';
      else {
        const se = s[j]!;
        if (isTok(se)) {
          if (isTok(pe))
            r =
              pe.tok === se.tok
                ? go(i + 1, j + 1)
                : (pe.identity && se.identity) || pe.fresh || se.fresh
                  ? 'no'
                  : 'maybe';
          else r = se.fresh || ('c' in pe && se.chars !== undefined && !se.chars.includes(pe.c)) ? 'no' : 'maybe';
        } else if (isTok(pe))
          r = pe.fresh || (pe.chars !== undefined && !pe.chars.includes((se as { c: string }).c)) ? 'no' : 'maybe';
        else if ('q' in pe) r = go(i + 1, j + 1);
        else r = pe.c === (se as { c: string }).c ? go(i + 1, j + 1) : 'no';
      }
    }
    memo[key] = r === 'no' ? 1 : r === 'yes' ? 2 : 3;
    return r;
  };
  return go(p0, s0);
}

/**
 * Does the action pattern `pattern` (`s3:Get*`) match the action `lowerAction`, given in lower case? Action names are
 * compared ignoring case; a literal pattern is lowered once and kept with its Sym.
 */
export function actionGlob(pattern: Sym, lowerAction: string): Tri {
  let lowered = loweredActions.get(pattern);
  if (lowered === undefined) {
    const text = literalOf(pattern);
    lowered = text === undefined ? null : { text: text.toLowerCase(), wild: /[*?]/.test(text) };
    loweredActions.set(pattern, lowered);
  }
  if (lowered === null) return globSym(pattern, [lowerAction], { ignoreCase: true });
  if (!lowered.wild) return lowered.text === lowerAction ? 'yes' : 'no';
  return globChars(lowered.text, lowerAction) ? 'yes' : 'no';
}
const loweredActions = new WeakMap<Sym, { text: string; wild: boolean } | null>();

/** IAM glob (`*`, `?`) over two literal strings, compared as given; iterative, backtracking on the last star. */
export function globChars(p: string, s: string): boolean {
  let i = 0,
    j = 0,
    star = -1,
    mark = 0;
  while (j < s.length) {
    if (i < p.length && (p[i] === '?' || p[i] === s[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}
