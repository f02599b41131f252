// What the reference tools say about each corpus entry, written to oracle.json:
//   Terraform: `terraform init -backend=false` (AWS provider 5.100.0 from the offline mirror, nothing else) and
//     `terraform validate -json`; a configuration that calls registry modules or needs another provider cannot
//     be initialised offline, which is recorded as the reason it was not validated. The lock file init writes is
//     kept beside the configuration (a hand-written one pinning 5.100.0 where init could not run), as a user of
//     that release would have committed it.
//   CloudFormation: cfn-lint from the project .venv (errors only: E-rules).
//   npx tsx test/corpus/oracle.ts   (minutes: the provider binary starts once per configuration)
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeMirrorCliConfig } from '../../scripts/generate-tf-schema.ts';
import type { ManifestEntry } from './vendor.ts';

const CORPUS = new URL('./', import.meta.url).pathname;
const CFN_LINT = new URL('../../.venv/bin/cfn-lint', import.meta.url).pathname;

export interface OracleResult {
  tool: 'terraform validate' | 'cfn-lint';
  /** False when the tool could not judge this entry; `reason` says why. */
  ran: boolean;
  reason?: string;
  valid?: boolean;
  errors: { message: string; file?: string; line?: number }[];
}

export const LOCK_5_100 = `# Written by test/corpus/oracle.ts: terraform init could not run offline here; pins what it would have.
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
}
`;

function terraformOracle(entry: ManifestEntry, workRoot: string, env: NodeJS.ProcessEnv): OracleResult {
  const moduleRoot = entry.path.split('/').slice(0, 2).join('/');
  const dir = join(workRoot, entry.path);
  const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lock = join(CORPUS, entry.path, '.terraform.lock.hcl');
  if (init.status !== 0) {
    writeFileSync(lock, LOCK_5_100);
    const reason = /Failed to download module|Module not installed|could not download module|module registry/i.test(
      init.stderr,
    )
      ? 'calls registry or remote modules, which cannot be fetched offline'
      : /Failed to query available provider packages|Failed to resolve provider packages|provider registry/i.test(
            init.stderr,
          )
        ? `needs providers other than hashicorp/aws 5.100.0 (${[...new Set([...init.stderr.matchAll(/provider (registry\.terraform\.io\/)?([a-z0-9-]+\/[a-z0-9-]+)/g)].map((m) => m[2]))].filter((p) => p !== 'hashicorp/aws').join(', ')})`
        : `terraform init failed: ${
            init.stderr
              .split('\n')
              .find((l) => l.includes('Error'))
              ?.trim() ?? init.stderr.slice(0, 200)
          }`;
    return { tool: 'terraform validate', ran: false, reason, errors: [] };
  }
  copyFileSync(join(dir, '.terraform.lock.hcl'), lock);
  const validate = spawnSync('terraform', ['validate', '-json', '-no-color'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 26,
  });
  const out = JSON.parse(validate.stdout) as {
    valid: boolean;
    diagnostics: {
      severity: string;
      summary: string;
      detail?: string;
      range?: { filename: string; start: { line: number } };
    }[];
  };
  const errors = out.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({
      message: `${d.summary}${d.detail ? `: ${d.detail.split('\n')[0]}` : ''}`,
      ...(d.range
        ? {
            file: relative(CORPUS, join(workRoot, entry.path, d.range.filename)).replace(/^/, ''),
            line: d.range.start.line,
          }
        : {}),
    }));
  void moduleRoot;
  return { tool: 'terraform validate', ran: true, valid: out.valid, errors };
}

function cfnLintOracle(entry: ManifestEntry): OracleResult {
  if (!existsSync(CFN_LINT))
    return { tool: 'cfn-lint', ran: false, reason: 'cfn-lint is not installed in .venv', errors: [] };
  const run = spawnSync(CFN_LINT, ['--format', 'json', '--', join(CORPUS, entry.path)], {
    encoding: 'utf8',
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
    maxBuffer: 1 << 26,
  });
  let findings: { Rule: { Id: string }; Message: string; Level: string; Location: { Start: { LineNumber: number } } }[];
  try {
    findings = JSON.parse(run.stdout || '[]');
  } catch {
    return { tool: 'cfn-lint', ran: false, reason: `cfn-lint failed: ${run.stderr.slice(0, 200)}`, errors: [] };
  }
  const errors = findings
    .filter((f) => f.Level === 'Error')
    .map((f) => ({
      message: `${f.Rule.Id} ${f.Message.split('\n')[0]}`,
      file: entry.path,
      line: f.Location.Start.LineNumber,
    }));
  return { tool: 'cfn-lint', ran: true, valid: errors.length === 0, errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const only = process.argv[2];
  const work = mkdtempSync(join(tmpdir(), 'enclave-corpus-oracle-'));
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: writeMirrorCliConfig(work),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  cpSync(join(CORPUS, 'terraform'), join(work, 'terraform'), { recursive: true });
  const previous = existsSync(join(CORPUS, 'oracle.json'))
    ? (JSON.parse(readFileSync(join(CORPUS, 'oracle.json'), 'utf8')) as Record<string, OracleResult>)
    : {};
  const results: Record<string, OracleResult> = { ...previous };
  for (const entry of manifest) {
    if (only && !entry.id.includes(only)) continue;
    const started = Date.now();
    results[entry.id] = entry.dialect === 'terraform' ? terraformOracle(entry, work, env) : cfnLintOracle(entry);
    const r = results[entry.id]!;
    console.log(
      `${entry.id}: ${r.ran ? (r.valid ? 'valid' : `${r.errors.length} error(s)`) : `not judged (${r.reason})`} ${Date.now() - started} ms`,
    );
    writeFileSync(
      join(CORPUS, 'oracle.json'),
      `${JSON.stringify(Object.fromEntries(Object.entries(results).sort()), null, 1)}\n`,
    );
  }
}
