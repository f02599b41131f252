// Suppressions written as comments on the lines immediately above a resource block, or inside it:
//   # enclave:ignore <rule-id> reason="why this is acceptable" expires=YYYY-MM-DD
// In a *.tf.json file, as Terraform's JSON comment property inside the resource's object:
//   "//": "enclave:ignore <rule-id> reason=\"why this is acceptable\" expires=YYYY-MM-DD"
// A malformed one is an error (and suppresses nothing): a suppression must carry its rule, a reason and an expiry.
import type { Diagnostic, Suppression } from '../types.ts';
import type { Block, ParsedFile } from './ast.ts';

const MARKER = /^\s*(?:#|\/\/|\/\*)\s*enclave:ignore\b(.*)$/;
const COMMENT = /^\s*(?:#|\/\/)/;
const JSON_COMMENT = /^\s*"\/\/"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$/;

/** A line as a comment: as written in HCL, or the value of a JSON `"//"` property. */
function commentText(line: string): string {
  const json = JSON_COMMENT.exec(line);
  if (!json) return line;
  try {
    return `# ${JSON.parse(json[1]!) as string}`;
  } catch {
    return line;
  }
}
const WELL_FORMED =
  /^\s+([A-Za-z0-9][A-Za-z0-9_.:/-]*)\s+reason="((?:[^"\\]|\\.)*)"\s+expires=(\d{4}-\d{2}-\d{2})\s*(?:\*\/)?\s*$/;

function validDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function suppressionsFor(parsed: ParsedFile, block: Block, diagnostics: Diagnostic[]): Suppression[] {
  const lines: number[] = [];
  for (let line = block.line - 1; line >= 1 && COMMENT.test(parsed.lines[line - 1] ?? ''); line--) lines.unshift(line);
  for (let line = block.line; line <= block.endLine; line++) lines.push(line);
  const out: Suppression[] = [];
  for (const line of lines) {
    const raw = parsed.lines[line - 1] ?? '';
    // Most lines of a block are not suppressions: the marker's words come before any regular expression runs.
    if (!raw.includes('enclave:ignore') && !raw.includes('\\u')) continue;
    const text = commentText(raw);
    const marker = MARKER.exec(text);
    if (!marker) continue;
    const location = { file: parsed.file, line };
    const match = WELL_FORMED.exec(marker[1]!);
    if (!match || match[2]!.trim() === '' || !validDate(match[3]!)) {
      diagnostics.push({
        severity: 'error',
        code: 'suppression-malformed',
        message:
          'a suppression reads: # enclave:ignore <rule-id> reason="…" expires=YYYY-MM-DD (a non-empty reason and a real date)',
        location,
      });
      continue;
    }
    out.push({ ruleId: match[1]!, reason: match[2]!.replace(/\\(.)/g, '$1'), expires: match[3]!, location });
  }
  return out;
}
