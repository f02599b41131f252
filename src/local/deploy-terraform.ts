// Deploys a Terraform environment into the emulator with real Terraform and the real AWS provider:
// init → plan → apply, then `terraform output` → cfn-outputs/flat-outputs.json; `destroy` tears it down.
//
// The stack code is applied exactly as a real account would apply it. Nothing about the emulator enters it:
// - endpoint, region and (fake) credentials reach the provider through the AWS SDK's standard environment
//   (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID…), set on the terraform process only, and the caller's own AWS_*
//   variables are removed from it, so a real account's credentials can never be used here;
// - variables the emulator needs (payment-api's external id) come from a -var-file written beside the run;
// - the run happens in a copy of infra/terraform under .enclave/deploy/<environment>/ (stack, modules, and a link
//   to dist/), so the state and .terraform never land in the source tree and no override file is ever needed.
//   (`-state=` would also keep state out of the tree, but Terraform deprecates it.)
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { flattenTerraformOutputs, type FlatValue } from './flat-outputs.ts';
import { clientConfigFor, emulatorAnswers, EmulatorNotRunningError } from './emulator-service.ts';
import { LOCAL_REGION } from './emulator.ts';
import {
  TERRAFORM_DIR,
  TerraformCommandError,
  TerraformTimeLimitError,
  diagnostics,
  projectRoot,
  terraform,
  terraformOk,
  terraformSetup,
  timeLimitMessage,
  type TerraformResult,
  type TerraformTool,
} from './terraform.ts';
import { EnclaveError } from '../core/errors.ts';

export const DEFAULT_OUTPUTS_FILE = join(projectRoot, 'cfn-outputs', 'flat-outputs.json');
/** Which deployment the outputs file describes, and where it lives (read by the deployed suites). */
export const DEPLOYMENT_RECORD = join(projectRoot, 'cfn-outputs', 'deployment.json');
const DEPLOY_ROOT = join(projectRoot, '.enclave', 'deploy');

export interface TerraformEnvironment {
  /** Packages the stack deploys (dist/functions/<name>.zip). */
  functions: readonly string[];
  /**
   * The environment README's own post-apply steps, done for the emulator (each says what it did). Terraform never
   * holds what they write, so it is not in state.
   */
  afterApply?: (outputs: Record<string, FlatValue>, endpoint: string, log: (line: string) => void) => Promise<void>;
  /**
   * Values for variables without a default, for the emulator only. A real account passes its own (README); these
   * are not secrets: the emulator checks no external id.
   */
  emulatorVariables: Record<string, string>;
}

export const TERRAFORM_ENVIRONMENTS: Record<string, TerraformEnvironment> = {
  'isolated-processing': { functions: ['processor', 'validator'], emulatorVariables: {} },
  'payment-api': {
    functions: ['payments-api'],
    emulatorVariables: { external_id: 'enclave-local-emulator-external-id' },
    // README "Deploy", step 1: seed the token key once, {"version": 1, "key": <32 random bytes, base64>}.
    async afterApply(outputs, endpoint, log) {
      const secrets = new SecretsManagerClient(clientConfigFor(endpoint));
      const SecretId = String(outputs.token_key_secret_arn);
      try {
        await secrets.send(new DescribeSecretCommand({ SecretId }));
        const versions = (await secrets.send(new ListSecretVersionIdsCommand({ SecretId }))).Versions ?? [];
        if (versions.some((v) => v.VersionStages?.includes('AWSCURRENT'))) return log('token key: already seeded');
      } catch (error) {
        throw new Error(`token key secret ${SecretId}: ${(error as Error).message}`);
      }
      const SecretString = JSON.stringify({ version: 1, key: randomBytes(32).toString('base64') });
      await secrets.send(new PutSecretValueCommand({ SecretId, SecretString }));
      log('token key: seeded with 32 random bytes (README "Deploy", step 1)');
    },
  },
  'zero-trust': { functions: ['compliance-scanner'], emulatorVariables: {} },
};

export interface DeploymentRecord {
  environment: string;
  iac: 'terraform' | 'cloudformation';
  target: 'emulator';
  endpoint: string;
  region: string;
  deployedAt: string;
}

export type StageTimes = Partial<Record<'init' | 'plan' | 'apply' | 'outputs' | 'destroy', number>>;

