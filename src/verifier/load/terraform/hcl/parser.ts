// HCL native syntax → our syntax tree (ast.ts), by recursive descent in the way hashicorp/hcl's own parser reads it
// (hclsyntax/parser.go, parser_template.go; the grammar is hclsyntax/spec.md): newlines end attributes and block
// headers and separate object items, and are ignored inside (), [], function arguments, for expressions and
// template sequences; operators bind as hclsyntax's binaryOps; splats, legacy `.0` indexes, templates, strip markers
// and `<<-` heredocs follow the same rules token for token. The first syntax error ends the parse: a file with one
// yields no body at all. Nesting is bounded explicitly, so a hostile file cannot exhaust the stack.
import type { Attribute, Block, Body, Expr, TemplatePart } from '../ast.ts';
import { HclSyntaxError, heredocIntroducer, scan, type Token, type TokenType } from './lexer.ts';

export { HclSyntaxError } from './lexer.ts';

/**
 * How deep input may nest, in tenths of one parenthesised expression. It bounds two things: the parser's own
 * recursion, and the depth of the tree it returns, which the evaluator and the reference walkers recurse over in
 * turn. Each construct costs in proportion to the stack it takes there, measured cold (the first load of a process
 * runs unoptimised code, with larger frames) with Node's default 984 KB stack: the budget admits about 80 % of what
 * fits, e.g. 1,600 nested parentheses, 940 nested tuples, 840 nested for expressions, 760 nested quoted templates,
 * 1,450 unary operators or operators in one chain, 1,600 nested blocks. Deeper input is refused with hcl-too-deep.
 * (Terraform itself has no bound: Go stacks grow.)
 */
export const NESTING_BUDGET = 16_000;
const COST = {
  expression: 10,
  block: 10,
  unary: 11,
  /** Each operator of a chain: the tree of `a + b + c …` nests one level per operator. */
  operator: 11,
  fullSplat: 6,
  /** Each `%{if}` / `%{for}` a template part is nested in. */
  directive: 9,
  /** The rest are on top of the expressions they hold. */
  conditional: 4,
  index: 1,
  tuple: 7,
  object: 4,
  call: 7,
  forExpr: 9,
  quotedTemplate: 6,
  heredoc: 6,
  sequence: 5,
} as const;

export class HclTooDeepError extends Error {
  constructor(readonly offset: number) {
    super('nested too deeply');
    this.name = 'HclTooDeepError';
  }
}

/** HCL's binary operator precedence (hclsyntax binaryOps): higher binds tighter; every level is left-associative. */
const PRECEDENCE: Partial<Record<TokenType, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '>': 4,
  '>=': 4,
  '<': 4,
  '<=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** What a source parses to: a body, or (for a file that is one JSON-like object) the object expression. */
/**
 * The characters a template's text stops at: a quoted string's quote, escape, sequence introducers and the line ends
 * it may not hold; a heredoc's line ends (each ends a piece) and sequence introducers.
 */
const QUOTED_SPECIAL = /["\\\n\r$%]/g;
const HEREDOC_SPECIAL = /[\n\r$%]/g;

export type NativeParse = { body: Body; object?: undefined } | { object: Expr; body?: undefined };

export function parseNative(source: string): NativeParse {
  return new Parser(source).file();
}

/** Go's unicode.IsSpace, which HCL's strip markers and `<<-` indentation use. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function trimStart(text: string): string {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i === 0 ? text : text.slice(i);
}

function trimEnd(text: string): string {
  let i = text.length;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  return i === text.length ? text : text.slice(0, i);
}

/** A piece of a template before its directives are nested, as hclsyntax's template tokens. */
type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'interpolation'; expr: Expr }
  | { kind: 'if'; expr: Expr; line: number; offset: number }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; expr: Expr; line: number; offset: number }
  | { kind: 'else' | 'endif' | 'endfor'; line: number; offset: number };

class Parser {
  private pos = 0;
  private line = 1;
  /** Whether newlines are tokens here (a stack, as hclsyntax's peeker keeps it). */
  private readonly newlines: boolean[] = [true];
  private peeked: Token | undefined;
  private peekedAt = -1;
  private peekedNewlines = false;
  private depth = 0;

