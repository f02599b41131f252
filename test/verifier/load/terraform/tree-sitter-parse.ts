// The verifier's former HCL reader, kept for tests only: tree-sitter-hcl through web-tree-sitter, its tree converted
// to our syntax tree. The differential test (native-parser.test.ts) holds the hand-written parser
// (src/verifier/load/terraform/hcl/) to the same trees on every .tf file of the repository; test/verifier/equivalence
// reads character spans from its concrete tree. Nothing the CLI runs imports it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Node as TreeNode, type Tree, type TreeCursor } from 'web-tree-sitter';
import type { Block, Body, Expr, ParsedFile, TemplatePart } from '../../../../src/verifier/load/terraform/ast.ts';
import type { Diagnostic } from '../../../../src/verifier/load/types.ts';

let parserPromise: Promise<Parser> | undefined;
let readyParser: Parser | undefined;

export function getParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init({ locateFile: () => join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm') });
    const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    readyParser = parser;
    return parser;
  })();
  return parserPromise;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

const MAX_SYNTAX_ERRORS = 5;
const LONG_RUN = 4096;

function hasLongLine(source: string, longRun: number): boolean {
  let start = 0;
  for (;;) {
    const end = source.indexOf('\n', start);
    if ((end < 0 ? source.length : end) - start > longRun) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

type LexFrame = { kind: 'code'; depth: number } | { kind: 'string' } | { kind: 'heredoc'; id: string };

/**
 * A small HCL lexer that only tells code from literal text (quoted strings, heredocs, with interpolations and
 * directives nested as code) and replaces runs of ≥ LONG_RUN plain literal characters — leading and trailing
 * whitespace excluded, so heredoc indentation and strip markers work as before — with `\u0001<n>\u0001`.
 */
function compactLongRuns(source: string, runs: string[], longRun: number): string {
  const n = source.length;
  const stack: LexFrame[] = [{ kind: 'code', depth: 0 }];
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    const top = stack[stack.length - 1]!;
    const c = source[i]!;
    if (top.kind === 'code') {
      if (c === '"') {
        stack.push({ kind: 'string' });
        i++;
      } else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
        const end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c === '/' && source[i + 1] === '*') {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === '<' && source[i + 1] === '<') {
        const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(source.slice(i, i + 256));
        if (heredoc) {
          stack.push({ kind: 'heredoc', id: heredoc[1]! });
          i += heredoc[0].length - 1; // stop on the newline, where a heredoc checks for its closing line
        } else {
          i += 2;
        }
      } else if (c === '{') {
        top.depth++;
        i++;
      } else if (c === '}') {
        if (top.depth === 0 && stack.length > 1) stack.pop();
        else top.depth--;
        i++;
      } else {
        i++;
      }
      continue;
    }
    if (c === '\\' && top.kind === 'string') {
      i += 2;
    } else if (c === '$' || c === '%') {
      // As tree-sitter-hcl's scanner reads them: `${` opens code, `$${` is literal, `$$` is literal.
      if (source[i + 1] === '{') {
        stack.push({ kind: 'code', depth: 0 });
        i += 2;
      } else if (source[i + 1] === c) {
        i += source[i + 2] === '{' ? 3 : 2;
      } else {
        i++;
      }
    } else if (c === '"' && top.kind === 'string') {
      stack.pop();
      i++;
    } else if (c === '\n') {
      // tree-sitter-hcl lets a quoted string run on over a newline; a heredoc ends at a line holding its identifier.
      i++;
      if (top.kind === 'heredoc') {
        const end = source.indexOf('\n', i);
        if (end >= 0 && source.slice(i, end).trim() === top.id) {
          stack.pop();
          i = end;
        }
      }
    } else {
      let j = i;
      while (j < n) {
        const d = source[j]!;
        if (d === '\n' || d === '"' || d === '\\' || d === '$' || d === '%' || d === '\u0001') break;
        j++;
      }
      if (j === i) {
        i++;
        continue;
      }
      let start = i;
      let end = j;
      while (start < end && /\s/.test(source[start]!)) start++;
      while (end > start && /\s/.test(source[end - 1]!)) end--;
      if (end - start >= longRun) {
        runs.push(source.slice(start, end));
        out += source.slice(last, start) + `\u0001${runs.length - 1}\u0001`;
        last = end;
      }
      i = j;
    }
  }
  return out + source.slice(last);
}

