// Lifecycle of the local AWS emulator: moto server from the project's .venv, on 127.0.0.1 at a free port.
// Everything that talks to "AWS" locally gets its endpoint and fake credentials from here.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const LOCAL_REGION = 'us-east-1';
const projectRoot = new URL('../..', import.meta.url).pathname;

export interface Emulator {
  readonly endpoint: string;
  readonly region: string;
  /** Client configuration for any AWS SDK v3 client pointed at the emulator. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
  };
  /** Forget every resource the emulator holds (moto's reset API). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

export async function startEmulator(options: { port?: number } = {}): Promise<Emulator> {
  const executable = join(projectRoot, '.venv', 'bin', 'moto_server');
  if (!existsSync(executable)) {
    throw new Error(`moto server not installed at ${executable}: run "npm run bootstrap" first`);
  }
  // moto's server, started through a launcher that first corrects where moto departs from AWS (see the script).
  const python = join(projectRoot, '.venv', 'bin', 'python');
  const launcher = join(projectRoot, 'src', 'local', 'moto-server.py');
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(python, [launcher, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false', TEST_SERVER_MODE: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`moto server exited (${code}): ${stderr}`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await Promise.race([fetch(`${endpoint}/moto-api/`), exited]);
      if (response.ok) break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`moto server did not start on ${endpoint}: ${(error as Error).message}`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Child processes must not outlive the test or job that started them.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    endpoint,
    region: LOCAL_REGION,
    clientConfig: {
      endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      forcePathStyle: true,
    },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