/**
 * How long each terraform command may run against the emulator before it is stopped (interrupted, then its
 * provider plugins killed) and the deployment fails, saying so with the command's last output. A healthy cycle
 * takes a minute or two per command even on a loaded CI machine; what these catch is a command that waits for
 * something the emulator will never do (the provider retries a DependencyViolation for its 20-minute delete timeout
 * when moto holds a resource Terraform does not know of).
 */
export const EMULATOR_TIME_LIMITS = {
  init: 5 * 60_000,
  plan: 10 * 60_000,
  apply: 15 * 60_000,
  output: 2 * 60_000,
  destroy: 10 * 60_000,
} as const;

function refuseTimeOut(result: TerraformResult, what: string): void {
  if (result.timedOutAfterMs !== undefined) throw new TerraformTimeLimitError(timeLimitMessage(what, result), result);
}

export interface TerraformDeployResult {
  environment: string;
  resources: number;
  outputs: Record<string, FlatValue>;
  sensitiveOutputs: string[];
  outputsFile: string;
  workDir: string;
  times: StageTimes;
  tool: TerraformTool;
}

/** A required variable has no value: nothing was planned or applied. */
export class MissingVariableError extends EnclaveError {
  override name = 'MissingVariableError';
}

/** The build a stack deploys is missing or older than its source. */
export class MissingBuildError extends EnclaveError {
  override name = 'MissingBuildError';
}

/** apply failed part-way: what it created is still there, listed, with how to remove it. */
export class PartialDeploymentError extends EnclaveError {
  override name = 'PartialDeploymentError';
  constructor(
    message: string,
    readonly created: string[],
  ) {
    super(message);
  }
}

export function stackDir(environment: string): string {
  return join(TERRAFORM_DIR, 'stacks', environment);
}

function workDirs(environment: string, workRoot = DEPLOY_ROOT): { root: string; stack: string } {
  const root = join(workRoot, environment);
  return { root, stack: join(root, 'infra', 'terraform', 'stacks', environment) };
}

/** Every package the environment deploys is built, and built from the contracts as they are now. */
export function checkBuild(environment: string, distDir = join(projectRoot, 'dist', 'functions')): void {
  const problems: string[] = [];
  for (const name of TERRAFORM_ENVIRONMENTS[environment]?.functions ?? []) {
    const zip = join(distDir, `${name}.zip`);
    const contract = join(distDir, name, 'contract.json');
    const source = join(projectRoot, 'src', 'functions', name, 'contract.ts');
    if (!existsSync(zip)) problems.push(`${relative(projectRoot, zip)} is missing`);
    else if (existsSync(source) && existsSync(contract) && statSync(source).mtimeMs > statSync(contract).mtimeMs) {
      problems.push(`${relative(projectRoot, zip)} is older than src/functions/${name}/contract.ts`);
    }
  }
  if (problems.length > 0)
    throw new MissingBuildError(
      `missing build: ${problems.join('; ')}. Run "npm run build" (deploy:local builds unless --no-build)`,
    );
}

/** Copies the stack and the modules into the run directory, keeping the state and .terraform already there. */
function prepareWorkDir(
  environment: string,
  workRoot: string,
  variables?: Record<string, string>,
): { root: string; stack: string; varFile: string } {
  const dirs = workDirs(environment, workRoot);
  mkdirSync(dirs.stack, { recursive: true });
  rmSync(join(dirs.root, 'infra', 'terraform', 'modules'), { recursive: true, force: true });
  for (const entry of readdirSync(dirs.stack)) {
    if (entry === '.terraform' || entry.startsWith('terraform.tfstate')) continue;
    rmSync(join(dirs.stack, entry), { recursive: true, force: true });
  }
  const skip = (path: string) =>
    /(^|\/)(\.terraform|\.build)(\/|$)|terraform\.tfstate/.test(relative(TERRAFORM_DIR, path));
  cpSync(join(TERRAFORM_DIR, 'modules'), join(dirs.root, 'infra', 'terraform', 'modules'), {
    recursive: true,
    filter: (p) => !skip(p),
  });
  cpSync(stackDir(environment), dirs.stack, { recursive: true, filter: (p) => !skip(p) });
  const dist = join(dirs.root, 'dist');
  if (!existsSync(dist)) symlinkSync(join(projectRoot, 'dist'), dist, 'dir');
  // Outside the stack copy, so Terraform never loads it by itself. Kept between deploy and destroy.
  const varFile = join(dirs.root, 'emulator.tfvars.json');
  if (variables || !existsSync(varFile)) writeFileSync(varFile, JSON.stringify(variables ?? {}, null, 2) + '\n');
  return { ...dirs, varFile };
}