  constructor(private readonly source: string) {
    if (source.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  file(): NativeParse {
    const first = this.peekSkippingNewlines();
    if (first.type === '{') {
      // A file that is one object is JSON-like (a .tfvars.json read as HCL, say): told apart, not a syntax error.
      this.skipNewlines();
      const object = this.expression();
      this.skipNewlines();
      this.expect('eof', 'extra characters after the object');
      return { object };
    }
    return { body: this.body('eof') };
  }

  // Tokens --------------------------------------------------------------------------------------------------------

  private get includeNewlines(): boolean {
    return this.newlines[this.newlines.length - 1]!;
  }

  private peek(): Token {
    const newlines = this.includeNewlines;
    if (this.peeked && this.peekedAt === this.pos && this.peekedNewlines === newlines) return this.peeked;
    this.peeked = scan(this.source, this.pos, this.line, newlines);
    this.peekedAt = this.pos;
    this.peekedNewlines = newlines;
    return this.peeked;
  }

  private read(): Token {
    const token = this.peek();
    this.pos = token.end;
    this.line = token.endLine;
    return token;
  }

  private expect(type: TokenType, message: string): Token {
    const token = this.peek();
    if (token.type !== type) throw this.unexpected(token, message);
    return this.read();
  }

  private unexpected(token: Token, message: string): HclSyntaxError {
    if (token.type === 'eof') return new HclSyntaxError(`${message}, but the file ended`, token.start);
    if (token.type === 'nl') return new HclSyntaxError(`${message}, but the line ended`, token.start);
    return new HclSyntaxError(`${message}: unexpected ${JSON.stringify(this.text(token).slice(0, 40))}`, token.start);
  }

  private text(token: Token): string {
    return this.source.slice(token.start, token.end);
  }

  private peekSkippingNewlines(): Token {
    this.newlines.push(false);
    const token = this.peek();
    this.newlines.pop();
    return token;
  }

  private skipNewlines(): void {
    while (this.peek().type === 'nl') this.read();
  }

  private enter(cost: number, offset: number): void {
    this.depth += cost;
    if (this.depth > NESTING_BUDGET) throw new HclTooDeepError(offset);
  }

  // Bodies ------------------------------------------------------------------------------------------------------

  private body(end: 'eof' | '}'): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (;;) {
      const next = this.peek();
      if (next.type === end) return body;
      if (next.type === 'nl') {
        this.read();
        continue;
      }
      if (next.type !== 'ident') {
        if (next.type === 'oquote') throw new HclSyntaxError('an argument name must not be quoted', next.start);
        if (next.type === 'eof')
          throw new HclSyntaxError('a block is not closed: no "}" before the end of the file', next.start);
        throw this.unexpected(next, 'an argument or block definition is required here');
      }
      this.bodyItem(body, false);
    }
  }

  /** An attribute or a block, and the newline after it (`inline`: the one attribute of a single-line block). */
  private bodyItem(body: Body, inline: boolean): void {
    const name = this.read();
    const after = this.peek();
    if (after.type === '=') {
      this.read();
      const attribute: Attribute = { name: this.text(name), expr: this.expression(), line: name.line };
      if (!inline) this.endOfItem('an argument definition must end with a newline');
      body.attributes.push(attribute);
      return;
    }
    if (inline) throw this.unexpected(after, 'a single-line block can contain only one argument');
    if (after.type !== 'oquote' && after.type !== '{' && after.type !== 'ident')
      throw this.unexpected(after, 'an argument or block definition is required here (an argument takes "=")');
    body.blocks.push(this.block(name));
  }

  private endOfItem(message: string): void {
    const end = this.peek();
    if (end.type === 'nl') this.read();
    else if (end.type !== 'eof') throw this.unexpected(end, message);
  }

  private block(typeToken: Token): Block {
    const labels: string[] = [];
    for (;;) {
      const next = this.peek();
      if (next.type === '{') break;
      if (next.type === 'oquote') labels.push(this.quotedLabel());
      else if (next.type === 'ident') labels.push(this.text(this.read()));
      else throw this.unexpected(next, 'a quoted block label or "{" is expected here');
    }
    const open = this.read();
    this.enter(COST.block, open.start);
    let body: Body;
    const first = this.peek();
    if (first.type === 'nl' || first.type === 'eof' || first.type === '}') {
      body = this.body('}');
    } else {
      // A single-line block `name { arg = value }`: one argument, closed on the same line.
      body = { attributes: [], blocks: [] };
      if (first.type !== 'ident') throw this.unexpected(first, 'an argument definition is required here');
      this.bodyItem(body, true);
    }
    const close = this.peek();
    if (close.type !== '}') {
      if (close.type === 'eof')
        throw new HclSyntaxError('a block is not closed: no "}" before the end of the file', open.start);
      throw this.unexpected(close, 'a single-line block must end with "}" right after its argument');
    }
    this.read();
    this.depth -= COST.block;
    this.endOfItem('a block definition must end with a newline');
    return { type: this.text(typeToken), labels, body, line: typeToken.line, endLine: close.line };
  }

  // Expressions ---------------------------------------------------------------------------------------------------

  /**
   * `condition ? then : otherwise` or a binary-operator expression. `chainLine`: the line a conditional written as
   * the false branch of another, without parentheses, takes (the outer one's, as the tree-sitter reading gave it).
   */
  private expression(chainLine?: number): Expr {
    const start = this.peek();
    this.enter(COST.expression, start.start);
    const condition = this.binary(1);
    let result = condition;
    if (this.peek().type === '?') {
      this.read();
      this.enter(COST.conditional, start.start);
      const line = chainLine ?? start.line;
      const then = this.expression();
      this.expect(':', 'the conditional operator (…?…:…) requires a false expression after ":"');
      const otherwise = this.expression(line);
      result = { t: 'conditional', condition, then, otherwise, line };
      this.depth -= COST.conditional;
    }
    this.depth -= COST.expression;
    return result;
  }

  /** Precedence climbing over hclsyntax's binary operator levels, each left-associative. */
  private binary(minimum: number): Expr {
    let left = this.traversals(this.term());
    const depth = this.depth;
    for (;;) {
      const operator = this.peek();
      const precedence = PRECEDENCE[operator.type];
      if (precedence === undefined || precedence < minimum) {
        this.depth = depth;
        return left;
      }
      this.enter(COST.operator, operator.start);
      this.read();
      const right = this.binary(precedence + 1);
      left = { t: 'binary', op: operator.type, left, right, line: operator.line };
    }
  }

  // term() and the methods it dispatches to are kept small: their frames stack up once per nesting level.
  private term(): Expr {
    const token = this.peek();
    switch (token.type) {
      case '(':
        return this.parenthesised();
      case 'number':
        return this.number(this.read());
      case 'ident':
        return this.identifierTerm(this.read());
      case 'oquote':
        return this.quotedTemplate(this.read());
      case 'oheredoc':
        return this.heredoc(token);
      case '-':
      case '!':
        return this.unary(this.read());
      case '[':
        return this.tuple();
      case '{':
        return this.object();
      default:
        throw this.unexpected(token, 'an expression is expected here');
    }
  }

  private parenthesised(): Expr {
    this.read();
    this.newlines.push(false);
    const inner = this.expression();
    this.expect(')', 'a closing parenthesis is expected to end the expression');
    this.newlines.pop();
    return inner;
  }

  private number(token: Token): Expr {
    const text = this.text(token);
    if (!/^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text))
      throw new HclSyntaxError(`invalid number literal ${JSON.stringify(text)}`, token.start);
    return { t: 'literal', value: Number(text), line: token.line };
  }

