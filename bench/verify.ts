// Benchmark (prints figures; not a test).
// 1. Load-and-validate time of generated Terraform configurations of 1,000, 2,000 and 5,000 resources across 50
//    local modules (variables, locals, count, for_each, cross-resource references, policy documents).
// 2. Each environment under infra/ verified as users meet it: the installed `enclave` command as a whole process
//    (packages/cli/bin/enclave.js, running the bundle `npm run build:cli` makes; its V8 code cache in a fresh
//    directory, the first run after an install timed apart), three runs, next to three runs of
//    `checkov` on the same path, interleaved so both meet the same machine load; the time of each stage (start-up,
//    load, validate, model, analysis, rules, report) from `enclave verify --timings`; and the same verification in
//    this process (median of three, after one warm-up), for the in-process ratio.
// Ends with load_ms_*, and per environment whole_ms_<env>, cold_ms_<env>, checkov_ms_<env>, ratio_whole_<env>,
// inprocess_ms_<env>, ratio_inprocess_<env>.
//   --baseline <checkout>: also time another checkout's `enclave` (its bin, its bundle) in the same rounds,
//   interleaved, on the same environments of this checkout: a before/after side by side (baseline_ms_<env>…).
//   --runs N: rounds per environment (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTerraform } from '../src/verifier/load/terraform/index.ts';
import { validateStack } from '../src/verifier/schema/index.ts';
import { verify } from '../src/verifier/verify.ts';

const MODULES = 50;
const root = new URL('..', import.meta.url).pathname;

/** One module's worth of resources, `count` of them, cycling through the kinds our environments use. */
function moduleHcl(index: number, count: number): string {
  const parts: string[] = [
    `variable "name" {\n  type = string\n}\nvariable "tags" {\n  type    = map(string)\n  default = {}\n}\nlocals {\n  prefix = "\${var.name}-m${index}"\n}\n`,
  ];
  let made = 0;
  for (let i = 0; made < count; i++) {
    const n = `r${i}`;
    switch (i % 5) {
      case 0:
        parts.push(
          `resource "aws_kms_key" "${n}" {\n  description         = "\${local.prefix}-${n}"\n  enable_key_rotation = true\n  tags                = var.tags\n}\n`,
        );
        made += 1;
        break;
      case 1:
        if (count - made < 3) {
          parts.push(
            `resource "aws_cloudwatch_log_group" "${n}" {\n  name              = "/enclave/\${local.prefix}/${n}"\n  retention_in_days = 400\n}\n`,
          );
          made += 1;
          break;
        }
        parts.push(
          `resource "aws_s3_bucket" "${n}" {\n  bucket = "\${local.prefix}-${n}"\n  tags   = merge(var.tags, { Name = "${n}" })\n}\nresource "aws_s3_bucket_versioning" "${n}" {\n  bucket = aws_s3_bucket.${n}.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\ndata "aws_iam_policy_document" "${n}" {\n  statement {\n    sid       = "TLS"\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.${n}.arn, "\${aws_s3_bucket.${n}.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\nresource "aws_s3_bucket_policy" "${n}" {\n  bucket = aws_s3_bucket.${n}.id\n  policy = data.aws_iam_policy_document.${n}.json\n}\n`,
        );
        made += 3;
        break;
      case 2:
        parts.push(
          `resource "aws_cloudwatch_log_group" "${n}" {\n  name              = "/enclave/\${local.prefix}/${n}"\n  retention_in_days = 400\n  kms_key_id        = aws_kms_key.r0.arn\n}\n`,
        );
        made += 1;
        break;
      case 3:
        parts.push(
          `resource "aws_sns_topic" "${n}" {\n  name              = "\${local.prefix}-${n}"\n  kms_master_key_id = aws_kms_key.r0.id\n}\n`,
        );
        made += 1;
        break;
      default: {
        const k = Math.min(3, count - made);
        parts.push(
          `resource "aws_dynamodb_table" "${n}" {\n  for_each     = toset([for i in range(${k}) : "t\${i}"])\n  name         = "\${local.prefix}-${n}-\${each.key}"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n`,
        );
        made += k;
      }
    }
  }
  return parts.join('\n');
}

