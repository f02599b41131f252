// Terraform as the project runs it: the binary on PATH, the project's own CLI configuration (written by
// scripts/bootstrap.sh: the provider mirror when the machine has one, the registry otherwise), and a child
// environment that carries nothing of the caller's AWS identity. Every check says exactly what is missing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnclaveError } from '../core/errors.ts';

export const projectRoot = new URL('../..', import.meta.url).pathname;
export const TERRAFORM_DIR = join(projectRoot, 'infra', 'terraform');
export const CLI_CONFIG = join(projectRoot, '.enclave', 'terraform', 'cli.tfrc');
const PROVIDER_SOURCE = join(projectRoot, '.enclave', 'terraform', 'provider-source');
/** Terraform >= 1.11: zero-trust passes its generated password through a write-only argument. */
export const MINIMUM_TERRAFORM = [1, 11] as const;

/** Something the Terraform stages need is not there; the message says what and how to get it. */
export class TerraformSetupError extends EnclaveError {
  override name = 'TerraformSetupError';
}

/** A terraform command failed; the message carries Terraform's own diagnostics. */
export class TerraformCommandError extends EnclaveError {
  override name = 'TerraformCommandError';
  constructor(
    message: string,
    readonly result: TerraformResult,
  ) {
    super(message);
  }
}

export interface TerraformTool {
  version: string;
  cliConfig: string;
  /** Where hashicorp/aws comes from. */
  provider: { source: 'mirror'; path: string } | { source: 'registry' };
  /** The provider version the committed lock files pin. */
  lockedProviderVersion: string;
}

export interface TerraformResult {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when the command ran past its time limit and was stopped: the limit, in ms. */
  timedOutAfterMs?: number;
}

/** A terraform command ran past its time limit and was stopped; the message carries its last output. */
export class TerraformTimeLimitError extends EnclaveError {
  override name = 'TerraformTimeLimitError';
  constructor(
    message: string,
    readonly result: TerraformResult,
  ) {
    super(message);
  }
}

/** How long a command that is past its limit gets to stop by itself (after SIGINT) before its tree is killed. */
export const STOP_GRACE_MS = 30_000;

/** Every root Terraform runs in: the three stacks and each module's examples, relative to the repository. */
export function terraformRoots(): { stacks: string[]; examples: string[] } {
  const list = (dir: string) => (existsSync(dir) ? readdirSyncSorted(dir) : []);
  const stacks = list(join(TERRAFORM_DIR, 'stacks')).map((s) => join('infra', 'terraform', 'stacks', s));
  const examples = list(join(TERRAFORM_DIR, 'modules')).flatMap((m) =>
    list(join(TERRAFORM_DIR, 'modules', m, 'examples')).map((e) =>
      join('infra', 'terraform', 'modules', m, 'examples', e),
    ),
  );
  return { stacks, examples };
}