function readRecord(file: string): DeploymentRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DeploymentRecord;
  } catch {
    return undefined;
  }
}

function missingVariables(result: TerraformResult): string[] {
  return [...`${result.stderr}\n${result.stdout}`.matchAll(/input variable "([^"]+)" is not set/g)].map((m) => m[1]!);
}

async function stateList(dir: string, env: Record<string, string>): Promise<string[]> {
  const listed = await terraform(dir, ['state', 'list'], { env, timeoutMs: EMULATOR_TIME_LIMITS.output });
  // Managed resources only: data sources are read, not created.
  return listed.code === 0 ? listed.stdout.split('\n').filter((line) => line && !/(^|\.)data\./.test(line)) : [];
}

/** The provider's view of the emulator: endpoint, region and credentials no account has, in its environment only. */
export function emulatorProviderEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface TerraformDeployOptions {
  environment: string;
  endpoint: string;
  /** Extra or overriding variable values (name → HCL-free string value). */
  variables?: Record<string, string>;
  /** Pass the environment's emulator values for variables without a default (default true). */
  emulatorVariables?: boolean;
  /** Where the working copies and their state live (default .enclave/deploy). */
  workRoot?: string;
  outputsFile?: string;
  log?: (line: string) => void;
  /** Stream Terraform's own progress lines. */
  verbose?: boolean;
  /** Stop the apply after this long (default EMULATOR_TIME_LIMITS.apply). */
  applyTimeLimitMs?: number;
}

