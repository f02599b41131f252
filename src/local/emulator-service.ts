// The emulator a deployment lives in. moto keeps everything in memory, so a deployment lasts exactly as long as
// the server that holds it: deploy:local starts one that outlives the command (detached, its pid and endpoint in
// .enclave/emulator/server.json), later commands and the deployed suites reuse it, `npm run emulator -- stop`
// ends it. ENCLAVE_AWS_ENDPOINT names an emulator someone else runs instead.
//   npm run emulator -- start | status | stop
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_REGION, freePort } from './emulator.ts';
import { EnclaveError } from '../core/errors.ts';

const projectRoot = new URL('../..', import.meta.url).pathname;
const STATE_DIR = join(projectRoot, '.enclave', 'emulator');
const STATE_FILE = join(STATE_DIR, 'server.json');
/** Where the project's emulator writes (moto's request log, its corrections' notes). */
export const EMULATOR_LOG_FILE = join(STATE_DIR, 'moto.log');
const LOG_FILE = EMULATOR_LOG_FILE;

/** Credentials the emulator accepts while IAM enforcement is off (moto's default); no account has them. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  forcePathStyle: true;
}

interface ServerState {
  pid: number;
  endpoint: string;
  startedAt: string;
}

/** An emulator is not where it should be; the message says which and what to do. */
export class EmulatorNotRunningError extends EnclaveError {
  override name = 'EmulatorNotRunningError';
}

export function clientConfigFor(
  endpoint: string,
  credentials: EmulatorClientConfig['credentials'] = EMULATOR_CREDENTIALS,
): EmulatorClientConfig {
  return { endpoint, region: LOCAL_REGION, credentials: { ...credentials }, forcePathStyle: true };
}

/** Whether a moto server answers at `endpoint` (its management API, which only moto has). */
export async function emulatorAnswers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

function readState(): ServerState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The project's emulator if it is running, else undefined (a stale state file is removed). */
export async function runningEmulator(): Promise<ServerState | undefined> {
  const state = readState();
  if (!state) return undefined;
  if (processAlive(state.pid) && (await emulatorAnswers(state.endpoint))) return state;
  rmSync(STATE_FILE, { force: true });
  return undefined;
}

/**
 * The endpoint to deploy into: ENCLAVE_AWS_ENDPOINT if set (it must answer), else the project's emulator, started
 * now if it is not running.
 */
export async function ensureEmulator(
  log: (line: string) => void = () => undefined,
): Promise<{ endpoint: string; started: boolean; external: boolean }> {
  const external = process.env.ENCLAVE_AWS_ENDPOINT;
  if (external) {
    if (!(await emulatorAnswers(external))) {
      throw new EmulatorNotRunningError(
        `no emulator answers at ENCLAVE_AWS_ENDPOINT=${external}: start it, or unset ENCLAVE_AWS_ENDPOINT to let deploy:local start one`,
      );
    }
    return { endpoint: external, started: false, external: true };
  }
  const running = await runningEmulator();
  if (running) return { endpoint: running.endpoint, started: false, external: false };
  const started = await startEmulatorService();
  log(
    `emulator: started moto server ${started.endpoint} (pid ${started.pid}; log ${LOG_FILE}; stop it with "npm run emulator -- stop")`,
  );
  return { endpoint: started.endpoint, started: true, external: false };
}

/** Starts the project's emulator detached from this process, so the deployment outlives the command. */
export async function startEmulatorService(): Promise<ServerState> {
  const python = join(projectRoot, '.venv', 'bin', 'python');
  const launcher = join(projectRoot, 'src', 'local', 'moto-server.py');
  if (!existsSync(python))
    throw new EmulatorNotRunningError(`moto server is not installed (${python} missing): run "npm run bootstrap"`);
  mkdirSync(STATE_DIR, { recursive: true });
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const out = openSync(LOG_FILE, 'a');
  const child = spawn(python, [launcher, '-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false', TEST_SERVER_MODE: 'true' },
  });
  closeSync(out);
  child.unref();
  const deadline = Date.now() + 60_000;
  while (!(await emulatorAnswers(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      throw new EmulatorNotRunningError(`moto server did not start on ${endpoint}; see ${LOG_FILE}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const state: ServerState = { pid: child.pid!, endpoint, startedAt: new Date().toISOString() };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n');
  return state;
}

/** Stops the project's emulator (the one this project started, by its recorded pid). Everything in it is gone. */
export async function stopEmulatorService(): Promise<ServerState | undefined> {
  const state = readState();
  rmSync(STATE_FILE, { force: true });
  if (!state || !processAlive(state.pid)) return undefined;
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (processAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  return state;
}

async function main(command: string | undefined): Promise<void> {
  if (command === 'start') {
    const { endpoint, started } = await ensureEmulator((line) => console.log(line));
    if (!started) console.log(`emulator already running at ${endpoint}`);
  } else if (command === 'status') {
    const running = await runningEmulator();
    console.log(
      running ? `running at ${running.endpoint} (pid ${running.pid}, since ${running.startedAt})` : 'not running',
    );
  } else if (command === 'stop') {
    const stopped = await stopEmulatorService();
    console.log(
      stopped
        ? `stopped the emulator at ${stopped.endpoint} (pid ${stopped.pid}); every deployment in it is gone`
        : 'no emulator was running',
    );
  } else {
    throw new Error('usage: npm run emulator -- start | status | stop');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(`emulator: ${(error as Error).message}`);
    process.exit(1);
  });
}
