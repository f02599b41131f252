// Loading inline samples through the real loaders and building the model from them.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyse, type Analysis, type LoadedContract } from '../../src/verifier/analysis/index.ts';
import { loadCloudFormation } from '../../src/verifier/load/cloudformation/index.ts';
import { contractRoots, readContracts } from '../../src/verifier/load/contracts.ts';
import type { LoadedStack } from '../../src/verifier/load/types.ts';
import { buildModel } from '../../src/verifier/model/build.ts';
import type { Model } from '../../src/verifier/model/model.ts';

export async function cfnStack(template: object): Promise<LoadedStack> {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-rules-cfn-'));
  await writeFile(join(dir, 'template.json'), JSON.stringify(template, null, 2));
  return loadCloudFormation(join(dir, 'template.json'), { cwd: dir });
}

export async function cfnModel(template: object): Promise<Model> {
  return readModelContracts(buildModel(await cfnStack(template)).model);
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

import { loadTerraform } from '../../src/verifier/load/terraform/index.ts';
import type { Rule, Verdict } from '../../src/verifier/rules/types.ts';

/** Loads inline HCL (one main.tf, or several files) through the real Terraform loader and builds the model. */
export async function tfModel(files: string | Record<string, string>, vars?: Record<string, string>): Promise<Model> {
  const dir = await tfDir(typeof files === 'string' ? { 'main.tf': files } : files);
  const stack = await loadTerraform(dir, { cwd: dir, ...(vars ? { vars } : {}) });
  const errors = errorsOf(stack);
  if (errors.length > 0) throw new Error(`the sample does not load: ${errors.join('; ')}`);
  return readModelContracts(buildModel(stack).model);
}

export async function tfStack(files: string | Record<string, string>): Promise<LoadedStack> {
  const dir = await tfDir(typeof files === 'string' ? { 'main.tf': files } : files);
  return loadTerraform(dir, { cwd: dir });
}

const analyses = new WeakMap<Model, Analysis>();
const contractsOf = new WeakMap<Model, ReadonlyMap<string, LoadedContract>>();

/**
 * Reads the contracts of the bundles a model's functions name, as verify.ts does in its load stage: from this
 * checkout (src/functions), the samples themselves living in a temporary directory.
 */
export async function readModelContracts(model: Model): Promise<Model> {
  const bundles = model.functions.map((f) => f.bundle.name).filter((b): b is string => b !== undefined);
  const { contracts } = await readContracts(bundles, { roots: contractRoots([], [process.cwd()]), cwd: process.cwd() });
  contractsOf.set(model, contracts);
  return model;
}

/** The analyses of a model, computed once as verify.ts does. */
export function analysisOf(model: Model, options: { iamMatrix?: boolean } = {}): Analysis {
  const hit = analyses.get(model);
  if (hit && (!options.iamMatrix || hit.iam.matrix)) return hit;
  const contracts = contractsOf.get(model);
  if (!contracts && model.functions.some((f) => f.bundle.name !== undefined))
    throw new Error('the model names function bundles: read their contracts first (readModelContracts)');
  const made = analyse(model, { contracts: contracts ?? new Map(), iamMatrix: options.iamMatrix ?? false });
  analyses.set(model, made);
  return made;
}

/** A rule evaluated over a model and its analyses. */
export function evaluate(rule: Rule, model: Model) {
  return rule.evaluate(model, analysisOf(model));
}

/** The rule's verdict on a model, with its messages for failure output. */
export function judge(rule: Rule, model: Model): { verdict: Verdict; messages: string } {
  const r = evaluate(rule, model);
  return { verdict: r.verdict, messages: r.checks.map((c) => `${c.verdict}: ${c.message}`).join('\n') };
}
