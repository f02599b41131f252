// The verifier pipeline for one or more paths: load (Terraform directory or CloudFormation template) → schema
// validation → model → network and IAM analyses → the pack. File access happens here and in the loaders only.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyseNetwork, subnetExposure, type Reachability, type SubnetExposure } from './analysis/network/index.ts';
import { loadCloudFormation } from './load/cloudformation/index.ts';
import type { Diagnostic, LoadedStack } from './load/types.ts';
import { buildModel } from './model/build.ts';
import type { Model } from './model/model.ts';
import { runFails, runPack, type PackRun } from './rules/engine.ts';
import { pciDss401 } from './rules/packs/pci-dss-4.0.1.ts';
import type { Pack } from './rules/packs/types.ts';
import { validateStack } from './schema/index.ts';

export const TOOL = { name: 'enclave', version: '0.1.0' };

export interface LoadOptions {
  cwd: string;
  /** Terraform -var values (strings, parsed as Terraform would) / CloudFormation parameter overrides. */
  vars?: Record<string, string>;
  /** Terraform -var-file paths. */
  varFiles?: string[];
}

export interface VerifyOptions extends LoadOptions {
  pack?: Pack;
  /** Build the IAM separation-of-duties matrix (for the HTML and JSON reports). */
  iamMatrix?: boolean;
  /** "Today" for suppression expiry. */
  now?: Date;
}

export interface StackVerification {
  path: string;
  dialect: LoadedStack['dialect'] | 'unknown';
  stack: LoadedStack | undefined;
  diagnostics: Diagnostic[];
  model: Model | undefined;
  run: PackRun | undefined;
  network: Reachability[];
  /** Every subnet's way to the internet (direct, through a NAT, none), whatever runs in it. */
  subnets: SubnetExposure[];
  /** The separation-of-duties matrix, or why it could not be built. */
  iam: { matrix?: unknown; error?: string };
  failed: boolean;
}

export interface Verification {
  tool: typeof TOOL;
  generatedAt: string;
  stacks: StackVerification[];
  failed: boolean;
}

type TerraformLoader = (dir: string, options: { cwd?: string; vars?: Record<string, string>; varFiles?: string[] }) => Promise<LoadedStack>;

async function terraformLoader(): Promise<TerraformLoader> {
  // Loaded on demand: CloudFormation-only runs never parse the HCL grammar.
  const mod = (await import('./load/terraform/index.ts')) as { loadTerraform: TerraformLoader };
  return mod.loadTerraform;
}

/** Loads a path: a directory is a Terraform root module, a file a CloudFormation template. */
export async function loadPath(path: string, options: LoadOptions): Promise<LoadedStack> {
  const absolute = resolve(options.cwd, path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) {
    return { dialect: 'terraform', root: path, resources: [], outputs: [], files: [], diagnostics: [{ severity: 'error', code: 'path-missing', message: `${path} does not exist` }] };
  }
  if (info.isDirectory()) {
    const load = await terraformLoader();
    return load(absolute, { cwd: options.cwd, ...(options.vars ? { vars: options.vars } : {}), ...(options.varFiles ? { varFiles: options.varFiles } : {}) });
  }
  return loadCloudFormation(path, { cwd: options.cwd, ...(options.vars ? { parameters: options.vars } : {}) });
}

/** Model + analyses + pack for a stack already loaded. */
export function verifyStack(path: string, stack: LoadedStack, options: { pack?: Pack; now?: Date; iamMatrix?: boolean } = {}): StackVerification {
  const diagnostics = [...stack.diagnostics, ...validateStack(stack)];
  const { model, diagnostics: modelNotes } = buildModel(stack);
  diagnostics.push(...modelNotes);
  const run = runPack(model, options.pack ?? pciDss401, options.now);
  let network: Reachability[] = [];
  let subnets: SubnetExposure[] = [];
  try {
    network = analyseNetwork(model);
    subnets = subnetExposure(model);
  } catch (error) {
    diagnostics.push({ severity: 'error', code: 'network-analysis', message: `network analysis failed: ${(error as Error).message}` });
  }
  const iam: StackVerification['iam'] = {};
  // The full matrix costs seconds on a large stack; only reports that show it ask for it.
  if (options.iamMatrix) {
    try {
      iam.matrix = sodMatrixOf(model);
    } catch (error) {
      iam.error = (error as Error).message;
    }
  }
  const failed = diagnostics.some((d) => d.severity === 'error') || runFails(run);
  return { path, dialect: stack.dialect, stack, diagnostics, model, run, network, subnets, iam, failed };
}

let sodMatrixOf: (model: Model) => unknown = () => undefined;
/** The IAM matrix builder (src/verifier/analysis/iam/sod.ts), bound lazily so a broken IAM build cannot stop verification. */
export async function bindIam(): Promise<void> {
  const mod = (await import('./analysis/iam/sod.ts')) as { sodMatrix: (model: Model) => unknown };
  sodMatrixOf = mod.sodMatrix;
}

export async function verify(paths: string[], options: VerifyOptions): Promise<Verification> {
  await bindIam().catch(() => undefined);
  const stacks: StackVerification[] = [];
  for (const path of paths) {
    let stack: LoadedStack;
    try {
      stack = await loadPath(path, options);
    } catch (error) {
      stacks.push({ path, dialect: 'unknown', stack: undefined, diagnostics: [{ severity: 'error', code: 'load-failed', message: `${path}: ${(error as Error).message}` }], model: undefined, run: undefined, network: [], subnets: [], iam: {}, failed: true });
      continue;
    }
    stacks.push(verifyStack(path, stack, options));
  }
  return { tool: TOOL, generatedAt: (options.now ?? new Date()).toISOString(), stacks, failed: stacks.some((s) => s.failed) };
}
