// The verifier pipeline for one or more paths, stage by stage: load (the Terraform directory or CloudFormation
// template, then the contracts of the bundles its functions name) → schema validation → model → analyses
// (network, IAM, contracts), computed once → the pack's rules, which only read them. File access happens here and
// in the loaders only.
import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyse } from './analysis/index.ts';
import { contractRoots, declaresContracts, readContracts } from './load/contracts.ts';
import type { PlanInputs } from './load/terraform/plan.ts';
import { newLoadShare, type LoadShare } from './load/terraform/share.ts';
import type { Diagnostic, LoadedStack } from './load/types.ts';
import { buildModel } from './model/build.ts';
import { clock } from './clock.ts';
import { applyNotLoaded } from './not-loaded.ts';
import { TOOL, type StackVerification, type StageTimes, type Verification } from './results.ts';
import { runFails, runPack } from './rules/engine.ts';
import { pciDss401 } from './rules/packs/pci-dss-4.0.1.ts';
import type { Pack } from './rules/packs/types.ts';
import { validateStack } from './schema/index.ts';

export { TOOL };
export type { StackVerification, StageTimes, Verification };

export interface LoadOptions {
  cwd: string;
  /** Terraform -var values (strings, parsed as Terraform would) / CloudFormation parameter overrides. */
  vars?: Record<string, string>;
  /** Terraform -var-file paths. */
  varFiles?: string[];
  /** Where the function contracts are (`--contracts`), instead of the stack's repository. */
  contracts?: string[];
  /** `terraform show -json` output of a plan of the (one) Terraform root module being verified. */
  plan?: string;
  /** False: skip working out the longest value each bounded input accepts (the load at those values). */
  inputBounds?: boolean;
  /** What the Terraform loads of one verification share: files read and modules parsed. */
  shared?: LoadShare;
}

export interface VerifyOptions extends LoadOptions {
  pack?: Pack;
  /** Build the IAM separation-of-duties matrix (for the HTML and JSON reports). */
  iamMatrix?: boolean;
  /** "Today" for suppression expiry. */
  now?: Date;
}

type TerraformLoader = typeof import('./load/terraform/index.ts')['loadTerraform'];

async function terraformLoader(): Promise<TerraformLoader> {
  // Loaded on demand: CloudFormation-only runs never parse the HCL grammar.
  return (await import('./load/terraform/index.ts')).loadTerraform;
}

/** Loads a path: a directory is a Terraform root module, a file a CloudFormation template. */
export async function loadPath(path: string, options: LoadOptions): Promise<LoadedStack> {
  const absolute = resolve(options.cwd, path);
  let info: Stats | undefined;
  try {
    info = statSync(absolute);
  } catch {
    info = undefined;
  }
  if (!info) {
    return {
      dialect: 'terraform',
      root: path,
      resources: [],
      outputs: [],
      files: [],
      diagnostics: [{ severity: 'error', code: 'path-missing', message: `${path} does not exist`, unreadable: true }],
    };
  }
  if (info.isDirectory()) {
    const load = await terraformLoader();
    let plan: PlanInputs | undefined;
    if (options.plan) {
      const { readPlan, PlanReadError } = await import('./load/terraform/plan.ts');
      try {
        plan = readPlan(resolve(options.cwd, options.plan), options.plan);
      } catch (error) {
        if (!(error instanceof PlanReadError)) throw error;
        return {
          dialect: 'terraform',
          root: path,
          resources: [],
          outputs: [],
          files: [],
          diagnostics: [{ severity: 'error', code: 'plan-unreadable', message: error.message, unreadable: true }],
        };
      }
    }
    return load(absolute, {
      cwd: options.cwd,
      ...(options.vars ? { vars: options.vars } : {}),
      ...(options.varFiles ? { varFiles: options.varFiles } : {}),
      ...(plan ? { plan } : {}),
      ...(options.inputBounds === false ? { inputBounds: false } : {}),
      ...(options.shared ? { shared: options.shared } : {}),
    });
  }
  if (options.plan) {
    return {
      dialect: 'cloudformation',
      root: path,
      resources: [],
      outputs: [],
      files: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'plan-not-terraform',
          message: `--plan is a Terraform plan; ${path} is not a Terraform directory`,
          unreadable: true,
        },
      ],
    };
  }
  // Loaded on demand too: Terraform-only runs never load the template reader, YAML or the SAM transform.
  const { loadCloudFormation } = await import('./load/cloudformation/index.ts');
  return loadCloudFormation(path, { cwd: options.cwd, ...(options.vars ? { parameters: options.vars } : {}) });
}

/**
 * The stack again, with every bounded input at the longest value its declaration accepts (Terraform validation,
 * CloudFormation AllowedPattern/MaxLength): the names AWS limits are judged at their longest. Undefined when no
 * input is bounded or the stack is loaded at those values already.
 */