export interface ParseResult {
  parsed?: ParsedFile;
  diagnostics: Diagnostic[];
}

/** For use once the parser is loaded (templatefile, -var values): `await getParser()` first. */
export function parseHclSync(
  source: string,
  file: string,
  parser: Parser | undefined = readyParser,
  longRun = LONG_RUN,
): ParseResult {
  if (!parser) throw new Error('the HCL parser is not loaded yet: await getParser() first');
  // tree-sitter-hcl's template scanner costs microseconds per character, so a megabyte string would take seconds.
  // Long runs of plain characters inside strings and heredocs are parsed as a short marker and put back when
  // literal text is read.
  const runs: string[] = [];
  const compact =
    source.length > longRun && hasLongLine(source, longRun) ? compactLongRuns(source, runs, longRun) : source;
  const restore =
    runs.length === 0
      ? (text: string) => text
      : // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0001 delimits placeholders no HCL text contains
        (text: string) => text.replace(/\u0001(\d+)\u0001/g, (_, i: string) => runs[Number(i)]!);
  const tree = parser.parse(compact);
  if (!tree)
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'hcl-syntax',
          unreadable: true,
          message: `${file}: the parser gave no tree`,
          location: { file, line: 1 },
        },
      ],
    };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const diagnostics: Diagnostic[] = [];
      collectSyntaxErrors(root, file, compact, diagnostics);
      if (diagnostics.length === 0)
        diagnostics.push({
          severity: 'error',
          code: 'hcl-syntax',
          unreadable: true,
          message: 'syntax error',
          location: { file, line: 1 },
        });
      return { diagnostics };
    }
    const converter = new Converter(compact, restore);
    const light = snapshot(tree, compact);
    const bodyNode = light.namedChildren.find((child) => child.type === 'body');
    const objectNode = light.namedChildren.find((child) => child.type === 'object');
    if (objectNode) {
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'hcl-json-unsupported',
            message: `${file}: a JSON-object file is not supported here`,
            location: { file, line: 1 },
          },
        ],
      };
    }
    const body = bodyNode ? converter.body(bodyNode) : { attributes: [], blocks: [] };
    return { parsed: { file, body, lines: source.split(/\r?\n/) }, diagnostics: [] };
  } catch (error) {
    if (error instanceof HclSyntaxError) {
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'hcl-syntax',
            unreadable: true,
            message: error.message,
            location: { file, line: error.line },
          },
        ],
      };
    }
    if (error instanceof RangeError) {
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'hcl-too-deep',
            message: `${file}: expressions nested too deeply to load`,
            location: { file, line: 1 },
          },
        ],
      };
    }
    throw error;
  } finally {
    tree.delete();
  }
}

function collectSyntaxErrors(node: TreeNode, file: string, source: string, out: Diagnostic[]): void {
  if (out.length >= MAX_SYNTAX_ERRORS) return;
  if (node.isMissing) {
    out.push({
      severity: 'error',
      code: 'hcl-syntax',
      unreadable: true,
      message: `syntax error: missing ${JSON.stringify(node.type)}`,
      location: { file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    });
    return;
  }
  if (node.type === 'ERROR') {
    const snippet = source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 40)).split('\n')[0];
    out.push({
      severity: 'error',
      code: 'hcl-syntax',
      unreadable: true,
      message: `syntax error: unexpected ${JSON.stringify(snippet)}`,
      location: { file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    });
    return;
  }
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) collectSyntaxErrors(child, file, source, out);
  }
}

/**
 * A plain copy of the parse tree, made in one pass: each tree-sitter node is asked for its children, type, kind
 * and end once (every such question is a call into wasm), and nothing needs freeing afterwards.
 */
class Node {
  readonly children: Node[] = [];
  private named?: Node[];
  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startPosition: { row: number; column: number },
    private readonly endRow: number,
    private readonly source: string,
  ) {}

  get namedChildren(): Node[] {
    this.named ??= this.children.filter((child) => child.isNamed);
    return this.named;
  }

  get endPosition(): { row: number } {
    return { row: this.endRow };
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
}