function readdirSyncSorted(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The provider version pinned by a lock file (`.terraform.lock.hcl`). */
export function lockedProviderVersion(lockFile: string): string {
  if (!existsSync(lockFile))
    throw new TerraformSetupError(`${lockFile} is missing: every stack and example commits its lock file`);
  const match = /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(
    readFileSync(lockFile, 'utf8'),
  );
  if (!match) throw new TerraformSetupError(`${lockFile} pins no hashicorp/aws version`);
  return match[1]!;
}

/** Terraform's platform name for this machine (linux_amd64, darwin_arm64…). */
export function terraformPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${os}_${arch}`;
}

/** Every process below `pid`, deepest first, from the process table ([] where `ps` cannot tell). */
export function descendants(pid: number): number[] {
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (child && parent !== undefined && !Number.isNaN(parent))
      children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      visit(child);
      found.push(child);
    }
  };
  visit(pid);
  return found;
}

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a command and collects its output. Past `timeoutMs` the command is interrupted (SIGINT: Terraform stops
 * gracefully, telling its providers to stop and writing its state); whatever of its process tree (Terraform and its
 * provider plugins) is still there `graceMs` later is killed. The result then says so (`timedOutAfterMs`).
 */
export function runBounded(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    onLine?: (line: string) => void;
    timeoutMs?: number;
    graceMs?: number;
  },
): Promise<TerraformResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let tree: number[] = [];
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killTree = () => {
      for (const pid of tree) killIfAlive(pid);
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          // Known now, while the command still holds its children: once it exits they are no longer below it.
          tree = child.pid ? [...descendants(child.pid), child.pid] : [];
          child.kill('SIGINT');
          killTimer = setTimeout(killTree, options.graceMs ?? STOP_GRACE_MS);
        }, options.timeoutMs)
      : undefined;
    const settle = () => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      if (options.onLine) {
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) options.onLine(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      settle();
      reject(error);
    });
    child.once('close', (code) => {
      settle();
      if (timedOut) killTree(); // a plugin left behind by a command that stopped by itself
      if (options.onLine && pending) options.onLine(pending);
      resolve({
        args,
        code: code ?? 1,
        stdout,
        stderr,
        ms: Date.now() - started,
        ...(timedOut ? { timedOutAfterMs: options.timeoutMs } : {}),
      });
    });
  });
}

/**
 * The environment every terraform child gets: the caller's, minus anything that names an AWS identity, profile or
 * endpoint (a real account's credentials must never reach an emulator run, nor an emulator's endpoint a real one),
 * plus the project's CLI configuration and non-interactive settings, plus `extra`.
 */
export function terraformEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('AWS_') || name === 'TF_CLI_CONFIG_FILE' || name === 'TF_DATA_DIR' || name === 'TF_WORKSPACE')
      continue;
    env[name] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: CLI_CONFIG,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
}

/**
 * Checks the binary, the project's CLI configuration and that hashicorp/aws can be installed (mirror present with
 * the locked version, or the registry reachable). Throws TerraformSetupError naming what is missing.
 */
export async function terraformSetup(
  options: {
    probeRegistry?: (url: string) => Promise<void>;
    /** Where bootstrap recorded the provider source (tests point it elsewhere). */
    providerSourceFile?: string;
    cliConfig?: string;
  } = {},
): Promise<TerraformTool> {
  const cliConfig = options.cliConfig ?? CLI_CONFIG;
  const providerSourceFile = options.providerSourceFile ?? PROVIDER_SOURCE;
  let version: string;
  try {
    const result = await runBounded('terraform', ['version', '-json'], {
      env: terraformEnvironment(),
      timeoutMs: 60_000,
    });
    version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TerraformSetupError(
      code === 'ENOENT'
        ? `terraform is not installed (not on PATH): the Terraform environments need Terraform >= ${MINIMUM_TERRAFORM.join('.')} (https://developer.hashicorp.com/terraform/install)`
        : `terraform version failed: ${(error as Error).message}`,
    );
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor < MINIMUM_TERRAFORM[1])) {
    throw new TerraformSetupError(
      `terraform ${version} is too old: the stacks need Terraform >= ${MINIMUM_TERRAFORM.join('.')} (write-only arguments)`,
    );
  }
  if (!existsSync(cliConfig) || !existsSync(providerSourceFile)) {
    throw new TerraformSetupError(
      `the project's Terraform CLI configuration ${cliConfig} is missing: run "npm run bootstrap"`,
    );
  }
  const locked = lockedProviderVersion(join(TERRAFORM_DIR, 'stacks', 'isolated-processing', '.terraform.lock.hcl'));
  const source = readFileSync(providerSourceFile, 'utf8').trim();
  const platform = terraformPlatform();
  if (source.startsWith('mirror ')) {
    const path = source.slice('mirror '.length);
    const dir = join(path, 'registry.terraform.io', 'hashicorp', 'aws', locked, platform);
    if (!existsSync(dir)) {
      throw new TerraformSetupError(
        `no provider: the mirror ${path} has no hashicorp/aws ${locked} for ${platform} (the version the committed .terraform.lock.hcl files pin); ` +
          `put it at ${dir} (or set ENCLAVE_TF_PLUGIN_MIRROR to a mirror that has it) and run "npm run bootstrap"`,
      );
    }
    return { version, cliConfig, provider: { source: 'mirror', path }, lockedProviderVersion: locked };
  }
  const url = `https://registry.terraform.io/v1/providers/hashicorp/aws/${locked}/download/${platform.replace('_', '/')}`;
  const probe =
    options.probeRegistry ??
    (async (u: string) => {
      const response = await fetch(u, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    });
  try {
    await probe(url);
  } catch (error) {
    throw new TerraformSetupError(
      `no provider: there is no filesystem mirror with hashicorp/aws (${process.env.ENCLAVE_TF_PLUGIN_MIRROR ?? '/opt/tf-plugins'} has none) ` +
        `and registry.terraform.io cannot be reached (${(error as Error).message}). Put hashicorp/aws ${locked} for ${platform} in a mirror ` +
        `(<mirror>/registry.terraform.io/hashicorp/aws/${locked}/${platform}/), set ENCLAVE_TF_PLUGIN_MIRROR=<mirror> and run "npm run bootstrap"`,
    );
  }
  return { version, cliConfig, provider: { source: 'registry' }, lockedProviderVersion: locked };
}

