// Benchmark (prints figures; not a test): `enclave verify` (load, schema, model, analyses, rules) against
// `checkov` on each entry of the real-world corpus (test/corpus/manifest.json), side by side in one run, one
// process start each for checkov (as a user runs it) and one in-process verify for Enclave.
//   npx tsx bench/corpus.ts [--limit N] [id-substring]
// Prints one line per entry (`enclave_ms checkov_ms ratio id`), then the totals and the median ratio.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verify } from '../src/verifier/verify.ts';
import type { ManifestEntry } from '../test/corpus/vendor.ts';

const root = new URL('..', import.meta.url).pathname;
const corpus = join(root, 'test/corpus');
const checkov = join(root, '.venv/bin/checkov');
const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
const filter = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit');

const manifest = (JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as ManifestEntry[]).filter((e) => !filter || e.id.includes(filter)).slice(0, limit);
const rows: { id: string; enclave: number; checkov: number }[] = [];
for (const entry of manifest) {
  const started = performance.now();
  await verify([entry.path], { cwd: corpus });
  const enclave = performance.now() - started;
  const target = join(corpus, entry.path);
  const checkovArgs =
    entry.dialect === 'terraform'
      ? ['-d', target, '--framework', 'terraform', '--quiet', '--compact', '-o', 'json', '--skip-download']
      : ['-f', target, '--framework', 'cloudformation', '--quiet', '--compact', '-o', 'json', '--skip-download'];
  const checkovStarted = performance.now();
  spawnSync(checkov, checkovArgs, { cwd: entry.dialect === 'terraform' ? target : dirname(target), stdio: 'ignore', env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' } });
  const checkovMs = performance.now() - checkovStarted;
  rows.push({ id: entry.id, enclave, checkov: checkovMs });
  console.log(`${enclave.toFixed(0).padStart(6)} ${checkovMs.toFixed(0).padStart(7)} ${(checkovMs / enclave).toFixed(1).padStart(6)}x ${entry.id}`);
}
const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + f(r), 0);
const ratios = rows.map((r) => r.checkov / r.enclave).sort((a, b) => a - b);
for (const dialect of ['tf/', 'cfn/']) {
  const part = rows.filter((r) => r.id.startsWith(dialect));
  if (part.length === 0) continue;
  const e = part.reduce((t, r) => t + r.enclave, 0);
  const c = part.reduce((t, r) => t + r.checkov, 0);
  console.log(`${dialect.replace('/', '')}: ${part.length} entries, enclave_ms=${e.toFixed(0)} checkov_ms=${c.toFixed(0)} checkov_over_enclave=${(c / e).toFixed(1)}`);
}
console.log(`all: ${rows.length} entries, enclave_ms=${sum((r) => r.enclave).toFixed(0)} checkov_ms=${sum((r) => r.checkov).toFixed(0)} checkov_over_enclave=${(sum((r) => r.checkov) / sum((r) => r.enclave)).toFixed(1)} median_ratio=${(ratios[Math.floor(ratios.length / 2)] ?? 0).toFixed(1)}`);
