// Writes inline HCL to a temporary directory and loads it with the real loader.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  loadTerraform,
  type TerraformOptions,
  type TerraformStack,
} from '../../../../src/verifier/load/terraform/index.ts';
import type { RawResource, Value } from '../../../../src/verifier/load/types.ts';

export async function load(
  files: Record<string, string>,
  options: Omit<TerraformOptions, 'cwd'> = {},
): Promise<TerraformStack & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-tf-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const stack = await loadTerraform('root', { ...options, cwd: dir });
  return Object.assign(stack, { dir });
}

/** Loads `root/main.tf` only. */
export function loadMain(text: string, options: Omit<TerraformOptions, 'cwd'> = {}) {
  return load({ 'root/main.tf': text }, options);
}

export function output(stack: TerraformStack, name: string): Value {
  const found = stack.outputs.find((o) => o.name === name);
  if (!found) throw new Error(`no output ${name}`);
  return found.value;
}

export function resource(stack: TerraformStack, address: string): RawResource {
  const found = stack.resources.find((r) => r.address === address);
  if (!found) throw new Error(`no resource ${address}; have ${stack.resources.map((r) => r.address).join(', ')}`);
  return found;
}

export function errors(stack: TerraformStack) {
  return stack.diagnostics.filter((d) => d.severity === 'error');
}

export const u = (address: string, attribute = '') => ({ kind: 'unknown', address, attribute });
