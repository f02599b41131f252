// Verifies one corpus entry with Enclave, as `enclave verify` does: the load and schema diagnostics, what was not
// loaded, which provider schema was used, and the verdict of every rule. As its owners would run it: no Enclave
// contracts within reach (--contracts names the corpus, which declares none), and on a fixed day, so that runtime
// deprecations do not move the pins.
import { join } from 'node:path';
import { loadCloudFormation } from '../../src/verifier/load/cloudformation/index.ts';
import { loadTerraform } from '../../src/verifier/load/terraform/index.ts';
import type { LoadedStack } from '../../src/verifier/load/types.ts';
import { validateStack } from '../../src/verifier/schema/index.ts';
import { verifyStack, type StackVerification } from '../../src/verifier/verify.ts';
import type { ManifestEntry } from './vendor.ts';

export const CORPUS = new URL('./', import.meta.url).pathname;

export interface EnclaveResult {
  /** Errors and warnings (notes left out), as `severity code file:line`. */
  diagnostics: string[];
  skipped: string[];
  schema?: string;
  resources: number;
}

/** The day the verdict pins are taken on (ENC-LAMBDA-003 compares runtimes' deprecation dates with it). */
export const VERDICT_DAY = new Date('2026-12-01T00:00:00Z');

/**
 * Each rule's verdict that is not "not applicable": the verdict, then the resources of the checks that are not
 * compliant (sorted, at most 8, then how many more).
 */
export interface EnclaveVerdicts {
  /** What `enclave verify` would exit with: true is exit 1. */
  failed: boolean;
  rules: Record<string, string>;
}

export async function runEnclave(entry: ManifestEntry): Promise<{ result: EnclaveResult; stack: LoadedStack; verdicts: EnclaveVerdicts; verification: StackVerification }> {
  const stack = entry.dialect === 'terraform' ? await loadTerraform(entry.path, { cwd: CORPUS }) : await loadCloudFormation(entry.path, { cwd: CORPUS });
  const all = [...stack.diagnostics, ...validateStack(stack)].filter((d) => d.severity !== 'note');
  const verification = await verifyStack(entry.path, stack, { cwd: CORPUS, contracts: [CORPUS], now: VERDICT_DAY });
  const rules: Record<string, string> = {};
  for (const o of verification.run?.outcomes ?? []) {
    if (o.verdict === 'not-applicable') continue;
    const resources = [...new Set(o.checks.filter((c) => c.verdict !== 'compliant' && !c.suppressedBy).map((c) => c.resource))].sort();
    rules[o.id] = resources.length === 0 ? o.verdict : `${o.verdict}: ${resources.slice(0, 8).join(', ')}${resources.length > 8 ? ` (+${resources.length - 8})` : ''}`;
  }
  return {
    stack,
    verification,
    verdicts: { failed: verification.failed, rules },
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
