// Prints Enclave's diagnostics next to the oracle's for every corpus entry (a working aid; the test is corpus.test.ts).
//   npx tsx test/corpus/survey.ts [id-substring]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OracleResult } from './oracle.ts';
import { CORPUS, runEnclave } from './run-enclave.ts';
import type { ManifestEntry } from './vendor.ts';

const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
const oracle = JSON.parse(readFileSync(join(CORPUS, 'oracle.json'), 'utf8')) as Record<string, OracleResult>;
const only = process.argv[2];
for (const entry of manifest) {
  if (only && !entry.id.includes(only)) continue;
  const o = oracle[entry.id];
  let line: string;
  try {
    const { result } = await runEnclave(entry);
    const errors = result.diagnostics.filter((d) => d.startsWith('error'));
    const verdict = !o
      ? 'no oracle'
      : !o.ran
        ? `not judged: ${o.reason}`
        : o.valid
          ? 'valid'
          : `${o.errors.length} oracle errors`;
    line = `${entry.id} [${verdict}] schema=${result.schema ?? '-'} enclave errors=${errors.length} warnings=${result.diagnostics.length - errors.length}`;
    if (errors.length > 0 || (o?.ran && !o.valid))
      line += `\n    ${[...errors.slice(0, 6), ...(o?.errors ?? []).slice(0, 4).map((e) => `ORACLE ${e.file}:${e.line} ${e.message}`)].join('\n    ')}`;
  } catch (error) {
    line = `${entry.id} CRASH ${(error as Error).stack}`;
  }
  console.log(line);
}
