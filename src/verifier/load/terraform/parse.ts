// HCL → our syntax tree, with the hand-written parser in ./hcl/ (plain TypeScript: nothing to load first). A file
// with a syntax error yields a diagnostic with file:line and no body at all: a partial parse is never used silently.
import type { Diagnostic } from '../types.ts';
import type { ParsedFile } from './ast.ts';
import { HclSyntaxError, HclTooDeepError, parseNative } from './hcl/parser.ts';

export interface ParseResult {
  parsed?: ParsedFile;
  diagnostics: Diagnostic[];
}

/**
 * Parsed files by path and text: one verification loads a stack twice (as given, and with its bounded inputs at their
 * longest), and the second load should not parse again. The trees are read, never changed, after parsing.
 */
const parsedFiles = new Map<string, { source: string; result: ParseResult }>();
const PARSED_FILES_KEPT = 512;

export async function parseHcl(source: string, file: string): Promise<ParseResult> {
  const kept = parsedFiles.get(file);
  if (kept && kept.source === source) return kept.result;
  const result = parseHclSync(source, file);
  if (parsedFiles.size >= PARSED_FILES_KEPT) parsedFiles.delete(parsedFiles.keys().next().value!);
  parsedFiles.set(file, { source, result });
  return result;
}

export function parseHclSync(source: string, file: string): ParseResult {
  try {
    const native = parseNative(source);
    if (native.object) {
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
    return { parsed: { file, body: native.body!, lines: source.split(/\r?\n/) }, diagnostics: [] };
  } catch (error) {
    if (error instanceof HclSyntaxError) {
      const { line, column } = position(source, error.offset);
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'hcl-syntax',
            unreadable: true,
            message: `syntax error: ${error.message}`,
            location: { file, line, column },
          },
        ],
      };
    }
    // NESTING_BUDGET keeps the parser well inside Node's default stack; a RangeError still means the same, should
    // this run with a smaller one.
    if (error instanceof HclTooDeepError || error instanceof RangeError) {
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'hcl-too-deep',
            // Terraform may read it; this verifier cannot, so nothing it says about the stack would be a proof.
            unreadable: true,
            message: `${file}: expressions nested too deeply to load`,
            location: { file, line: error instanceof HclTooDeepError ? position(source, error.offset).line : 1 },
          },
        ],
      };
    }
    throw error;
  }
}

/** 1-based line and column (in UTF-16 units, as the editor shows them) of a character offset. */
function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
