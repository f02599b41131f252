// Loads and validates one corpus entry with Enclave, as `enclave verify` does before its model: the load
// diagnostics, the schema diagnostics, what was not loaded, and which provider schema was used.
import { join } from 'node:path';
import { loadCloudFormation } from '../../src/verifier/load/cloudformation/index.ts';
import { loadTerraform } from '../../src/verifier/load/terraform/index.ts';
import type { LoadedStack } from '../../src/verifier/load/types.ts';
import { validateStack } from '../../src/verifier/schema/index.ts';
import type { ManifestEntry } from './vendor.ts';

export const CORPUS = new URL('./', import.meta.url).pathname;

export interface EnclaveResult {
  /** Errors and warnings (notes left out), as `severity code file:line`. */
  diagnostics: string[];
  skipped: string[];
  schema?: string;
  resources: number;
}

export async function runEnclave(entry: ManifestEntry): Promise<{ result: EnclaveResult; stack: LoadedStack }> {
  const stack = entry.dialect === 'terraform' ? await loadTerraform(entry.path, { cwd: CORPUS }) : await loadCloudFormation(entry.path, { cwd: CORPUS });
  const all = [...stack.diagnostics, ...validateStack(stack)].filter((d) => d.severity !== 'note');
  return {
    stack,
    result: {
      diagnostics: all.map((d) => `${d.severity} ${d.code} ${d.location ? `${d.location.file}:${d.location.line}` : '-'} ${d.message}`).sort(),
      skipped: (stack.skipped ?? []).map((s) => `${s.kind} ${s.source}`).sort(),
      ...(stack.providerSchema ? { schema: stack.providerSchema.version } : {}),
      resources: stack.resources.length,
    },
  };
}

export function entryPath(entry: ManifestEntry): string {
  return join(CORPUS, entry.path);
}