async function generate(total: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `enclave-bench-${total}-`));
  const per = total / MODULES;
  const calls: string[] = [
    'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n',
  ];
  for (let m = 0; m < MODULES; m++) {
    await mkdir(join(dir, 'modules', `m${m}`), { recursive: true });
    await writeFile(join(dir, 'modules', `m${m}`, 'main.tf'), moduleHcl(m, per));
    calls.push(
      `module "m${m}" {\n  source = "./modules/m${m}"\n  name   = "bench"\n  tags   = { Module = "m${m}" }\n}\n`,
    );
  }
  await writeFile(join(dir, 'main.tf'), calls.join('\n'));
  return dir;
}

async function loadAndValidate(dir: string): Promise<{ ms: number; resources: number; errors: number }> {
  const t0 = performance.now();
  const stack = await loadTerraform(dir, { cwd: dir });
  const diagnostics = [...stack.diagnostics, ...validateStack(stack)];
  const ms = performance.now() - t0;
  return {
    ms,
    resources: stack.resources.filter((r) => r.mode === 'resource').length,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
  };
}

function environments(): string[] {
  const out: string[] = [];
  const stacks = join(root, 'infra/terraform/stacks');
  if (existsSync(stacks))
    for (const d of readdirSync(stacks, { withFileTypes: true }))
      if (d.isDirectory()) out.push(`infra/terraform/stacks/${d.name}`);
  const cfn = join(root, 'infra/cloudformation');
  if (existsSync(cfn)) for (const f of readdirSync(cfn)) if (f.endsWith('.json')) out.push(`infra/cloudformation/${f}`);
  return out;
}

const figures: string[] = [];
// Warm up once so the first size does not carry the loader's start-up (module loading, JIT) alone.
await loadAndValidate(await generate(MODULES));
for (const total of [1000, 2000, 5000]) {
  const dir = await generate(total);
  const runs = [await loadAndValidate(dir), await loadAndValidate(dir)];
  const best = Math.min(...runs.map((r) => r.ms));
  console.log(
    `${total} resources requested, ${runs[0]!.resources} loaded across ${MODULES} modules: load+validate ${best.toFixed(0)} ms (best of 2), ${runs[0]!.errors} errors`,
  );
  figures.push(`load_ms_${total}=${best.toFixed(0)}`);
  await rm(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Number(option('--runs') ?? 3);
const baseline = option('--baseline');
const STAGES = ['startup', 'load', 'validate', 'model', 'analysis', 'rules', 'report'] as const;

const cli = join(root, 'packages/cli/bin/enclave.js');
const bundle = join(root, 'packages/cli/dist/enclave.cjs');
if (!existsSync(bundle))
  console.log(
    'packages/cli/dist/enclave.cjs is missing (npm run build:cli): the command runs from the sources through tsx',
  );
// The command keeps V8's code cache in the user's cache directory: here a fresh one, so the first run of each kind
// is measured as a first run after an install is, and the user's own cache is neither used nor touched.
const codeCache = await mkdtemp(join(tmpdir(), 'enclave-bench-code-cache-'));
const checkov = join(root, '.venv/bin/checkov');
const haveCheckov = existsSync(checkov);
if (!haveCheckov) console.log('checkov is not installed in .venv (run scripts/bootstrap.sh)');

/** One whole-process run of `enclave verify <env> --timings`: wall time and the stages it printed. */
function runEnclave(
  env: string,
  bin: string = cli,
  cache: 'use' | 'none' = 'use',
): { ms: number; stages: Record<string, number>; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'verify', env, '--timings'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ENCLAVE_CACHE_DIR: codeCache, ...(cache === 'none' ? { ENCLAVE_CODE_CACHE: '0' } : {}) },
  });
  const ms = performance.now() - t0;
  const stages: Record<string, number> = {};
  for (const m of (r.stderr ?? '').matchAll(/(\w+)=([\d.]+)/g)) stages[m[1]!] = Number(m[2]);
  return { ms, stages, status: r.status };
}

function runCheckov(env: string): number {
  const target = env.endsWith('.json') ? ['-f', env] : ['-d', env];
  const t0 = performance.now();
  spawnSync(checkov, [...target, '--quiet', '--compact', '-o', 'cli'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
  });
  return performance.now() - t0;
}