/**
 * Nodes whose anonymous children (parentheses, operators) the converter reads; elsewhere only named ones are copied.
 */
const ALL_CHILDREN = new Set(['expression', 'unary_operation', 'binary_operation']);

/** Nodes the converter never reads: literal text is sliced from the source, delimiters carry nothing. */
const SKIPPED = new Set([
  'comment',
  'template_literal',
  'block_start',
  'block_end',
  'object_start',
  'object_end',
  'tuple_start',
  'tuple_end',
]);

/**
 * The copy is made with one TreeCursor walking the tree: a node object per visited node only, where asking a
 * tree-sitter node for its `children` materialises a wasm-backed object for every child (4× slower on our stacks).
 */
function snapshot(tree: Tree, source: string): Node {
  const cursor = tree.walk();
  try {
    return visit(cursor, source, true);
  } finally {
    cursor.delete();
  }
}

function visit(cursor: TreeCursor, source: string, isNamed: boolean): Node {
  const type = cursor.nodeType;
  const start = cursor.startPosition;
  const copy = new Node(
    type,
    isNamed,
    cursor.startIndex,
    cursor.endIndex,
    start,
    type === 'block' ? cursor.endPosition.row : start.row,
    source,
  );
  // A string literal is read from its span: no need to copy its quotes and text.
  if (type === 'string_lit' || !cursor.gotoFirstChild()) return copy;
  const all = ALL_CHILDREN.has(type);
  do {
    const named = cursor.nodeIsNamed;
    if (all) copy.children.push(visit(cursor, source, named));
    else if (named && !SKIPPED.has(cursor.nodeType)) copy.children.push(visit(cursor, source, true));
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return copy;
}

/** HCL's binary operator precedence (hclsyntax binaryOps): higher binds tighter; every level is left-associative. */
const PRECEDENCE: Readonly<Record<string, number>> = {
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

const BINARY_OPERATORS = new Set(Object.keys(PRECEDENCE));

/** A postfix step: an attribute or index node, or the start of a splat. */
type Traversal = { node: Node; splat?: undefined } | { splat: 'full' | 'attribute'; line: number; node?: undefined };

type TemplateToken =
  | { kind: 'interpolation'; start: number; end: number; stripLeft: boolean; stripRight: boolean; expr: Expr }
  | { kind: 'if'; start: number; end: number; stripLeft: boolean; stripRight: boolean; expr: Expr; line: number }
  | {
      kind: 'else' | 'endif' | 'endfor';
      start: number;
      end: number;
      stripLeft: boolean;
      stripRight: boolean;
      line: number;
    }
  | {
      kind: 'for';
      start: number;
      end: number;
      stripLeft: boolean;
      stripRight: boolean;
      keyVar: string | undefined;
      valueVar: string;
      expr: Expr;
      line: number;
    };

class Converter {
  constructor(
    private readonly source: string,
    private readonly restore: (text: string) => string,
  ) {}

  private line(node: Node): number {
    return node.startPosition.row + 1;
  }

  private children(node: Node): Node[] {
    return node.children.filter((child): child is Node => child !== null && child.type !== 'comment');
  }

  private named(node: Node): Node[] {
    return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  }

  body(node: Node): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const child of this.named(node)) {
      if (child.type === 'attribute') {
        const [identifier, expression] = this.named(child);
        body.attributes.push({ name: identifier!.text, expr: this.expression(expression!), line: this.line(child) });
      } else if (child.type === 'block') {
        body.blocks.push(this.block(child));
      }
    }
    return body;
  }

  private block(node: Node): Block {
    const parts = this.named(node);
    const type = parts[0]!.text;
    const labels: string[] = [];
    let body: Body = { attributes: [], blocks: [] };
    for (const part of parts.slice(1)) {
      if (part.type === 'string_lit') labels.push(this.stringLiteral(part));
      else if (part.type === 'identifier') labels.push(part.text);
      else if (part.type === 'body') body = this.body(part);
    }
    return { type, labels, body, line: this.line(node), endLine: node.endPosition.row + 1 };
  }

  private stringLiteral(node: Node): string {
    const start = node.startIndex + 1;
    const end = node.endIndex - 1;
    return unescapeQuoted(singleLine(this.restore(this.source.slice(start, end)), this.line(node)), this.line(node));
  }

  expression(node: Node): Expr {
    if (node.type !== 'expression') return this.termSequence([node]);
    const children = this.children(node);
    if (children.length === 1 && children[0]!.type === 'conditional')
      return this.conditional(children[0]!, this.line(node));
    return this.termSequence(children);
  }

  /**
   * HCL reads `a ? b : c ? d : e` as `a ? b : (c ? d : e)`: the condition is a binary-operator expression and both
   * branches are whole expressions (hclsyntax parseTernaryConditional). tree-sitter-hcl declares the conditional
   * `prec.left`, so it nests a bare conditional in the condition instead: `(a ? b : c) ? d : e`. A condition that
   * is itself an unparenthesised conditional is therefore rotated back into the false branch.
   */
  private conditional(node: Node, line: number): Expr {
    const [condition, then, otherwise] = this.named(node).filter((child) => child.type === 'expression') as [
      Node,
      Node,
      Node,
    ];
    return this.withCondition(condition, this.expression(then), this.expression(otherwise), line);
  }

  /** `condition ? then : otherwise` with already converted branches; a bare conditional condition is rotated. */
  private withCondition(condition: Node, then: Expr, otherwise: Expr, line: number): Expr {
    const inner = this.bareConditional(condition);
    if (!inner) return { t: 'conditional', condition: this.expression(condition), then, otherwise, line };
    const [x, y, z] = this.named(inner).filter((child) => child.type === 'expression') as [Node, Node, Node];
    return this.withCondition(x, this.expression(y), this.withCondition(z, then, otherwise, line), line);
  }

  /** The conditional node an `expression` consists of when it is a conditional written without parentheses. */
  private bareConditional(node: Node): Node | undefined {
    const children = this.children(node);
    return node.type === 'expression' && children.length === 1 && children[0]!.type === 'conditional'
      ? children[0]
      : undefined;
  }

  /** `_expr_term` is hidden in the grammar, so a term and its postfix traversals arrive as siblings. */
  private termSequence(children: Node[]): Expr {
    let index = 0;
    let expr: Expr;
    const first = children[0]!;
    if (first.type === '(') {
      expr = this.expression(children[1]!);
      index = 3;
    } else {
      expr = this.primary(first);
      index = 1;
    }
    const traversals: Traversal[] = [];
    for (const child of children.slice(index)) {
      if (child.type === 'splat') {
        const inner = this.named(child)[0]!;
        traversals.push({ splat: inner.type === 'full_splat' ? 'full' : 'attribute', line: this.line(child) });
        for (const step of this.named(inner)) traversals.push({ node: step });
      } else {
        traversals.push({ node: child });
      }
    }
    return this.traverse(expr, traversals, 0);
  }

  /**
   * Applies traversals as HCL does (hclsyntax parseExpressionTraversals), which is not how tree-sitter-hcl groups
   * them: a full splat `[*]` takes every traversal after it, further splats included, per element; an
   * attribute-only splat `.*` takes only the `.name` (and legacy `.0`) steps right after it, and the rest applies to
   * its result, so `x.*.b[0]` is `(x.*.b)[0]` while `x[*].b[0]` is `[for e in x : e.b[0]]`.
   */
  private traverse(object: Expr, traversals: readonly Traversal[], from: number): Expr {
    let expr = object;
    for (let i = from; i < traversals.length; i++) {
      const step = traversals[i]!;
      if (step.splat === 'full') {
        return {
          t: 'splat',
          object: expr,
          each: this.traverse({ t: 'splat-item', line: step.line }, traversals, i + 1),
          line: step.line,
        };
      }
      if (step.splat === 'attribute') {
        let each: Expr = { t: 'splat-item', line: step.line };
        let j = i + 1;
        for (; j < traversals.length; j++) {
          const node = traversals[j]!.node;
          const legacyIndex = node?.type === 'index' && this.named(node)[0]!.type === 'legacy_index';
          if (!node || (node.type !== 'get_attr' && !legacyIndex)) break;
          each = this.postfix(each, node);
        }
        expr = { t: 'splat', object: expr, each, line: step.line };
        i = j - 1;
        continue;
      }
      expr = this.postfix(expr, step.node!);
    }
    return expr;
  }

  private postfix(object: Expr, node: Node): Expr {
    const line = this.line(node);
    switch (node.type) {
      case 'get_attr':
        return { t: 'getattr', object, name: this.named(node)[0]!.text, line };
      case 'index': {
        const inner = this.named(node)[0]!;
        if (inner.type === 'legacy_index')
          return { t: 'index', object, key: { t: 'literal', value: Number(inner.text.slice(1)), line }, line };
        return { t: 'index', object, key: this.expression(this.named(inner)[0]!), line };
      }
      default:
        throw new HclSyntaxError(`unexpected ${node.type} after an expression`, line);
    }
  }

  private primary(node: Node): Expr {
    const line = this.line(node);
    switch (node.type) {
      case 'expression':
        return this.expression(node);
      case 'literal_value': {
        const inner = this.named(node)[0]!;
        switch (inner.type) {
          case 'numeric_lit':
            return { t: 'literal', value: Number(inner.text), line };
          case 'bool_lit':
            return { t: 'literal', value: inner.text === 'true', line };
          case 'null_lit':
            return { t: 'literal', value: null, line };
          default:
            return { t: 'literal', value: this.stringLiteral(inner), line };
        }
      }
      case 'template_expr': {
        const inner = this.named(node)[0]!;
        return inner.type === 'heredoc_template' ? this.heredoc(inner) : this.quotedTemplate(inner);
      }
      case 'collection_value': {
        const inner = this.named(node)[0]!;
        if (inner.type === 'tuple') {
          return {
            t: 'tuple',
            items: this.named(inner)
              .filter((child) => child.type === 'expression')
              .map((child) => this.expression(child)),
            line,
          };
        }
        const items: { key: Expr; value: Expr }[] = [];
        for (const element of this.named(inner)) {
          if (element.type !== 'object_elem') continue;
          // object_elem is key, "=" or ":", value.
          const [keyNode, valueNode] = this.named(element) as [Node, Node];
          const keyChildren = this.children(keyNode);
          const key: Expr =
            keyChildren.length === 1 && keyChildren[0]!.type === 'variable_expr'
              ? { t: 'literal', value: keyChildren[0]!.text, line: this.line(keyNode) }
              : this.expression(keyNode);
          items.push({ key, value: this.expression(valueNode) });
        }
        return { t: 'object', items, line };
      }
      case 'variable_expr':
        return { t: 'variable', name: node.text, line };
      case 'function_call': {
        const parts = this.named(node);
        const argsNode = parts.find((part) => part.type === 'function_arguments');
        const args = argsNode
          ? this.named(argsNode)
              .filter((child) => child.type === 'expression')
              .map((child) => this.expression(child))
          : [];
        const expand = argsNode ? this.named(argsNode).some((child) => child.type === 'ellipsis') : false;
        return { t: 'call', name: parts[0]!.text, args, expand, line };
      }
      case 'for_expr':
        return this.forExpr(this.named(node)[0]!);
      case 'operation':
        return this.operation(node);
      default:
        throw new HclSyntaxError(`unexpected ${node.type}`, line);
    }
  }

  /**
   * Operators as HCL parses them (hclsyntax binaryOps): unary `-`/`!` bind to the term right after them, then
   * `* / %`, `+ -`, `> >= < <=`, `== !=`, `&&`, `||`, each level left-associative. tree-sitter-hcl's precedences
   * are meant to say the same, but the tree is not trusted for it: an unparenthesised chain of operations is
   * flattened into operands and operators and regrouped here.
   */
  private operation(node: Node): Expr {
    const operands: Expr[] = [];
    const operators: { op: string; line: number }[] = [];
    this.flattenOperation(node, operands, operators);
    // Precedence climbing: operands[next] is the operand being read, operators[next] the operator after it.
    let next = 0;
    const level = (minimum: number): Expr => {
      let left = operands[next]!;
      while (next < operators.length && PRECEDENCE[operators[next]!.op]! >= minimum) {
        const { op, line } = operators[next]!;
        next++;
        const right = level(PRECEDENCE[op]! + 1);
        left = { t: 'binary', op, left, right, line };
      }
      return left;
    };
    return level(1);
  }

  /** An unparenthesised `operation` node → its operands (terms, unary operations) and binary operators, in order. */
  private flattenOperation(node: Node, operands: Expr[], operators: { op: string; line: number }[]): void {
    const inner = this.named(node)[0]!;
    const children = this.children(inner);
    if (inner.type === 'unary_operation') {
      const op = children[0]!.type as '-' | '!';
      const rest = children.slice(1);
      // Were the operand a bare binary operation, the unary operator would still bind to its first term only.
      const nested = rest.length === 1 ? this.bareOperation(rest[0]!) : undefined;
      if (nested && this.named(nested)[0]!.type === 'binary_operation') {
        const first = operands.length;
        this.flattenOperation(nested, operands, operators);
        operands[first] = { t: 'unary', op, operand: operands[first]!, line: this.line(node) };
        return;
      }
      operands.push({ t: 'unary', op, operand: this.termSequence(rest), line: this.line(node) });
      return;
    }
    let depth = 0;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === '(') depth++;
      else if (child.type === ')') depth--;
      else if (depth === 0 && i > 0 && !child.isNamed && BINARY_OPERATORS.has(child.type)) {
        this.operand(children.slice(0, i), operands, operators);
        operators.push({ op: child.type, line: this.line(child) });
        this.operand(children.slice(i + 1), operands, operators);
        return;
      }
    }
    throw new HclSyntaxError('cannot read this operation', this.line(node));
  }

  private operand(children: Node[], operands: Expr[], operators: { op: string; line: number }[]): void {
    const nested = children.length === 1 ? this.bareOperation(children[0]!) : undefined;
    if (nested) this.flattenOperation(nested, operands, operators);
    else operands.push(this.termSequence(children));
  }

  /** The `operation` node a term consists of, when it is an operation written without parentheses. */
  private bareOperation(node: Node): Node | undefined {
    if (node.type === 'operation') return node;
    if (node.type === 'expression') {
      const children = this.children(node);
      if (children.length === 1 && children[0]!.type === 'operation') return children[0];
    }
    return undefined;
  }

  private forExpr(node: Node): Expr {
    const parts = this.named(node);
    const intro = parts.find((part) => part.type === 'for_intro')!;
    const names = this.named(intro)
      .filter((child) => child.type === 'identifier')
      .map((child) => child.text);
    const collection = this.expression(this.named(intro).find((child) => child.type === 'expression')!);
    const expressions = parts.filter((part) => part.type === 'expression').map((part) => this.expression(part));
    const condNode = parts.find((part) => part.type === 'for_cond');
    const condition = condNode
      ? this.expression(this.named(condNode).find((child) => child.type === 'expression')!)
      : undefined;
    const isObject = node.type === 'for_object_expr';
    return {
      t: 'for',
      keyVar: names.length === 2 ? names[0] : undefined,
      valueVar: names.length === 2 ? names[1]! : names[0]!,
      collection,
      keyExpr: isObject ? expressions[0] : undefined,
      valueExpr: isObject ? expressions[1]! : expressions[0]!,
      condition,
      grouping: isObject && parts.some((part) => part.type === 'ellipsis'),
      line: this.line(node),
    };
  }

  private quotedTemplate(node: Node): Expr {
    const children = node.children.filter((child): child is Node => child !== null);
    const start = children[0]!.endIndex;
    const end = children[children.length - 1]!.startIndex;
    return this.template(node, start, end, (text, line) => unescapeQuoted(singleLine(text, line), line), undefined);
  }

  private heredoc(node: Node): Expr {
    const children = node.children.filter((child): child is Node => child !== null);
    const flush = children[0]!.text === '<<-';
    const identifiers = children.filter((child) => child.type === 'heredoc_identifier');
    const opening = identifiers[0]!;
    const closing = identifiers[identifiers.length - 1]!;
    const newline = this.source.indexOf('\n', opening.endIndex);
    const start = newline < 0 || newline > closing.startIndex ? closing.startIndex : newline + 1;
    const end = Math.max(start, this.source.lastIndexOf('\n', closing.startIndex - 1) + 1);
    let removed: Set<number> | undefined;
    if (flush) removed = flushIndentation(this.source, start, end);
    return this.template(node, start, end, (text) => text.replaceAll('$${', '${').replaceAll('%%{', '%{'), removed);
  }

  private template(
    node: Node,
    start: number,
    end: number,
    unescape: (text: string, line: number) => string,
    removed: Set<number> | undefined,
  ): Expr {
    const line = this.line(node);
    const tokens: TemplateToken[] = [];
    this.templateTokens(node, tokens);
    const literal = (from: number, to: number): string => {
      let raw = this.source.slice(from, to);
      if (removed) {
        let kept = '';
        for (let i = from; i < to; i++) if (!removed.has(i)) kept += this.source[i];
        raw = kept;
      }
      return unescape(this.restore(raw), line);
    };
    const texts: string[] = [];
    let cursor = start;
    for (const token of tokens) {
      texts.push(literal(cursor, token.start));
      cursor = token.end;
    }
    texts.push(literal(cursor, end));
    tokens.forEach((token, i) => {
      if (token.stripLeft) texts[i] = texts[i]!.replace(/\s+$/, '');
      if (token.stripRight) texts[i + 1] = texts[i + 1]!.replace(/^\s+/, '');
    });
    // Nest the flat token list into if/for parts.
    interface Frame {
      parts: TemplatePart[];
      token?: TemplateToken;
      then?: TemplatePart[];
    }
    const stack: Frame[] = [{ parts: [] }];
    const push = (part: TemplatePart) => stack[stack.length - 1]!.parts.push(part);
    const pushText = (text: string) => {
      if (text !== '') push({ t: 'text', text });
    };
    pushText(texts[0]!);
    tokens.forEach((token, i) => {
      switch (token.kind) {
        case 'interpolation':
          push({ t: 'interpolation', expr: token.expr });
          break;
        case 'if':
        case 'for':
          stack.push({ parts: [], token });
          break;
        case 'else': {
          const frame = stack[stack.length - 1]!;
          if (frame.token?.kind !== 'if' || frame.then)
            throw new HclSyntaxError('%{else} without a matching %{if}', token.line);
          // biome-ignore lint/suspicious/noThenProperty: the %{if} branch, a syntax-tree field, never awaited
          frame.then = frame.parts;
          frame.parts = [];
          break;
        }
        case 'endif':
        case 'endfor': {
          const frame = stack.pop()!;
          const opening = frame.token;
          if (!opening || opening.kind !== (token.kind === 'endif' ? 'if' : 'for'))
            throw new HclSyntaxError(`%{${token.kind}} without its opening directive`, token.line);
          if (opening.kind === 'if') {
            push({
              t: 'if',
              condition: opening.expr,
              // biome-ignore lint/suspicious/noThenProperty: the %{if} branch, a syntax-tree field, never awaited
              then: frame.then ?? frame.parts,
              otherwise: frame.then ? frame.parts : [],
              line: opening.line,
            });
          } else if (opening.kind === 'for') {
            push({
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
      pushText(texts[i + 1]!);
    });
    if (stack.length !== 1) throw new HclSyntaxError('a template directive is not closed', line);
    const parts = stack[0]!.parts;
    if (parts.length === 0) return { t: 'literal', value: '', line };
    const only = parts.length === 1 ? parts[0]! : undefined;
    if (only?.t === 'text') return { t: 'literal', value: only.text, line };
    return { t: 'template', parts, line };
  }

  private templateTokens(node: Node, out: TemplateToken[]): void {
    for (const child of node.children) {
      if (!child) continue;
      switch (child.type) {
        case 'template_interpolation': {
          const { stripLeft, stripRight } = strips(child);
          const expression = this.named(child).find((c) => c.type === 'expression');
          if (!expression) throw new HclSyntaxError('empty interpolation ${}', this.line(child));
          out.push({
            kind: 'interpolation',
            start: child.startIndex,
            end: child.endIndex,
            stripLeft,
            stripRight,
            expr: this.expression(expression),
          });
          break;
        }
        case 'template_directive':
        case 'template_if':
        case 'template_for':
          this.templateTokens(child, out);
          break;
        case 'template_if_intro': {
          const { stripLeft, stripRight } = strips(child);
          const expression = this.named(child).find((c) => c.type === 'expression')!;
          out.push({
            kind: 'if',
            start: child.startIndex,
            end: child.endIndex,
            stripLeft,
            stripRight,
            expr: this.expression(expression),
            line: this.line(child),
          });
          break;
        }
        case 'template_for_start': {
          const { stripLeft, stripRight } = strips(child);
          const names = this.named(child)
            .filter((c) => c.type === 'identifier')
            .map((c) => c.text);
          const expression = this.named(child).find((c) => c.type === 'expression')!;
          out.push({
            kind: 'for',
            start: child.startIndex,
            end: child.endIndex,
            stripLeft,
            stripRight,
            keyVar: names.length === 2 ? names[0] : undefined,
            valueVar: names.length === 2 ? names[1]! : names[0]!,
            expr: this.expression(expression),
            line: this.line(child),
          });
          break;
        }
        case 'template_else_intro':
        case 'template_if_end':
        case 'template_for_end': {
          const { stripLeft, stripRight } = strips(child);
          const kind =
            child.type === 'template_else_intro' ? 'else' : child.type === 'template_if_end' ? 'endif' : 'endfor';
          out.push({
            kind,
            start: child.startIndex,
            end: child.endIndex,
            stripLeft,
            stripRight,
            line: this.line(child),
          });
          break;
        }
        default:
          break;
      }
    }
  }
}

function strips(node: Node): { stripLeft: boolean; stripRight: boolean } {
  const children = node.children.filter((child): child is Node => child !== null);
  const opener = children[0]!;
  let stripLeft = false;
  let stripRight = false;
  for (const child of children) {
    if (child.type !== 'strip_marker') continue;
    if (child.startIndex === opener.endIndex) stripLeft = true;
    else stripRight = true;
  }
  return { stripLeft, stripRight };
}

/** `<<-` heredocs drop the smallest indentation of their non-blank lines from every line. */
function flushIndentation(source: string, start: number, end: number): Set<number> {
  const lineStarts: number[] = [];
  let minimum = Infinity;
  for (let position = start; position < end; ) {
    const next = source.indexOf('\n', position);
    const lineEnd = next < 0 || next >= end ? end : next;
    let indent = 0;
    while (position + indent < lineEnd && (source[position + indent] === ' ' || source[position + indent] === '\t'))
      indent++;
    lineStarts.push(position);
    if (position + indent < lineEnd) minimum = Math.min(minimum, indent);
    position = lineEnd + 1;
  }
  const removed = new Set<number>();
  if (!Number.isFinite(minimum) || minimum === 0) return removed;
  for (const lineStart of lineStarts) {
    for (let i = 0; i < minimum && lineStart + i < end; i++) {
      const char = source[lineStart + i];
      if (char !== ' ' && char !== '\t') break;
      removed.add(lineStart + i);
    }
  }
  return removed;
}

/** tree-sitter-hcl lets a quoted string run over a newline; HCL (and Terraform) does not. */
function singleLine(text: string, line: number): string {
  if (text.includes('\n')) throw new HclSyntaxError('a quoted string cannot span lines (use a heredoc, or \\n)', line);
  return text;
}

function unescapeQuoted(text: string, line: number): string {
  if (!text.includes('\\') && !text.includes('$${') && !text.includes('%%{')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') {
      const next = text[i + 1];
      i++;
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
        case 'U': {
          const length = next === 'u' ? 4 : 8;
          const hex = text.slice(i + 1, i + 1 + length);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length)
            throw new HclSyntaxError(`invalid \\${next} escape`, line);
          out += String.fromCodePoint(parseInt(hex, 16));
          i += length;
          break;
        }
        default:
          throw new HclSyntaxError(`invalid escape sequence \\${next ?? ''}`, line);
      }
    } else if ((char === '$' || char === '%') && text[i + 1] === char && text[i + 2] === '{') {
      out += char + '{';
      i += 2;
    } else {
      out += char;
    }
  }
  return out;
}
