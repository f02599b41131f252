// The syntax tree the evaluator works on, as the parser (./hcl/parser.ts) and the JSON-syntax reader build it: plain
// objects with 1-based lines.
import type { Value } from '../types.ts';

export type Expr =
  | { t: 'literal'; value: Value; line: number }
  | { t: 'template'; parts: TemplatePart[]; line: number }
  | { t: 'tuple'; items: Expr[]; line: number }
  | { t: 'object'; items: { key: Expr; value: Expr }[]; line: number }
  | { t: 'variable'; name: string; line: number }
  | { t: 'getattr'; object: Expr; name: string; line: number }
  | { t: 'index'; object: Expr; key: Expr; line: number }
  /** `object[*].rest` / `object.*.rest`: `each` is evaluated per element with the element bound to the splat item. */
  | { t: 'splat'; object: Expr; each: Expr; line: number }
  | { t: 'splat-item'; line: number }
  | { t: 'call'; name: string; args: Expr[]; expand: boolean; line: number }
  | {
      t: 'for';
      keyVar: string | undefined;
      valueVar: string;
      collection: Expr;
      /** Present for `{ for … : k => v }`. */
      keyExpr: Expr | undefined;
      valueExpr: Expr;
      condition: Expr | undefined;
      grouping: boolean;
      line: number;
    }
  | { t: 'conditional'; condition: Expr; then: Expr; otherwise: Expr; line: number }
  | { t: 'unary'; op: '-' | '!'; operand: Expr; line: number }
  | { t: 'binary'; op: string; left: Expr; right: Expr; line: number };

export type TemplatePart =
  | { t: 'text'; text: string }
  | { t: 'interpolation'; expr: Expr }
  | { t: 'if'; condition: Expr; then: TemplatePart[]; otherwise: TemplatePart[]; line: number }
  | { t: 'for'; keyVar: string | undefined; valueVar: string; collection: Expr; body: TemplatePart[]; line: number };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
  /** Set when the attribute came from another file than its block (an override file). */
  file?: string;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
  /** Set when the block came from another file than its parent (an override file). */
  file?: string;
  /** Arguments an override file added that the block itself did not set (Terraform checks the block before merging). */
  overrideAdded?: string[];
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface ParsedFile {
  /** Path as shown in diagnostics (relative to cwd). */
  file: string;
  body: Body;
  /** Source lines, kept for suppression comments. */
  lines: string[];
}