const envs = environments();
console.log(
  `environments: ${envs.join(', ') || '(none)'}; ${RUNS} runs each, enclave and checkov interleaved; machine load before: ${load()}`,
);
// Warm the in-process pipeline (the HCL grammar, the schemas) once, so each in-process figure is a verification.
await verify(envs, { cwd: root });
for (const env of envs) {
  const name = env
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  const whole: ReturnType<typeof runEnclave>[] = [];
  const before: ReturnType<typeof runEnclave>[] = [];
  const theirs: number[] = [];
  const inProcess: number[] = [];
  // The first run after an install compiles the bundle with no code cache; the next one writes the cache (once per
  // kind of run) that every later run starts from.
  const cold = runEnclave(env, cli, 'none');
  runEnclave(env);
  if (baseline) runEnclave(env, join(resolve(baseline), 'packages/cli/bin/enclave.js'));
  for (let i = 0; i < RUNS; i++) {
    if (baseline) before.push(runEnclave(env, join(resolve(baseline), 'packages/cli/bin/enclave.js')));
    whole.push(runEnclave(env));
    if (haveCheckov) theirs.push(runCheckov(env));
    const t0 = performance.now();
    await verify([env], { cwd: root });
    inProcess.push(performance.now() - t0);
  }
  const ours = median(whole.map((w) => w.ms));
  const stages = STAGES.map(
    (stage) => `${stage} ${median(whole.map((w) => w.stages[stage] ?? Number.NaN)).toFixed(0)}`,
  ).join(', ');
  const mine = median(inProcess);
  const checkovMs = haveCheckov ? median(theirs) : Number.NaN;
  console.log(`${env} (exit ${whole.map((w) => w.status).join('/')}; load ${load()})`);
  console.log(
    `  enclave, whole process: ${ours.toFixed(0)} ms median (${whole.map((w) => w.ms.toFixed(0)).join(', ')})`,
  );
  console.log(`  stages (median ms): ${stages}`);
  console.log(
    `  enclave, first run after install (no code cache): ${cold.ms.toFixed(0)} ms (${(checkovMs / cold.ms).toFixed(1)}× checkov)`,
  );
  console.log(
    `  enclave, in process:    ${mine.toFixed(0)} ms median (${inProcess.map((x) => x.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  checkov, whole process: ${Number.isNaN(checkovMs) ? 'not run' : `${checkovMs.toFixed(0)} ms median (${theirs.map((x) => x.toFixed(0)).join(', ')})`}`,
  );
  console.log(
    `  checkov / enclave: ${(checkovMs / ours).toFixed(1)}× whole process, ${(checkovMs / mine).toFixed(1)}× in process`,
  );
  if (baseline) {
    const was = median(before.map((w) => w.ms));
    console.log(
      `  baseline ${baseline}, whole process: ${was.toFixed(0)} ms median (${before.map((w) => w.ms.toFixed(0)).join(', ')}); checkov / baseline ${(checkovMs / was).toFixed(1)}×`,
    );
    console.log(
      `  baseline stages (median ms): ${STAGES.map((stage) => `${stage} ${median(before.map((w) => w.stages[stage] ?? Number.NaN)).toFixed(0)}`).join(', ')}`,
    );
    figures.push(`baseline_ms_${name}=${was.toFixed(0)}`, `ratio_baseline_${name}=${(checkovMs / was).toFixed(2)}`);
  }
  figures.push(
    `whole_ms_${name}=${ours.toFixed(0)}`,
    `cold_ms_${name}=${cold.ms.toFixed(0)}`,
    `checkov_ms_${name}=${Number.isNaN(checkovMs) ? 'NaN' : checkovMs.toFixed(0)}`,
    `ratio_whole_${name}=${(checkovMs / ours).toFixed(2)}`,
    `inprocess_ms_${name}=${mine.toFixed(0)}`,
    `ratio_inprocess_${name}=${(checkovMs / mine).toFixed(2)}`,
  );
}
console.log(`machine load after: ${load()}`);
console.log(figures.join('\n'));
await rm(codeCache, { recursive: true, force: true });
