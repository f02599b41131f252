// Asks real Terraform (`terraform console`, no providers, offline) for the value of expressions. Used by generate.ts
// to write expected.json once, and by console.test.ts to re-check that file whenever terraform is installed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FILES_DIR = new URL('./files/', import.meta.url).pathname;

/** What Terraform said: the value as JSON text (jsonencode), "known after apply", or an error summary. */
export type ConsoleResult = { json: string } | { unknown: true } | { error: string };

export function terraformVersion(): string | undefined {
  const run = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: consoleEnv(), timeout: 30_000 });
  if (run.status !== 0) return undefined;
  try {
    return (JSON.parse(run.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

const workDirs: string[] = [];
let cliConfig: string | undefined;

/**
 * A copy of ./files in a fresh directory, one per concurrent console: the console locks the (empty) state in its
 * directory, and it reads any *.tf there (there are none).
 */
function consoleDir(worker: number): string {
  workDirs[worker] ??= (() => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-console-'));
    cpSync(FILES_DIR, dir, { recursive: true });
    return dir;
  })();
  return workDirs[worker]!;
}

function consoleEnv(): NodeJS.ProcessEnv {
  // An empty CLI configuration of our own: no plugin cache, no credentials, no registry calls.
  cliConfig ??= (() => {
    const path = join(mkdtempSync(join(tmpdir(), 'enclave-tfrc-')), 'terraformrc');
    writeFileSync(path, '');
    return path;
  })();
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    NO_COLOR: '1',
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the terminal's colour codes, which are removed
const ANSI = /\u001b\[[0-9;]*m/g;

/** The console line that prints one expression's value unambiguously on one line. */
export function consoleLine(expr: string): string {
  return `base64encode(jsonencode(nonsensitive(${expr})))`;
}

function parseLine(line: string): ConsoleResult | undefined {
  const text = line.replace(ANSI, '').trim();
  if (text === '(known after apply)') return { unknown: true };
  const match = /^"([A-Za-z0-9+/=]*)"$/.exec(text);
  if (!match) return undefined;
  return { json: Buffer.from(match[1]!, 'base64').toString('utf8') };
}

function errorSummary(stderr: string): string {
  const clean = stderr.replace(ANSI, '').replace(/^[│╷╵ ]+/gm, '');
  const lines = clean
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('on <console-input>') && l !== '(source code not available)');
  const at = lines.findIndex((l) => l.startsWith('Error: '));
  return at < 0
    ? lines.join(' ')
    : lines
        .slice(at)
        .join(' ')
        .replace(/^Error: /, '');
}

function runConsole(input: string, worker = 0): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', ['console'], {
      cwd: consoleDir(worker),
      env: consoleEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

/** One expression, one console process: the console stops at the first error, so errors need their own run. */
export async function evaluateOne(expr: string, worker = 0): Promise<ConsoleResult> {
  const { stdout, stderr, status } = await runConsole(`${consoleLine(expr)}\n`, worker);
  if (status === 0) {
    const result = parseLine(stdout.trim().split('\n').pop() ?? '');
    if (result) return result;
    return { error: `unreadable console output: ${stdout.trim().slice(0, 200)}` };
  }
  return { error: errorSummary(stderr) };
}

/**
 * Many expressions in one console run: the console prints only its last result, so they go as one tuple. When
 * that fails (one of them is an error or unknown), every expression is asked again on its own.
 */
export async function evaluateMany(exprs: readonly string[], concurrency = 2): Promise<ConsoleResult[]> {
  if (exprs.length === 0) return [];
  const { stdout, status } = await runConsole(
    `base64encode(jsonencode([${exprs.map((e) => `nonsensitive(${e})`).join(', ')}]))\n`,
  );
  if (status === 0) {
    const all = parseLine(stdout.trim().split('\n').pop() ?? '');
    if (all && 'json' in all) {
      // Each element re-encoded: JSON.stringify agrees with jsonencode on the values JSON.parse gives back, except
      // for number formatting and `<>&`, which the comparison tolerates.
      const items = JSON.parse(all.json) as unknown[];
      if (items.length === exprs.length) return items.map((item) => ({ json: jsonLikeTerraform(item) }));
    }
  }
  const out: ConsoleResult[] = new Array(exprs.length);
  let next = 0;
  const worker = async (id: number) => {
    while (next < exprs.length) {
      const i = next++;
      out[i] = await evaluateOne(exprs[i]!, id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  return out;
}

/** JSON text as Terraform's jsonencode writes it (keys sorted, `<`, `>`, `&` and U+2028/9 escaped). */
export function jsonLikeTerraform(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