/**
 * Runs `terraform -chdir=<dir> <args>`; resolves with the result whatever the exit code. A command still running
 * after `timeoutMs` (default 30 min) is stopped, with its provider plugins (see runBounded).
 */
export function terraform(
  dir: string,
  args: string[],
  options: { env?: Record<string, string>; onLine?: (line: string) => void; timeoutMs?: number; graceMs?: number } = {},
): Promise<TerraformResult> {
  return runBounded('terraform', [`-chdir=${dir}`, ...args], {
    env: terraformEnvironment(options.env),
    ...(options.onLine ? { onLine: options.onLine } : {}),
    timeoutMs: options.timeoutMs ?? 30 * 60_000,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
  });
}

/** What a command that ran past its limit printed last: its error blocks, or the tail of its output. */
export function timeLimitMessage(what: string, result: TerraformResult): string {
  const limit = result.timedOutAfterMs ?? 0;
  const spoken = limit >= 60_000 ? `${(limit / 60_000).toFixed(limit % 60_000 ? 1 : 0)} min` : `${limit / 1000} s`;
  const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
  return (
    `${what} did not finish within its ${spoken} limit and was stopped (interrupted, then its processes killed). ` +
    `Its last output:\n${tail || '(none)'}`
  );
}

/** Like terraform(), but a non-zero exit is a TerraformCommandError with Terraform's diagnostics. */
export async function terraformOk(
  dir: string,
  args: string[],
  options: Parameters<typeof terraform>[2] = {},
): Promise<TerraformResult> {
  const result = await terraform(dir, args, options);
  if (result.timedOutAfterMs !== undefined)
    throw new TerraformTimeLimitError(timeLimitMessage(`terraform ${args[0]} in ${dir}`, result), result);
  if (result.code !== 0) {
    throw new TerraformCommandError(`terraform ${args[0]} failed in ${dir}:\n${diagnostics(result)}`, result);
  }
  return result;
}

/** Terraform's error blocks (from -no-color output), or the tail of its output when it printed none. */
export function diagnostics(result: TerraformResult): string {
  const text = `${result.stderr}\n${result.stdout}`;
  const blocks = text.split(/\n(?=Error: )/).filter((b) => b.startsWith('Error: '));
  return (blocks.length > 0 ? blocks.map((b) => b.trim()) : [text.trim().split('\n').slice(-20).join('\n')]).join(
    '\n\n',
  );
}