  private identifierTerm(token: Token): Expr {
    const after = this.peek().type;
    if (after === '(' || after === '::') return this.call(token);
    const name = this.text(token);
    if (name === 'true' || name === 'false') return { t: 'literal', value: name === 'true', line: token.line };
    if (name === 'null') return { t: 'literal', value: null, line: token.line };
    return { t: 'variable', name, line: token.line };
  }

  /** `-x` / `!x`: the operator takes the term and its traversals only, so `-a + b` is `(-a) + b`. */
  private unary(operator: Token): Expr {
    this.enter(COST.unary, operator.start);
    const operand = this.traversals(this.term());
    this.depth -= COST.unary;
    return { t: 'unary', op: operator.type as '-' | '!', operand, line: operator.line };
  }

  /** `.name`, `.0`, `[key]`, `.*` and `[*]` after a term, as hclsyntax parseExpressionTraversals reads them. */
  private traversals(from: Expr): Expr {
    let expr = from;
    for (;;) {
      const next = this.peek();
      if (next.type === '.') {
        this.read();
        const step = this.peek();
        if (step.type === '*') {
          this.read();
          // An attribute-only splat takes only the `.name` and `.0` steps right after it.
          let each: Expr = { t: 'splat-item', line: next.line };
          while (this.peek().type === '.') {
            const dot = this.read();
            each = this.dotStep(each, dot, 'an attribute name is required after a dot (a splat cannot nest in .*)');
          }
          expr = { t: 'splat', object: expr, each, line: next.line };
          continue;
        }
        expr = this.dotStep(expr, next, 'an attribute name is required after a dot');
        continue;
      }
      if (next.type === '[') {
        this.read();
        if (this.peek().type === '*') {
          this.read();
          this.expect(']', 'the star of a full splat must be followed by "]"');
          this.enter(COST.fullSplat, next.start);
          // A full splat takes every traversal after it, per element.
          const each = this.traversals({ t: 'splat-item', line: next.line });
          this.depth -= COST.fullSplat;
          expr = { t: 'splat', object: expr, each, line: next.line };
          continue;
        }
        this.enter(COST.index, next.start);
        this.newlines.push(false);
        const key = this.expression();
        this.expect(']', 'the index operator must end with "]"');
        this.newlines.pop();
        this.depth -= COST.index;
        expr = { t: 'index', object: expr, key, line: next.line };
        continue;
      }
      return expr;
    }
  }