async function loadAtLongest(
  path: string,
  stack: LoadedStack,
  options: { cwd?: string; load?: LoadOptions },
): Promise<{ stack: LoadedStack; inputs: Record<string, string>; errors: Diagnostic[] } | undefined> {
  const inputs = Object.fromEntries(
    (stack.inputs ?? []).filter((i) => i.longest !== undefined && !i.unbounded).map((i) => [i.name, i.longest!]),
  );
  if (Object.keys(inputs).length === 0) return undefined;
  const load: LoadOptions = { ...(options.load ?? { cwd: options.cwd ?? process.cwd() }) };
  const longest = await loadPath(path, { ...load, vars: { ...(load.vars ?? {}), ...inputs }, inputBounds: false });
  // A value the root accepts that the configuration then refuses (a module's validation, a name too long for it) is a
  // finding of its own; the errors go to the names analysis.
  return { stack: longest, inputs, errors: longest.diagnostics.filter((d) => d.severity === 'error') };
}

/** Validation, model, contracts, analyses and the pack for a stack already loaded. */
export async function verifyStack(
  path: string,
  stack: LoadedStack,
  options: {
    pack?: Pack;
    now?: Date;
    iamMatrix?: boolean;
    cwd?: string;
    loadMs?: number;
    contracts?: string[];
    load?: LoadOptions;
  } = {},
): Promise<StackVerification> {
  const timings: StageTimes = { load: options.loadMs ?? 0, validate: 0, model: 0, analysis: 0, rules: 0 };
  let t = clock();
  const diagnostics = [...stack.diagnostics, ...validateStack(stack)];
  timings.validate = clock() - t;

  t = clock();
  const { model, diagnostics: modelNotes } = buildModel(stack);
  diagnostics.push(...modelNotes);
  timings.model = clock() - t;

  // Load stage, second part: the contracts of the bundles the functions name, hashed into the inputs.
  t = clock();
  const cwd = options.cwd ?? process.cwd();
  const stackDir = resolve(cwd, stack.root);
  const bundles = model.functions.map((f) => f.bundle.name).filter((b): b is string => b !== undefined);
  const roots = contractRoots(
    [stack.dialect === 'cloudformation' ? dirname(stackDir) : stackDir],
    (options.contracts ?? []).map((d) => resolve(cwd, d)),
  );
  const read = await readContracts(bundles, { roots, cwd });
  for (const file of read.files) if (!stack.files.some((f) => f.path === file.path)) stack.files.push(file);
  // Contracts are optional: a repository that declares none gets every other rule, and the contract rules do not apply.
  const contractsDeclared = model.functions.length === 0 || declaresContracts(roots);
  if (!contractsDeclared)
    diagnostics.push({
      severity: 'note',
      code: 'contracts-none',
      message:
        'no function contracts in this repository (dist/functions/<name>/contract.json or src/functions/<name>/contract.ts): the contract rules apply only to functions whose template names an Enclave bundle',
    });
  timings.load += clock() - t;

  // Load stage, third part: the stack with its inputs at their longest, for the names AWS limits.
  t = clock();
  const atLongest = await loadAtLongest(path, stack, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.load ? { load: options.load } : {}),
  });
  timings.load += clock() - t;
  t = clock();
  const longest = atLongest
    ? { model: buildModel(atLongest.stack).model, inputs: atLongest.inputs, errors: atLongest.errors }
    : undefined;
  timings.model += clock() - t;

  t = clock();
  const analysis = analyse(model, {
    contracts: read.contracts,
    contractsDeclared,
    iamMatrix: options.iamMatrix ?? false,
    ...(longest ? { longest } : {}),
  });
  timings.analysis = clock() - t;

  t = clock();
  // What was not loaded makes the verdicts it could change unknown.
  const run = applyNotLoaded(runPack(model, analysis, options.pack ?? pciDss401, options.now), model, stack.skipped);
  timings.rules = clock() - t;

  const iam: StackVerification['iam'] = {};
  if (analysis.iam.matrix) iam.matrix = analysis.iam.matrix;
  if (analysis.iam.matrixError) iam.error = analysis.iam.matrixError;
  const failed = diagnostics.some((d) => d.severity === 'error') || runFails(run);
  return {
    path,
    dialect: stack.dialect,
    stack,
    diagnostics,
    model,
    analysis,
    run,
    network: analysis.network.places,
    subnets: analysis.network.subnets,
    iam,
    unreadable: diagnostics.some((d) => d.unreadable === true),
    failed,
    timings,
  };
}

export async function verify(paths: string[], options: VerifyOptions): Promise<Verification> {
  const stacks: StackVerification[] = [];
  for (const path of paths) {
    const t = clock();
    // Files are read and parsed once per verification: its two loads (as given, and at the longest inputs) share them.
    const shared = newLoadShare();
    let stack: LoadedStack;
    try {
      stack = await loadPath(path, { ...options, shared });
    } catch (error) {
      stacks.push({
        path,
        dialect: 'unknown',
        stack: undefined,
        diagnostics: [{ severity: 'error', code: 'load-failed', message: `${path}: ${(error as Error).message}` }],
        model: undefined,
        analysis: undefined,
        run: undefined,
        network: [],
        subnets: [],
        iam: {},
        unreadable: false,
        failed: true,
        timings: { load: clock() - t, validate: 0, model: 0, analysis: 0, rules: 0 },
      });
      continue;
    }
    const loadMs = clock() - t;
    stacks.push(await verifyStack(path, stack, { ...options, loadMs, load: { ...options, shared } }));
  }
  return {
    tool: TOOL,
    generatedAt: (options.now ?? new Date()).toISOString(),
    stacks,
    failed: stacks.some((s) => s.failed),
  };
}