export async function deployTerraform(options: TerraformDeployOptions): Promise<TerraformDeployResult> {
  const { environment, endpoint } = options;
  const log = options.log ?? (() => undefined);
  const spec = TERRAFORM_ENVIRONMENTS[environment];
  if (!spec)
    throw new Error(
      `${environment} is not a Terraform environment (${Object.keys(TERRAFORM_ENVIRONMENTS).join(', ')})`,
    );
  checkBuild(environment);
  const tool = await terraformSetup();
  if (!(await emulatorAnswers(endpoint))) throw new EmulatorNotRunningError(`no emulator answers at ${endpoint}`);
  const outputsFile = options.outputsFile ?? DEFAULT_OUTPUTS_FILE;
  const workRoot = options.workRoot ?? DEPLOY_ROOT;
  if (outputsFile === DEFAULT_OUTPUTS_FILE) forgetDeployment(environment); // until this run succeeds, no suite may take an older outputs file for it
  const dirs = workDirs(environment, workRoot);
  const record = readRecord(join(dirs.root, 'deployment.json'));
  if (record && record.endpoint !== endpoint && existsSync(join(dirs.stack, 'terraform.tfstate'))) {
    // The state describes resources in an emulator that is gone (or another one): they are not here to update.
    log(
      `the previous ${environment} deployment was in ${record.endpoint}, not ${endpoint}: starting from an empty state`,
    );
    for (const entry of readdirSync(dirs.stack))
      if (entry.startsWith('terraform.tfstate')) rmSync(join(dirs.stack, entry), { force: true });
  }
  const work = prepareWorkDir(environment, workRoot, {
    ...(options.emulatorVariables === false ? {} : spec.emulatorVariables),
    ...(options.variables ?? {}),
  });
  const env = emulatorProviderEnvironment(endpoint);
  const onLine = options.verbose ? (line: string) => log(`  ${line}`) : undefined;
  const times: StageTimes = {};
  const provider = tool.provider.source === 'mirror' ? `mirror ${tool.provider.path}` : 'registry.terraform.io';
  log(
    `terraform ${tool.version}, hashicorp/aws ${tool.lockedProviderVersion} from ${provider}; working copy ${relative(projectRoot, work.stack)}`,
  );

  const init = await terraformOk(work.stack, ['init', '-input=false', '-no-color', '-lockfile=readonly'], {
    env,
    timeoutMs: EMULATOR_TIME_LIMITS.init,
    ...(onLine ? { onLine } : {}),
  });
  times.init = init.ms;
  log(`init: ${(init.ms / 1000).toFixed(1)} s`);

  const plan = await terraform(
    work.stack,
    ['plan', '-input=false', '-no-color', `-var-file=${work.varFile}`, '-out=tfplan'],
    { env, timeoutMs: EMULATOR_TIME_LIMITS.plan, ...(onLine ? { onLine } : {}) },
  );
  times.plan = plan.ms;
  refuseTimeOut(plan, `terraform plan for ${environment} (nothing was applied)`);
  if (plan.code !== 0) {
    const missing = missingVariables(plan);
    if (missing.length > 0) {
      throw new MissingVariableError(
        `variable ${missing.map((m) => `"${m}"`).join(', ')} of ${environment} has no value, so nothing was planned or applied: ` +
          `pass it with ${missing.map((m) => `--var ${m}=<value>`).join(' ')}`,
      );
    }
    throw new TerraformCommandError(
      `terraform plan failed for ${environment}; nothing was applied:\n${diagnostics(plan)}`,
      plan,
    );
  }
  const planned = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plan.stdout);
  log(
    `plan: ${(plan.ms / 1000).toFixed(1)} s — ${planned ? `${planned[1]} to add, ${planned[2]} to change, ${planned[3]} to destroy` : 'no changes'}`,
  );

  const apply = await terraform(work.stack, ['apply', '-input=false', '-no-color', 'tfplan'], {
    env,
    timeoutMs: options.applyTimeLimitMs ?? EMULATOR_TIME_LIMITS.apply,
    ...(onLine ? { onLine } : {}),
  });
  times.apply = apply.ms;
  writeFileSync(
    join(work.root, 'deployment.json'),
    JSON.stringify({ environment, endpoint, appliedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  if (apply.code !== 0 || apply.timedOutAfterMs !== undefined) {
    const created = await stateList(work.stack, env);
    const failure =
      apply.timedOutAfterMs !== undefined
        ? timeLimitMessage(`terraform apply for ${environment}`, apply)
        : `terraform apply failed for ${environment} after ${(apply.ms / 1000).toFixed(0)} s:\n${diagnostics(apply)}`;
    throw new PartialDeploymentError(
      `${failure}\n\n` +
        `${created.length} resource(s) were created and are still in the emulator (state: ${relative(projectRoot, work.stack)}/terraform.tfstate):\n` +
        created.map((r) => `  - ${r}`).join('\n') +
        `\nRemove them with: npm run deploy:local -- ${environment} --destroy`,
      created,
    );
  }
  const resources = (await stateList(work.stack, env)).length;
  log(`apply: ${(apply.ms / 1000).toFixed(1)} s — ${resources} resources in state`);
  const applied = JSON.parse(
    (await terraformOk(work.stack, ['output', '-json', '-no-color'], { env, timeoutMs: EMULATOR_TIME_LIMITS.output }))
      .stdout,
  ) as unknown;
  await spec.afterApply?.(flattenTerraformOutputs(applied, { includeSensitive: true }).outputs, endpoint, log);

  const output = await terraformOk(work.stack, ['output', '-json', '-no-color'], {
    env,
    timeoutMs: EMULATOR_TIME_LIMITS.output,
  });
  times.outputs = output.ms;
  // Sensitive outputs are kept: in the emulator they are names and ARNs, and the suites check them.
  const { outputs } = flattenTerraformOutputs(JSON.parse(output.stdout), { includeSensitive: true });
  const sensitiveOutputs = Object.entries(JSON.parse(output.stdout) as Record<string, { sensitive?: boolean }>)
    .filter(([, o]) => o.sensitive === true)
    .map(([name]) => name);
  mkdirSync(dirname(outputsFile), { recursive: true });
  writeFileSync(outputsFile, JSON.stringify(outputs, null, 2) + '\n');
  if (outputsFile === DEFAULT_OUTPUTS_FILE)
    writeDeploymentRecord({
      environment,
      iac: 'terraform',
      target: 'emulator',
      endpoint,
      region: LOCAL_REGION,
      deployedAt: new Date().toISOString(),
    });
  return { environment, resources, outputs, sensitiveOutputs, outputsFile, workDir: work.root, times, tool };
}

export function writeDeploymentRecord(record: DeploymentRecord): void {
  mkdirSync(dirname(DEPLOYMENT_RECORD), { recursive: true });
  writeFileSync(DEPLOYMENT_RECORD, JSON.stringify(record, null, 2) + '\n');
}

/** Forgets the outputs file and record when they describe this environment (so no suite runs against a ghost). */
export function forgetDeployment(environment: string): void {
  const record = readRecord(DEPLOYMENT_RECORD);
  if (record?.environment === environment) {
    rmSync(DEPLOYMENT_RECORD, { force: true });
    rmSync(DEFAULT_OUTPUTS_FILE, { force: true });
  }
}

export interface TerraformDestroyResult {
  environment: string;
  destroyed: number;
  times: StageTimes;
  /** The emulator that held it was gone: nothing to destroy, the state was discarded. */
  emulatorGone?: string;
}

export async function destroyTerraform(options: {
  environment: string;
  endpoint: string;
  log?: (line: string) => void;
  verbose?: boolean;
  workRoot?: string;
  /**
   * Stop the destroy after this long (default EMULATOR_TIME_LIMITS.destroy). Cleaning up after a failed cycle wants
   * a short one: the emulator is thrown away next, and the failure to show is the earlier one.
   */
  timeLimitMs?: number;
}): Promise<TerraformDestroyResult> {
  const { environment, endpoint } = options;
  const workRoot = options.workRoot ?? DEPLOY_ROOT;
  const forget = () => workRoot === DEPLOY_ROOT && forgetDeployment(environment);
  const log = options.log ?? (() => undefined);
  const spec = TERRAFORM_ENVIRONMENTS[environment];
  if (!spec)
    throw new Error(
      `${environment} is not a Terraform environment (${Object.keys(TERRAFORM_ENVIRONMENTS).join(', ')})`,
    );
  const dirs = workDirs(environment, workRoot);
  const record = readRecord(join(dirs.root, 'deployment.json'));
  if (!existsSync(join(dirs.stack, 'terraform.tfstate')) || !record) {
    forget();
    log(`${environment}: no local deployment to destroy`);
    return { environment, destroyed: 0, times: {} };
  }
  if (!(await emulatorAnswers(record.endpoint))) {
    // moto keeps resources in memory: with the server gone, so is everything that was deployed into it.
    rmSync(dirs.root, { recursive: true, force: true });
    forget();
    log(
      `${environment} was deployed into ${record.endpoint}, which is no longer running: its resources went with it; the local state is discarded`,
    );
    return { environment, destroyed: 0, times: {}, emulatorGone: record.endpoint };
  }
  if (record.endpoint !== endpoint) log(`${environment} lives in ${record.endpoint}: destroying it there`);
  checkBuild(environment); // destroy still evaluates the configuration, packages included
  await terraformSetup();
  const work = prepareWorkDir(environment, workRoot); // the variable values the deployment was applied with
  const env = emulatorProviderEnvironment(record.endpoint);
  const onLine = options.verbose ? (line: string) => log(`  ${line}`) : undefined;
  const times: StageTimes = {};
  const init = await terraformOk(work.stack, ['init', '-input=false', '-no-color', '-lockfile=readonly'], {
    env,
    timeoutMs: EMULATOR_TIME_LIMITS.init,
    ...(onLine ? { onLine } : {}),
  });
  times.init = init.ms;
  const before = (await stateList(work.stack, env)).length;
  const destroy = await terraform(
    work.stack,
    ['destroy', '-auto-approve', '-input=false', '-no-color', `-var-file=${work.varFile}`],
    { env, timeoutMs: options.timeLimitMs ?? EMULATOR_TIME_LIMITS.destroy, ...(onLine ? { onLine } : {}) },
  );
  times.destroy = destroy.ms;
  if (destroy.code !== 0 || destroy.timedOutAfterMs !== undefined) {
    const left = await stateList(work.stack, env);
    const failure =
      destroy.timedOutAfterMs !== undefined
        ? timeLimitMessage(`terraform destroy for ${environment}`, destroy)
        : `terraform destroy failed for ${environment}:\n${diagnostics(destroy)}`;
    throw new PartialDeploymentError(
      `${failure}\n\n${left.length} resource(s) are still deployed:\n` +
        left.map((r) => `  - ${r}`).join('\n') +
        `\nRun npm run deploy:local -- ${environment} --destroy again once the cause is fixed`,
      left,
    );
  }
  rmSync(dirs.root, { recursive: true, force: true });
  forget();
  log(`destroy: ${(destroy.ms / 1000).toFixed(1)} s — ${before} resources removed`);
  return { environment, destroyed: before, times };
}
