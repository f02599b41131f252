// The tokens of HCL's native syntax outside templates, as hashicorp/hcl's scanner (hclsyntax/scan_tokens.rl) reads
// them. Template text (quoted strings, heredocs) is read by the parser itself, character by character, because it
// nests code (`${ … }`) that the parser must read in turn.

export type TokenType =
  | 'ident'
  | 'number'
  | 'nl'
  | 'eof'
  | 'oquote'
  | 'oheredoc'
  | 'invalid'
  | '['
  | ']'
  | '('
  | ')'
  | '{'
  | '}'
  | '~}'
  | '.'
  | ','
  | '*'
  | '/'
  | '%'
  | '+'
  | '-'
  | '='
  | '<'
  | '>'
  | '!'
  | '?'
  | ':'
  | '=='
  | '!='
  | '>='
  | '<='
  | '&&'
  | '||'
  | '::'
  | '...'
  | '=>';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based line of `end`: past a newline token, the next line. */
  endLine: number;
}

/** A syntax error at a character offset (the line and column are worked out only when it is reported). */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

const SINGLE: Readonly<Record<string, TokenType>> = {
  '[': '[',
  ']': ']',
  '(': '(',
  ')': ')',
  '{': '{',
  '}': '}',
  '.': '.',
  ',': ',',
  '*': '*',
  '/': '/',
  '%': '%',
  '+': '+',
  '-': '-',
  '=': '=',
  '<': '<',
  '>': '>',
  '!': '!',
  '?': '?',
  ':': ':',
};

const DOUBLE: Readonly<Record<string, TokenType>> = {
  '==': '==',
  '!=': '!=',
  '>=': '>=',
  '<=': '<=',
  '&&': '&&',
  '||': '||',
  '::': '::',
  '=>': '=>',
  '~}': '~}',
};

const IDENT_START = /[\p{ID_Start}_]/uy;
const IDENT_REST = /[\p{ID_Continue}-]*/uy;

function isAsciiIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

const ASCII_IDENT_REST = /[A-Za-z0-9_-]*/y;
const BLANKS = /[ \t]+/y;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of an identifier starting at `pos` (Unicode ID_Start or `_`, then ID_Continue or `-`), or -1. */
export function identifierEnd(source: string, pos: number): number {
  const c = source.charCodeAt(pos);
  let end: number;
  if (isAsciiIdentStart(c)) {
    end = pos + 1;
  } else if (c >= 128) {
    IDENT_START.lastIndex = pos;
    if (!IDENT_START.test(source)) return -1;
    end = IDENT_START.lastIndex;
  } else {
    return -1;
  }
  for (;;) {
    // ASCII runs in one search (a step per character was most of the scanner's time without the optimising compiler).
    ASCII_IDENT_REST.lastIndex = end;
    ASCII_IDENT_REST.test(source);
    end = ASCII_IDENT_REST.lastIndex;
    const d = source.charCodeAt(end);
    if (d >= 128) {
      IDENT_REST.lastIndex = end;
      IDENT_REST.test(source);
      if (IDENT_REST.lastIndex === end) return end;
      end = IDENT_REST.lastIndex;
    } else return end;
  }
}

/** `<<ID` or `<<-ID` followed at once by a newline: the heredoc's marker and where its first line starts, or undefined. */
export function heredocIntroducer(
  source: string,
  pos: number,
): { marker: string; flush: boolean; bodyStart: number } | undefined {
  let at = pos + 2;
  const flush = source.charCodeAt(at) === 45;
  if (flush) at++;
  const end = identifierEnd(source, at);
  if (end < 0) return undefined;
  const next = source.charCodeAt(end);
  if (next === 10) return { marker: source.slice(at, end), flush, bodyStart: end + 1 };
  if (next === 13 && source.charCodeAt(end + 1) === 10)
    return { marker: source.slice(at, end), flush, bodyStart: end + 2 };
  return undefined;
}

/**
 * The next token from `pos` (on `line`). Spaces and tabs separate tokens; comments are skipped, except that a `#` or
 * `//` comment ends its line, so where newlines count it is read as the newline it ends with.
 */
export function scan(source: string, pos: number, line: number, newlines: boolean): Token {
  const n = source.length;
  for (;;) {
    if (pos >= n) return { type: 'eof', start: n, end: n, line, endLine: line };
    const c = source.charCodeAt(pos);
    if (c === 32 || c === 9) {
      BLANKS.lastIndex = pos;
      BLANKS.test(source);
      pos = BLANKS.lastIndex;
      continue;
    }
    if (c === 10 || (c === 13 && source.charCodeAt(pos + 1) === 10)) {
      const end = c === 10 ? pos + 1 : pos + 2;
      if (newlines) return { type: 'nl', start: pos, end, line, endLine: line + 1 };
      pos = end;
      line++;
      continue;
    }
    if (c === 35 || (c === 47 && source.charCodeAt(pos + 1) === 47)) {
      const newline = source.indexOf('\n', pos);
      if (newline < 0) {
        pos = n;
        continue;
      }
      if (newlines) return { type: 'nl', start: pos, end: newline + 1, line, endLine: line + 1 };
      pos = newline + 1;
      line++;
      continue;
    }
    if (c === 47 && source.charCodeAt(pos + 1) === 42) {
      const close = source.indexOf('*/', pos + 2);
      if (close < 0) throw new HclSyntaxError('unterminated comment: no */ before the end of the file', pos);
      for (let i = source.indexOf('\n', pos); i >= 0 && i < close; i = source.indexOf('\n', i + 1)) line++;
      pos = close + 2;
      continue;
    }
    if (isDigit(c)) {
      let end = pos + 1;
      for (;;) {
        const d = source.charCodeAt(end);
        if (isDigit(d) || d === 46) end++;
        else if (d === 101 || d === 69) {
          const e = source.charCodeAt(end + 1);
          if (isDigit(e)) end += 2;
          else if ((e === 43 || e === 45) && isDigit(source.charCodeAt(end + 2))) end += 3;
          else break;
        } else break;
      }
      while (source.charCodeAt(end - 1) === 46) end--;
      return { type: 'number', start: pos, end, line, endLine: line };
    }
    const identEnd = identifierEnd(source, pos);
    if (identEnd > 0) return { type: 'ident', start: pos, end: identEnd, line, endLine: line };
    if (c === 34) return { type: 'oquote', start: pos, end: pos + 1, line, endLine: line };
    if (c === 60 && source.charCodeAt(pos + 1) === 60) {
      const heredoc = heredocIntroducer(source, pos);
      if (heredoc) return { type: 'oheredoc', start: pos, end: heredoc.bodyStart, line, endLine: line + 1 };
    }
    if (c === 46 && source.charCodeAt(pos + 1) === 46 && source.charCodeAt(pos + 2) === 46)
      return { type: '...', start: pos, end: pos + 3, line, endLine: line };
    // Every two-character operator ends in one of = & | : > } (a slice per token was an allocation per token).
    const second = source.charCodeAt(pos + 1);
    if (second === 61 || second === 38 || second === 124 || second === 58 || second === 62 || second === 125) {
      const double = DOUBLE[source.slice(pos, pos + 2)];
      if (double) return { type: double, start: pos, end: pos + 2, line, endLine: line };
    }
    const single = SINGLE[source[pos]!];
    if (single) return { type: single, start: pos, end: pos + 1, line, endLine: line };
    // Anything else (a lone `&`, `|`, `;`, a quote mark HCL does not use, a control character, a stray `\r`…).
    const width = (source.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    return { type: 'invalid', start: pos, end: pos + width, line, endLine: line };
  }
}
