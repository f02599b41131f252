// npm run bench:processor:node22 — bench:processor's figures on the machine's Node (20 here) and on Node 22 (the
// major Lambda runs the functions on, from the npm registry package scripts/node22.sh installs), side by side in one
// run, with the ratio of each figure.
//
// Other tenants' load on this shared machine moves timings by a quarter or more from one minute to the next, so
// the versions take turns at the finest grain the bench has, and each turn's order is flipped (AB BA AB …):
//   - core: 1,000,000-record passes on bench/processor.ts's esbuild bundle, each in a fresh process (its
//     --core-child mode); --pairs N pairs (default 5), median per version;
//   - peak RSS streaming 1M and 4M records (--rss-child), once per version;
//   - end to end on the emulator (100,000 records, its own moto each time), three runs per version, median.
// The bundle is built once: esbuild writes byte-identical output for target node20 and node22 here, so both
// versions run the same code. Every pass is printed; the run ends with name=value lines per version and per ratio.
// Read the load average it prints first: at a load well above the CPU count, wall figures measure the other
// tenants, and the per-CPU-second figures and the CPU-time pair count are the ones to compare.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSelf, endToEnd, median, runChild } from './processor.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const E2E_RUNS = 3;
const E2E_RECORDS = 100_000;

interface Version {
  node: string;
  version: string;
  /** `node20`, `node22`: the prefix of its name=value lines. */
  name: string;
}

function pairsFromArgs(): number {
  const at = process.argv.indexOf('--pairs');
  if (at < 0) return 5;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--pairs needs a whole number, got ${process.argv[at + 1]}`);
  return n;
}

/** Indices into the two versions in alternating order: 0 1, 1 0, 0 1, … */
function* turns(count: number): Generator<0 | 1> {
  for (let i = 0; i < count; i++) {
    const first = (i % 2) as 0 | 1;
    yield first;
    yield (1 - first) as 0 | 1;
  }
}

function versionOf(node: string): Version {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  return { node, version, name: `node${version.slice(1).split('.')[0]}` };
}

/** One end-to-end run in a fresh process of the given Node (tsx, as npm run bench:processor runs it). */
function endToEndIn(version: Version): { perSecond: number; seconds: number; status: string } {
  const child = spawnSync(
    version.node,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--e2e-child', String(E2E_RECORDS)],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`end to end on ${version.version} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { perSecond: number; seconds: number; status: string };
}

const rate = (n: number) => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const e2eAt = process.argv.indexOf('--e2e-child');
  if (e2eAt >= 0) {
    console.log(JSON.stringify(await endToEnd(Number(process.argv[e2eAt + 1]))));
    return;
  }
  const pairs = pairsFromArgs();
  const node22 = execFileSync('bash', [`${root}/scripts/node22.sh`, '--path'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const versions = [versionOf(process.execPath), versionOf(node22)] as const;
  if (versions[0].name === versions[1].name) {
    throw new Error(
      `this script runs on ${versions[0].version}, the same major as the Node 22 it compares with: run it with the machine's Node (npm run bench:processor:node22)`,
    );
  }
  const { cpus, loadavg } = await import('node:os');
  console.log(
    `bench:processor, ${versions[0].version} vs ${versions[1].version}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`,
  );

  const bundle = await bundleSelf();
  const core: { perSecond: number; perCpuSecond: number }[][] = [[], []];
  let pass = 0;
  for (const i of turns(pairs)) {
    const v = versions[i];
    const r = runChild(bundle, '--core-child', 1_000_000, v.node) as {
      perSecond: number;
      perCpuSecond: number;
      seconds: number;
      cpuSeconds: number;
    };
    core[i]!.push(r);
    console.log(
      `core pass ${++pass} of ${2 * pairs}, ${v.version}: ${r.seconds.toFixed(2)} s wall / ${r.cpuSeconds.toFixed(2)} s CPU → ${rate(r.perSecond)} records/s wall, ${rate(r.perCpuSecond)} per CPU-second`,
    );
  }
  const rss: { m1: number; m4: number }[] = [];
  for (const v of versions) {
    const m1 = runChild(bundle, '--rss-child', 1_000_000, v.node).rss_mb!;
    const m4 = runChild(bundle, '--rss-child', 4_000_000, v.node).rss_mb!;
    rss.push({ m1, m4 });
    console.log(`peak RSS, ${v.version}: ${m1.toFixed(1)} MB at 1,000,000 records, ${m4.toFixed(1)} MB at 4,000,000`);
  }
  rmSync(dirname(bundle), { recursive: true, force: true });
  const e2e: number[][] = [[], []];
  for (const i of turns(E2E_RUNS)) {
    const v = versions[i];
    const r = endToEndIn(v);
    if (r.status !== 'SUCCEEDED') throw new Error(`end to end on ${v.version}: job ${r.status}`);
    e2e[i]!.push(r.perSecond);
    console.log(
      `end to end, ${v.version}: ${E2E_RECORDS.toLocaleString('en')} records in ${r.seconds.toFixed(2)} s → ${rate(r.perSecond)} records/s`,
    );
  }

  const figures = versions.map((_, i) => ({
    core_records_per_s: median(core[i]!.map((r) => r.perSecond)),
    core_records_per_cpu_s: median(core[i]!.map((r) => r.perCpuSecond)),
    rss_mb_1m: rss[i]!.m1,
    rss_mb_4m: rss[i]!.m4,
    e2e_records_per_s: median(e2e[i]!),
  }));
  type Figure = keyof (typeof figures)[number];
  const names = Object.keys(figures[0]!) as Figure[];
  const show = (f: Figure, n: number) => (f.startsWith('rss') ? n.toFixed(1) : String(Math.round(n)));
  console.log(
    `\nmedians (core of ${pairs} passes, end to end of ${E2E_RUNS} runs per version); ratio = ${versions[1].version} / ${versions[0].version}`,
  );
  console.log(
    `${'figure'.padEnd(24)}${versions[0].version.padStart(12)}${versions[1].version.padStart(12)}${'ratio'.padStart(8)}`,
  );
  for (const f of names) {
    console.log(
      `${f.padEnd(24)}${show(f, figures[0]![f]).padStart(12)}${show(f, figures[1]![f]).padStart(12)}${(figures[1]![f] / figures[0]![f]).toFixed(3).padStart(8)}`,
    );
  }
  // A per-pair count does not care how far the load moved between pairs, only within one.
  const wins = core[1]!.filter((r, k) => r.perSecond > core[0]![k]!.perSecond).length;
  const cpuWins = core[1]!.filter((r, k) => r.perCpuSecond > core[0]![k]!.perCpuSecond).length;
  console.log(
    `core, pair by pair: ${versions[1].version} faster in ${wins} of ${pairs} pairs by wall time, ${cpuWins} of ${pairs} by CPU time`,
  );
  console.log('');
  for (const [i, v] of versions.entries())
    for (const f of names) console.log(`${v.name}_${f}=${show(f, figures[i]![f])}`);
  for (const f of names) console.log(`ratio_${f}=${(figures[1]![f] / figures[0]![f]).toFixed(3)}`);
  console.log(`${versions[1].name}_core_faster_pairs=${wins}/${pairs}`);
  console.log(`${versions[1].name}_core_faster_pairs_cpu=${cpuWins}/${pairs}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