  /** After a `.`: an attribute name, or a legacy index `.0`. */
  private dotStep(object: Expr, dot: Token, message: string): Expr {
    const step = this.peek();
    if (step.type === 'ident') {
      this.read();
      return { t: 'getattr', object, name: this.text(step), line: dot.line };
    }
    if (step.type === 'number') {
      this.read();
      const text = this.text(step);
      if (!/^[0-9]+([eE][-+]?[0-9]+)?$/.test(text))
        throw new HclSyntaxError(
          `invalid legacy index ${JSON.stringify(text)}: chaining two indexes is not permitted, use [a][b]`,
          step.start,
        );
      return { t: 'index', object, key: { t: 'literal', value: Number(text), line: dot.line }, line: dot.line };
    }
    throw this.unexpected(step, message);
  }

  private call(nameToken: Token): Expr {
    let name = this.text(nameToken);
    while (this.peek().type === '::') {
      this.read();
      const part = this.peek();
      if (part.type !== 'ident') throw this.unexpected(part, 'a function name is required after "::"');
      this.read();
      name += `::${this.text(part)}`;
    }
    this.expect('(', 'a function name must be followed by "("');
    const args: Expr[] = [];
    let expand = false;
    this.enter(COST.call, nameToken.start);
    this.newlines.push(false);
    for (;;) {
      if (this.peek().type === ')') break;
      args.push(this.expression());
      const separator = this.peek();
      if (separator.type === ')') break;
      if (separator.type === '...') {
        this.read();
        expand = true;
        if (this.peek().type !== ')')
          throw this.unexpected(this.peek(), 'an expanded argument (with ...) must be the last, right before ")"');
        break;
      }
      if (separator.type !== ',') throw this.unexpected(separator, 'a comma is required between function arguments');
      this.read();
    }
    this.read();
    this.newlines.pop();
    this.depth -= COST.call;
    return { t: 'call', name, args, expand, line: nameToken.line };
  }

