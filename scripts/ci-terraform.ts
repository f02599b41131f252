// CI's Terraform stages, each timed:
//   1. terraform fmt -check over infra/terraform;
//   2. terraform init + validate of every stack and every module example: valid, and not one warning;
//   3. per environment, against a fresh emulator: deploy (init → plan → apply, outputs) → its deployed suite
//      (test/deployed/<environment>, CI=true: a suite that cannot run fails) → destroy. The three Terraform stacks and
//      payment-files (CloudFormation).
//   npm run ci:terraform [-- --only <environment>] [--skip-deploy]
// Prints a table of stage times and exits non-zero on the first failed stage of any environment (after tearing
// that environment down and stopping the emulator it started).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TERRAFORM_ENVIRONMENTS, deployTerraform, destroyTerraform } from '../src/local/deploy-terraform.ts';
import { EMULATOR_LOG_FILE, ensureEmulator, stopEmulatorService } from '../src/local/emulator-service.ts';
import { projectRoot, terraform, terraformRoots, terraformSetup } from '../src/local/terraform.ts';

interface Stage {
  name: string;
  ms: number;
  ok: boolean;
  detail?: string;
}

const stages: Stage[] = [];
const log = (line: string) => process.stdout.write(line + '\n');

async function timed<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await body();
    stages.push({ name, ms: Date.now() - started, ok: true });
    log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    stages.push({ name, ms: Date.now() - started, ok: false, detail: (error as Error).message });
    log(`✖ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${(error as Error).message}`);
    throw error;
  }
}

interface ValidateJson {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: {
    severity: string;
    summary: string;
    detail?: string;
    range?: { filename: string; start: { line: number } };
  }[];
}

/** init (no backend, the committed lock as is) and validate one root; any error or warning fails it. */
export async function validateRoot(root: string): Promise<ValidateJson> {
  const dataDir = join(projectRoot, '.enclave', 'terraform', 'validate', root.replaceAll('/', '_'));
  mkdirSync(dataDir, { recursive: true });
  const env = { TF_DATA_DIR: dataDir };
  const dir = join(projectRoot, root);
  const init = await terraform(dir, ['init', '-input=false', '-no-color', '-backend=false', '-lockfile=readonly'], {
    env,
  });
  if (init.code !== 0) throw new Error(`${root}: terraform init failed:\n${init.stderr || init.stdout}`);
  const validate = await terraform(dir, ['validate', '-json', '-no-color'], { env });
  const result = JSON.parse(validate.stdout) as ValidateJson;
  if (!result.valid || result.error_count > 0 || result.warning_count > 0) {
    const lines = result.diagnostics.map(
      (d) =>
        `  ${d.severity}: ${d.summary}${d.range ? ` (${d.range.filename}:${d.range.start.line})` : ''}${d.detail ? ` — ${d.detail}` : ''}`,
    );
    throw new Error(
      `${root}: ${result.error_count} error(s), ${result.warning_count} warning(s):\n${lines.join('\n')}`,
    );
  }
  return result;
}

function runSuite(environment: string): void {
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'scripts', 'run-tests.mjs'), `test/deployed/${environment}`],
    {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, CI: 'true' },
    },
  );
  if (result.status !== 0) throw new Error(`test/deployed/${environment} failed (exit ${result.status})`);
}

