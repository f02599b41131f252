// Where each block, attribute and expression of an HCL file is, as character offsets, from tree-sitter-hcl: what a
// source-to-source rewrite needs (the verifier's own syntax tree keeps lines, not spans).
import { getParser } from '../load/terraform/tree-sitter-parse.ts';

export interface Span {
  start: number;
  end: number;
}

export interface CstAttribute extends Span {
  name: string;
  expr: Span;
}

export interface CstBlock extends Span {
  type: string;
  labels: string[];
  /** Between the braces. */
  body: Span;
  attributes: CstAttribute[];
  blocks: CstBlock[];
}

export interface CstFile {
  text: string;
  blocks: CstBlock[];
  attributes: CstAttribute[];
  /** Every node of a type anywhere in the file, for expression-level rewrites (`conditional`, `template_expr`…). */
  nodesOf(type: string): (Span & { children: (Span & { type: string })[] })[];
}

type TsNode = {
  type: string;
  startIndex: number;
  endIndex: number;
  children: (TsNode | null)[];
  namedChildren: (TsNode | null)[];
  text: string;
  hasError: boolean;
};

function kids(node: TsNode): TsNode[] {
  return node.children.filter((c): c is TsNode => c !== null);
}

function attributeOf(node: TsNode): CstAttribute {
  const [name, , expr] = kids(node);
  return {
    name: name!.text,
    start: node.startIndex,
    end: node.endIndex,
    expr: { start: expr!.startIndex, end: expr!.endIndex },
  };
}

function blockOf(node: TsNode): CstBlock {
  const children = kids(node);
  const open = children.find((c) => c.type === 'block_start')!;
  const close = children.find((c) => c.type === 'block_end')!;
  const body = children.find((c) => c.type === 'body');
  return {
    type: children[0]!.text,
    labels: children
      .filter((c) => c.type === 'string_lit' || (c.type === 'identifier' && c !== children[0]))
      .map((c) => (c.type === 'string_lit' ? c.text.slice(1, -1) : c.text)),
    start: node.startIndex,
    end: node.endIndex,
    body: { start: open.endIndex, end: close.startIndex },
    attributes: body
      ? kids(body)
          .filter((c) => c.type === 'attribute')
          .map(attributeOf)
      : [],
    blocks: body
      ? kids(body)
          .filter((c) => c.type === 'block')
          .map(blockOf)
      : [],
  };
}

export async function parseCst(text: string): Promise<CstFile> {
  const parser = await getParser();
  const tree = parser.parse(text)!;
  const root = tree.rootNode as unknown as TsNode;
  if (root.hasError) throw new Error('the file does not parse');
  const body = kids(root).find((c) => c.type === 'body');
  const all = new Map<string, (Span & { children: (Span & { type: string })[] })[]>();
  const visit = (n: TsNode) => {
    const list = all.get(n.type) ?? [];
    list.push({
      start: n.startIndex,
      end: n.endIndex,
      children: kids(n).map((c) => ({ type: c.type, start: c.startIndex, end: c.endIndex })),
    });
    all.set(n.type, list);
    for (const c of kids(n)) visit(c);
  };
  visit(root);
  const file: CstFile = {
    text,
    blocks: body
      ? kids(body)
          .filter((c) => c.type === 'block')
          .map(blockOf)
      : [],
    attributes: body
      ? kids(body)
          .filter((c) => c.type === 'attribute')
          .map(attributeOf)
      : [],
    nodesOf: (type) => all.get(type) ?? [],
  };
  tree.delete();
  return file;
}

/** Applies replacements (spans of the original text; none may overlap). */
export function splice(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
