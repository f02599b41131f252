// Benchmark (prints figures; not a test): the npm package as a team installs it. `npm pack` of packages/cli, the
// tarball's size packed and installed, the install itself (offline, into an empty directory), then start-up as users
// meet it: `enclave --version` and `enclave verify` of isolated-processing as whole processes, run directly and
// through `npx`, five runs each, interleaved; the first run of each is the cold one (just installed).
// Ends with packed_bytes, unpacked_bytes, files, install_ms, and <case>_first_ms / <case>_median_ms per case.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const RUNS = 5;
const root = new URL('..', import.meta.url).pathname;
const env = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
};

function timed(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - started;
}

const sizeOf = (dir: string): { bytes: number; files: number } =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (acc, e) => {
      const inner = e.isDirectory() ? sizeOf(join(dir, e.name)) : { bytes: statSync(join(dir, e.name)).size, files: 1 };
      return { bytes: acc.bytes + inner.bytes, files: acc.files + inner.files };
    },
    { bytes: 0, files: 0 },
  );

const work = mkdtempSync(join(tmpdir(), 'enclave-bench-package-'));
timed('npm', ['pack', '--pack-destination', work], join(root, 'packages', 'cli'));
const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
const project = join(work, 'project');
mkdirSync(project);
writeFileSync(join(project, 'package.json'), '{"name":"team-infra","private":true}');
copyFileSync(join(work, tarball), join(project, tarball));
const installMs = timed('npm', ['install', '--cache', join(work, 'cache'), `./${tarball}`], project);
const installed = sizeOf(join(project, 'node_modules', '@enclave', 'cli'));

const bin = join(project, 'node_modules', '.bin', 'enclave');
const isolated = join(root, 'infra', 'terraform', 'stacks', 'isolated-processing');
const cases: Record<string, [string, string[]]> = {
  version: [process.execPath, [bin, '--version']],
  version_npx: ['npx', ['enclave', '--version']],
  verify_isolated_processing: [process.execPath, [bin, 'verify', isolated]],
  verify_isolated_processing_npx: ['npx', ['enclave', 'verify', isolated]],
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
console.log(
  `${tarball}, Node ${process.versions.node}, ${RUNS} runs per case, interleaved; machine load before: ${loadavg()[0]!.toFixed(2)}`,
);
for (let i = 0; i < RUNS; i++)
  for (const [name, [command, args]] of Object.entries(cases)) times[name]!.push(timed(command, args, project));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figures: [string, string][] = [
  ['packed_bytes', String(statSync(join(work, tarball)).size)],
  ['unpacked_bytes', String(installed.bytes)],
  ['files', String(installed.files)],
  ['install_ms', installMs.toFixed(0)],
  ...Object.entries(times).flatMap(([name, xs]): [string, string][] => [
    [`${name}_first_ms`, xs[0]!.toFixed(0)],
    [`${name}_median_ms`, median(xs).toFixed(0)],
  ]),
];
for (const [name, xs] of Object.entries(times))
  console.log(
    `  ${name}: first ${xs[0]!.toFixed(0)} ms, median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`,
  );
console.log(figures.map(([k, v]) => `${k}=${v}`).join('\n'));
rmSync(work, { recursive: true, force: true });
