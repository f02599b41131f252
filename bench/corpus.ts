// Benchmark (prints figures; not a test): `enclave verify` (load, schema, model, analyses, rules) against
// `checkov` on each entry of the real-world corpus (test/corpus/manifest.json), side by side in one run. Checkov is
// run as a user runs it, one process per entry; Enclave both in-process (`verify()`) and as its CLI, one process
// per entry (`enclave verify --format json`), so process start-up is counted on both sides in the second ratio.
//   npx tsx bench/corpus.ts [--limit N] [--every N] [id-substring]   (--every 4: every fourth entry, a sample)
// Prints one line per entry (`enclave_ms enclave_cli_ms checkov_ms checkov/enclave checkov/enclave_cli id`), then
// the totals per dialect and the median ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verify } from '../src/verifier/verify.ts';

/** The fields of a test/corpus/manifest.json entry this benchmark reads (test/corpus/vendor.ts writes the file). */
interface ManifestEntry {
  id: string;
  dialect: 'terraform' | 'cloudformation';
  /** Relative to test/corpus: the Terraform root directory or the template file. */
  path: string;
}

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, 'test/corpus');
const checkov = join(root, '.venv/bin/checkov');
const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
const everyAt = args.indexOf('--every');
const every = everyAt >= 0 ? Number(args[everyAt + 1]) : 1;
const filter = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit' && args[i - 1] !== '--every');

const manifest = (JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as ManifestEntry[])
  .filter((e) => !filter || e.id.includes(filter))
  .filter((_, i) => i % every === 0)
  .slice(0, limit);
const rows: { id: string; enclave: number; cli: number; checkov: number }[] = [];
const cliBin = join(root, 'packages/cli/bin/enclave.js');
for (const entry of manifest) {
  const started = performance.now();
  await verify([entry.path], { cwd: corpus });
  const enclave = performance.now() - started;
  const cliStarted = performance.now();
  spawnSync(process.execPath, [cliBin, 'verify', entry.path, '--format', 'json'], { cwd: corpus, stdio: 'ignore' });
  const cli = performance.now() - cliStarted;
  const target = join(corpus, entry.path);
  const checkovArgs =
    entry.dialect === 'terraform'
      ? ['-d', target, '--framework', 'terraform', '--quiet', '--compact', '-o', 'json', '--skip-download']
      : ['-f', target, '--framework', 'cloudformation', '--quiet', '--compact', '-o', 'json', '--skip-download'];
  const checkovStarted = performance.now();
  spawnSync(checkov, checkovArgs, {
    cwd: entry.dialect === 'terraform' ? target : dirname(target),
    stdio: 'ignore',
    env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' },
  });
  const checkovMs = performance.now() - checkovStarted;
  rows.push({ id: entry.id, enclave, cli, checkov: checkovMs });
  console.log(
    `${enclave.toFixed(0).padStart(6)} ${cli.toFixed(0).padStart(6)} ${checkovMs.toFixed(0).padStart(7)} ${(checkovMs / enclave).toFixed(1).padStart(6)}x ${(checkovMs / cli).toFixed(1).padStart(5)}x ${entry.id}`,
  );
}
const sum = (part: typeof rows, f: (r: (typeof rows)[number]) => number) => part.reduce((t, r) => t + f(r), 0);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
for (const [label, part] of [
  ['terraform', rows.filter((r) => r.id.startsWith('tf/'))],
  ['cloudformation', rows.filter((r) => r.id.startsWith('cfn/'))],
  ['all', rows],
] as const) {
  if (part.length === 0) continue;
  const e = sum(part, (r) => r.enclave);
  const c = sum(part, (r) => r.cli);
  const k = sum(part, (r) => r.checkov);
  console.log(
    `${label}: ${part.length} entries, enclave_ms=${e.toFixed(0)} enclave_cli_ms=${c.toFixed(0)} checkov_ms=${k.toFixed(0)} ` +
      `checkov_over_enclave=${(k / e).toFixed(1)} checkov_over_enclave_cli=${(k / c).toFixed(1)} ` +
      `median_ratio=${median(part.map((r) => r.checkov / r.enclave)).toFixed(1)} median_ratio_cli=${median(part.map((r) => r.checkov / r.cli)).toFixed(1)}`,
  );
}
