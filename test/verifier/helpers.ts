// Loading inline samples through the real loaders and building the model from them.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCloudFormation } from '../../src/verifier/load/cloudformation/index.ts';
import type { LoadedStack } from '../../src/verifier/load/types.ts';
import { buildModel } from '../../src/verifier/model/build.ts';
import type { Model } from '../../src/verifier/model/model.ts';

export async function cfnStack(template: object): Promise<LoadedStack> {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-rules-cfn-'));
  await writeFile(join(dir, 'template.json'), JSON.stringify(template, null, 2));
  return loadCloudFormation(join(dir, 'template.json'), { cwd: dir });
}

export async function cfnModel(template: object): Promise<Model> {
  return buildModel(await cfnStack(template)).model;
}

/** Writes files (name → HCL) into a fresh directory and returns it. */
export async function tfDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-rules-tf-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

export function errorsOf(stack: LoadedStack): string[] {
  return stack.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}