function deployPaymentFiles(args: string[]): void {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'src', 'local', 'deploy.ts'), 'payment-files', ...args],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(`deploy:local payment-files ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * One environment's cycle, tried a second time (fresh emulator, named in the log and in the stage table) when the
 * first fails. The provider's HTTP client loses answers on a loaded machine and retries the request (see
 * src/local/README.md); the emulator answers those retries from its record, and says how often (below). The second
 * try stays for what that does not cover. A failure that repeats fails CI.
 */
async function cycleWithRetry(environment: string): Promise<void> {
  try {
    await cycle(environment);
  } catch (error) {
    log(
      `${environment}: the cycle failed (${(error as Error).message.split('\n')[0]}); once more, on a fresh emulator`,
    );
    await cycle(environment, ' (retry)');
  }
}

/** After a failed deploy or suite the destroy only cleans up (the emulator is thrown away next): it may not hang. */
const CLEANUP_TIME_LIMIT_MS = 3 * 60_000;

/** Retried requests the emulator answered from its record, per cycle (the log lines moto-server.py writes). */
const replays: { cycle: string; count: number; operations: string[] }[] = [];

function emulatorLogSize(): number {
  return existsSync(EMULATOR_LOG_FILE) ? statSync(EMULATOR_LOG_FILE).size : 0;
}

function emulatorLogSince(offset: number): string {
  const size = emulatorLogSize();
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(EMULATOR_LOG_FILE, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

async function cycle(environment: string, attempt = ''): Promise<void> {
  // A fresh emulator per environment: nothing one leaves behind can make another pass or fail.
  await stopEmulatorService();
  const logOffset = emulatorLogSize();
  const { endpoint } = await ensureEmulator(log);
  let failure: unknown;
  try {
    if (environment === 'payment-files') {
      await timed(`${environment}${attempt}: deploy (CloudFormation)`, async () => deployPaymentFiles(['--no-build']));
    } else {
      const deployed = await timed(`${environment}${attempt}: deploy`, () =>
        deployTerraform({ environment, endpoint, log }),
      );
      for (const [stage, ms] of Object.entries(deployed.times))
        stages.push({ name: `${environment}${attempt}:   ${stage}`, ms: ms!, ok: true });
    }
    await timed(`${environment}${attempt}: deployed suite`, async () => runSuite(environment));
  } catch (error) {
    failure = error;
  }
  try {
    if (failure === undefined) {
      if (environment === 'payment-files')
        await timed(`${environment}${attempt}: destroy`, async () => deployPaymentFiles(['--destroy']));
      else await timed(`${environment}${attempt}: destroy`, () => destroyTerraform({ environment, endpoint, log }));
    } else {
      // Cleanup only, bounded; its own failure is shown (timed logs it) but the one to report is the first.
      await timed(`${environment}${attempt}: destroy (cleanup after the failure)`, async () =>
        environment === 'payment-files'
          ? deployPaymentFiles(['--destroy'])
          : destroyTerraform({ environment, endpoint, log, timeLimitMs: CLEANUP_TIME_LIMIT_MS }),
      ).catch(() => undefined);
    }
  } finally {
    await stopEmulatorService();
    const answered = [...emulatorLogSince(logOffset).matchAll(/^emulator: answered attempt \d+ of (\S+)/gm)].map(
      (m) => m[1]!,
    );
    replays.push({ cycle: `${environment}${attempt}`, count: answered.length, operations: answered });
    if (answered.length > 0)
      log(
        `${environment}${attempt}: the emulator answered ${answered.length} retried request(s) from its record (answers the provider lost): ${answered.join(', ')}`,
      );
  }
  if (failure !== undefined) throw failure;
}

async function main(argv: string[]): Promise<void> {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const started = Date.now();
  let failed = false;
  try {
    const tool = await timed('terraform and provider available', () => terraformSetup());
    log(
      `  terraform ${tool.version}, hashicorp/aws ${tool.lockedProviderVersion} (${tool.provider.source === 'mirror' ? `mirror ${tool.provider.path}` : 'registry'})`,
    );
    await timed('terraform fmt -check infra/terraform', async () => {
      const result = await terraform(projectRoot, [
        'fmt',
        '-check',
        '-recursive',
        '-diff',
        '-no-color',
        'infra/terraform',
      ]);
      if (result.code !== 0)
        throw new Error(
          `files not in canonical format (run terraform fmt -recursive infra/terraform):\n${result.stdout}${result.stderr}`,
        );
    });
    const { stacks, examples } = terraformRoots();
    for (const root of [...stacks, ...examples]) await timed(`validate ${root}`, () => validateRoot(root));
    if (!argv.includes('--skip-deploy')) {
      const environments = [...Object.keys(TERRAFORM_ENVIRONMENTS), 'payment-files'].filter((e) => !only || e === only);
      spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'build-functions.ts')], {
        cwd: projectRoot,
        stdio: 'inherit',
      });
      for (const environment of environments) await cycleWithRetry(environment);
    }
  } catch {
    failed = true;
  }
  log('\nstage times');
  for (const s of stages) log(`  ${s.ok ? '✔' : '✖'} ${s.name.padEnd(62)} ${(s.ms / 1000).toFixed(1).padStart(7)} s`);
  log(`  total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (replays.length > 0)
    log(
      `lost answers the emulator replayed: ${replays.map((r) => `${r.cycle} ${r.count}${r.count ? ` (${r.operations.join(', ')})` : ''}`).join('; ')}`,
    );
  if (failed) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