  private isFor(): boolean {
    const next = this.peek();
    return next.type === 'ident' && this.text(next) === 'for';
  }

  private tuple(): Expr {
    const open = this.read();
    this.newlines.push(false);
    let result: Expr;
    if (this.isFor()) {
      result = this.forExpr(open);
    } else {
      this.enter(COST.tuple, open.start);
      const items: Expr[] = [];
      for (;;) {
        if (this.peek().type === ']') break;
        items.push(this.expression());
        const next = this.peek();
        if (next.type === ']') break;
        if (next.type !== ',') throw this.unexpected(next, 'a comma is expected between tuple items');
        this.read();
      }
      this.read();
      result = { t: 'tuple', items, line: open.line };
      this.depth -= COST.tuple;
    }
    this.newlines.pop();
    return result;
  }

  private object(): Expr {
    const open = this.read();
    this.newlines.push(false);
    if (this.isFor()) {
      const result = this.forExpr(open);
      this.newlines.pop();
      return result;
    }
    this.enter(COST.object, open.start);
    this.newlines[this.newlines.length - 1] = true;
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      const next = this.peek();
      if (next.type === 'nl') {
        this.read();
        continue;
      }
      if (next.type === '}') break;
      const parenthesised = next.type === '(';
      const keyExpr = this.expression();
      // A bare name is the key itself; anything else (a parenthesised name included) is evaluated.
      const key: Expr =
        keyExpr.t === 'variable' && !parenthesised
          ? { t: 'literal', value: keyExpr.name, line: keyExpr.line }
          : keyExpr;
      const separator = this.peek();
      if (separator.type !== '=' && separator.type !== ':')
        throw this.unexpected(separator, 'an equals sign ("=") is expected before the value of an object item');
      this.read();
      items.push({ key, value: this.expression() });
      const after = this.peek();
      if (after.type === '}') break;
      if (after.type !== ',' && after.type !== 'nl')
        throw this.unexpected(after, 'a newline or comma is expected between object items');
      this.read();
    }
    this.read();
    this.newlines.pop();
    this.depth -= COST.object;
    return { t: 'object', items, line: open.line };
  }

  /** `[for …]` / `{for …}`, after the opening bracket; newlines are not tokens here. */
  private forExpr(open: Token): Expr {
    const isObject = open.type === '{';
    const close = isObject ? '}' : ']';
    this.enter(COST.forExpr, open.start);
    this.read(); // for
    const { keyVar, valueVar } = this.forNames('for expression');
    const collection = this.expression();
    this.expect(':', 'the for expression requires a colon after the collection');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    const arrow = this.peek();
    if (arrow.type === '=>') {
      this.read();
      keyExpr = valueExpr;
      valueExpr = this.expression();
    }
    let grouping = false;
    const ellipsis = this.peek();
    if (ellipsis.type === '...') {
      this.read();
      grouping = true;
    }
    let condition: Expr | undefined;
    const ifKeyword = this.peek();
    if (ifKeyword.type === 'ident' && this.text(ifKeyword) === 'if') {
      this.read();
      condition = this.expression();
    }
    this.expect(close, 'extra characters after the end of the for expression');
    this.depth -= COST.forExpr;
    if (!isObject && keyExpr)
      throw new HclSyntaxError('a key expression (=>) is not valid when building a tuple', arrow.start);
    if (!isObject && grouping)
      throw new HclSyntaxError('the grouping ellipsis (...) cannot be used when building a tuple', ellipsis.start);
    if (isObject && !keyExpr)
      throw new HclSyntaxError('a key expression (k => v) is required when building an object', open.start);
    return {
      t: 'for',
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      condition,
      grouping,
      line: open.line,
    };
  }

  /** `k, v in` or `v in` after `for`. */
  private forNames(what: string): { keyVar: string | undefined; valueVar: string } {
    const first = this.expectName(`the ${what} requires a variable name after "for"`);
    if (this.peek().type !== ',') {
      this.expectIn(what);
      return { keyVar: undefined, valueVar: first };
    }
    this.read();
    const second = this.expectName(`the ${what} requires a value variable name after the comma`);
    this.expectIn(what);
    return { keyVar: first, valueVar: second };
  }

  private expectIn(what: string): void {
    const token = this.peek();
    if (token.type !== 'ident' || this.text(token) !== 'in')
      throw this.unexpected(token, `the ${what} requires "in" after its variable names`);
    this.read();
  }

  private expectName(message: string): string {
    const token = this.peek();
    if (token.type !== 'ident') throw this.unexpected(token, message);
    return this.text(this.read());
  }

  // Templates -----------------------------------------------------------------------------------------------------

  /** A block label: a quoted string with escapes but no template sequences. */
  private quotedLabel(): string {
    const open = this.read();
    const pieces = this.templatePieces(open, 'label');
    return pieces.length === 0 ? '' : (pieces[0] as { text: string }).text;
  }

  private quotedTemplate(open: Token): Expr {
    this.enter(COST.quotedTemplate, open.start);
    const pieces = this.templatePieces(open, 'quoted');
    this.depth -= COST.quotedTemplate;
    return this.templateExpr(pieces, open.line);
  }

  private heredoc(open: Token): Expr {
    const intro = heredocIntroducer(this.source, open.start)!;
    this.enter(COST.heredoc, open.start);
    this.pos = intro.bodyStart;
    this.line = open.line + 1;
    const pieces = this.templatePieces(open, 'heredoc', intro.marker);
    this.depth -= COST.heredoc;
    if (intro.flush) flushIndentation(pieces);
    return this.templateExpr(pieces, open.line);
  }

  /**
   * The text and sequences of a template from this.pos: a quoted string (with escapes; a block label takes no
   * sequences) up to and past its closing quote, or a heredoc's lines up to its closing marker line (this.pos is
   * left on the newline after the marker, which ends the attribute). Text is cut where hclsyntax's scanner cuts its
   * tokens that matter here: at sequences, and in heredocs after each newline, since a strip marker trims one piece.
   */
  private templatePieces(open: Token, kind: 'quoted' | 'label' | 'heredoc', marker = ''): Piece[] {
    const source = this.source;
    const n = source.length;
    const heredoc = kind === 'heredoc';
    const pieces: Piece[] = [];
    let text = '';
    let run = this.pos;
    let i = this.pos;
    let trimNext = false;
    let lineStart = heredoc;
    const flush = () => {
      text += source.slice(run, i);
      if (text !== '') pieces.push({ kind: 'text', text: trimNext ? trimStart(text) : text });
      trimNext = false;
      text = '';
      run = i;
    };
    for (;;) {
      if (lineStart) {
        const newline = source.indexOf('\n', i);
        if (newline >= 0 && this.isMarkerLine(i, newline, marker)) {
          this.pos = source.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
          return pieces;
        }
        lineStart = false;
      }
      if (i >= n) {
        if (heredoc) throw new HclSyntaxError(`unterminated heredoc: no line "${marker}" closes it`, open.start);
        throw new HclSyntaxError('unterminated string: no closing quote mark before the end of the file', open.start);
      }
      const c = source.charCodeAt(i);
      if (heredoc) {
        if (c === 10) {
          i++;
          flush();
          this.line++;
          lineStart = true;
          continue;
        }
        if (c === 13 && source.charCodeAt(i + 1) !== 10)
          throw new HclSyntaxError('a carriage return not followed by a newline in a heredoc', i);
      } else {
        if (c === 34) {
          flush();
          this.pos = i + 1;
          return pieces;
        }
        if (c === 10 || c === 13)
          throw new HclSyntaxError('a quoted string cannot span lines (use a heredoc, or \\n)', open.start);
        if (c === 92) {
          text += source.slice(run, i);
          const [value, width] = this.escape(i);
          text += value;
          i += width;
          run = i;
          continue;
        }
      }
      if (c === 36 || c === 37) {
        const next = source.charCodeAt(i + 1);
        if (next === 123) {
          if (kind === 'label')
            throw new HclSyntaxError(
              'template sequences are not allowed in this string (double the $ or % to escape it)',
              i,
            );
          flush();
          this.pos = i;
          trimNext = this.sequence(pieces);
          i = this.pos;
          run = i;
          continue;
        }
        if (next === c && source.charCodeAt(i + 2) === 123) {
          // `$${` and `%%{` are a literal `${` and `%{`.
          text += source.slice(run, i) + source[i] + '{';
          i += 3;
          run = i;
          continue;
        }
      }
      // An ordinary character: on to the next one that can matter, in one search rather than a step per character.
      const special = heredoc ? HEREDOC_SPECIAL : QUOTED_SPECIAL;
      special.lastIndex = i + 1;
      i = special.exec(source)?.index ?? n;
    }
  }

  /** A backslash escape at `at`: its value and width (hclsyntax ParseStringLiteralToken). */
  private escape(at: number): [string, number] {
    const next = this.source[at + 1];
    switch (next) {
      case 'n':
        return ['\n', 2];
      case 'r':
        return ['\r', 2];
      case 't':
        return ['\t', 2];
      case '"':
        return ['"', 2];
      case '\\':
        return ['\\', 2];
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = this.source.slice(at + 2, at + 2 + length);
        if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length !== length)
          throw new HclSyntaxError(`the \\${next} escape must be followed by ${length} hexadecimal digits`, at);
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          throw new HclSyntaxError(`invalid escape sequence: U+${hex} cannot be encoded in UTF-8`, at);
        return [String.fromCodePoint(code), 2 + length];
      }
      default:
        throw new HclSyntaxError(
          `invalid escape sequence \\${next === undefined || next === '\n' || next === '\r' ? '' : next}`,
          at,
        );
    }
  }

  /**
   * A `${ … }` or `%{ … }` sequence at this.pos, appended to `pieces`; a `~` after its opening trims the text
   * before it. Leaves this.pos after the sequence; returns whether it ended with `~}` (trim the text after it).
   */
  private sequence(pieces: Piece[]): boolean {
    const source = this.source;
    const start = this.pos;
    const line = this.line;
    const directive = source.charCodeAt(start) === 37;
    let at = start + 2;
    if (source.charCodeAt(at) === 126) {
      at++;
      const previous = pieces[pieces.length - 1];
      if (previous?.kind === 'text') previous.text = trimEnd(previous.text);
    }
    this.pos = at;
    this.enter(COST.sequence, start);
    this.newlines.push(false);
    if (!directive) {
      pieces.push({ kind: 'interpolation', expr: this.expression() });
    } else {
      const keyword = this.peek();
      if (keyword.type !== 'ident')
        throw this.unexpected(keyword, 'a template directive keyword ("if", "for"…) is expected after %{');
      this.read();
      const word = this.text(keyword);
      switch (word) {
        case 'if':
          pieces.push({ kind: 'if', expr: this.expression(), line, offset: start });
          break;
        case 'else':
        case 'endif':
        case 'endfor':
          pieces.push({ kind: word, line, offset: start });
          break;
        case 'for': {
          const { keyVar, valueVar } = this.forNames('for directive');
          pieces.push({ kind: 'for', keyVar, valueVar, expr: this.expression(), line, offset: start });
          break;
        }
        default:
          throw new HclSyntaxError(`${JSON.stringify(word)} is not a template directive keyword`, keyword.start);
      }
    }
    const end = this.peek();
    if (end.type !== '}' && end.type !== '~}')
      throw this.unexpected(end, `a closing brace is expected to end the ${directive ? '%{' : '${'} sequence`);
    const close = this.read();
    this.newlines.pop();
    this.depth -= COST.sequence;
    return close.type === '~}';
  }

  /** Whether the line [from, newline) is the closing marker (surrounding Unicode spaces allowed, as bytes.TrimSpace). */
  private isMarkerLine(from: number, newline: number, marker: string): boolean {
    let start = from;
    let end = newline;
    while (start < end && isSpace(this.source.charCodeAt(start))) start++;
    while (end > start && isSpace(this.source.charCodeAt(end - 1))) end--;
    return this.source.slice(start, end) === marker;
  }

  /** Pieces → one expression: directives nested into if/for parts, adjacent text joined, empty text dropped. */
  private templateExpr(pieces: Piece[], line: number): Expr {
    interface Frame {
      parts: TemplatePart[];
      opening?: Piece & { kind: 'if' | 'for' };
      then?: TemplatePart[];
    }
    const stack: Frame[] = [{ parts: [] }];
    for (const piece of pieces) {
      const frame = stack[stack.length - 1]!;
      switch (piece.kind) {
        case 'text': {
          if (piece.text === '') break;
          const last = frame.parts[frame.parts.length - 1];
          if (last?.t === 'text') last.text += piece.text;
          else frame.parts.push({ t: 'text', text: piece.text });
          break;
        }
        case 'interpolation':
          frame.parts.push({ t: 'interpolation', expr: piece.expr });
          break;
        case 'if':
        case 'for':
          if (this.depth + stack.length * COST.directive > NESTING_BUDGET) throw new HclTooDeepError(piece.offset);
          stack.push({ parts: [], opening: piece });
          break;
        case 'else':
          if (frame.opening?.kind !== 'if' || frame.then)
            throw new HclSyntaxError('%{else} without a matching %{if}', piece.offset);
          // biome-ignore lint/suspicious/noThenProperty: the %{if} branch, a syntax-tree field, never awaited
          frame.then = frame.parts;
          frame.parts = [];
          break;
        case 'endif':
        case 'endfor': {
          const opening = frame.opening;
          if (!opening || opening.kind !== (piece.kind === 'endif' ? 'if' : 'for'))
            throw new HclSyntaxError(`%{${piece.kind}} without its opening directive`, piece.offset);
          stack.pop();
          const parent = stack[stack.length - 1]!;
          if (opening.kind === 'if') {
            parent.parts.push({
              t: 'if',
              condition: opening.expr,
              // biome-ignore lint/suspicious/noThenProperty: the %{if} branch, a syntax-tree field, never awaited
              then: frame.then ?? frame.parts,
              otherwise: frame.then ? frame.parts : [],
              line: opening.line,
            });
          } else {
            parent.parts.push({
              t: 'for',
              keyVar: opening.keyVar,
              valueVar: opening.valueVar,
              collection: opening.expr,
              body: frame.parts,
              line: opening.line,
            });
          }
          break;
        }
      }
    }
    if (stack.length !== 1) {
      const opening = stack[stack.length - 1]!.opening!;
      throw new HclSyntaxError(`%{${opening.kind}} is not closed (no %{end${opening.kind}})`, opening.offset);
    }
    const parts = stack[0]!.parts;
    if (parts.length === 0) return { t: 'literal', value: '', line };
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only?.t === 'text') return { t: 'literal', value: only.text, line };
    return { t: 'template', parts, line };
  }
}

/**
 * `<<-`: the smallest indentation of the lines is removed from each, as hclsyntax flushHeredocTemplateParts does it
 * on its literal pieces (after strip markers have trimmed them): a line starts where the piece before ended with a
 * newline; a line of only spaces does not count; a line starting with a sequence has no indentation.
 */
function flushIndentation(pieces: Piece[]): void {
  let minimum = Number.POSITIVE_INFINITY;
  let newline = true;
  const adjust: { kind: 'text'; text: string }[] = [];
  for (const piece of pieces) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (piece.kind === 'text') {
        const trimmed = trimStart(piece.text);
        if (trimmed.length === 0 && piece.text.endsWith('\n')) spaces = Number.POSITIVE_INFINITY;
        else {
          spaces = piece.text.length - trimmed.length;
          adjust.push(piece);
        }
      }
      if (spaces < minimum) minimum = spaces;
    }
    if (piece.kind === 'text' && piece.text.endsWith('\n')) newline = true;
  }
  if (!Number.isFinite(minimum) || minimum === 0) return;
  for (const piece of adjust) piece.text = piece.text.slice(minimum);
}
