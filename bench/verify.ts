// Benchmark (prints figures; not a test).
// 1. Load-and-validate time of generated Terraform configurations of 1,000, 2,000 and 5,000 resources across 50
//    local modules (variables, locals, count, for_each, cross-resource references, policy documents).
// 2. Verifying every environment under infra/ (load, schema, model, network, rules — IAM included) against
//    `checkov -d` on the same directories, from one run.
// Ends with load_ms_1000=…, load_ms_2000=…, load_ms_5000=…, enclave_all_ms=…, checkov_all_ms=…, checkov_over_enclave=….
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTerraform } from '../src/verifier/load/terraform/index.ts';
import { validateStack } from '../src/verifier/schema/index.ts';
import { verify } from '../src/verifier/verify.ts';

const MODULES = 50;
const root = new URL('..', import.meta.url).pathname;

/** One module's worth of resources, `count` of them, cycling through the kinds our environments use. */
function moduleHcl(index: number, count: number): string {
  const parts: string[] = [`variable "name" {\n  type = string\n}\nvariable "tags" {\n  type    = map(string)\n  default = {}\n}\nlocals {\n  prefix = "\${var.name}-m${index}"\n}\n`];
  let made = 0;
  for (let i = 0; made < count; i++) {
    const n = `r${i}`;
    switch (i % 5) {
      case 0:
        parts.push(`resource "aws_kms_key" "${n}" {\n  description         = "\${local.prefix}-${n}"\n  enable_key_rotation = true\n  tags                = var.tags\n}\n`);
        made += 1;
        break;
      case 1:
        if (count - made < 3) { parts.push(`resource "aws_cloudwatch_log_group" "${n}" {\n  name              = "/enclave/\${local.prefix}/${n}"\n  retention_in_days = 400\n}\n`); made += 1; break; }
        parts.push(`resource "aws_s3_bucket" "${n}" {\n  bucket = "\${local.prefix}-${n}"\n  tags   = merge(var.tags, { Name = "${n}" })\n}\nresource "aws_s3_bucket_versioning" "${n}" {\n  bucket = aws_s3_bucket.${n}.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\ndata "aws_iam_policy_document" "${n}" {\n  statement {\n    sid       = "TLS"\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.${n}.arn, "\${aws_s3_bucket.${n}.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\nresource "aws_s3_bucket_policy" "${n}" {\n  bucket = aws_s3_bucket.${n}.id\n  policy = data.aws_iam_policy_document.${n}.json\n}\n`);
        made += 3;
        break;
      case 2:
        parts.push(`resource "aws_cloudwatch_log_group" "${n}" {\n  name              = "/enclave/\${local.prefix}/${n}"\n  retention_in_days = 400\n  kms_key_id        = aws_kms_key.r0.arn\n}\n`);
        made += 1;
        break;
      case 3:
        parts.push(`resource "aws_sns_topic" "${n}" {\n  name              = "\${local.prefix}-${n}"\n  kms_master_key_id = aws_kms_key.r0.id\n}\n`);
        made += 1;
        break;
      default: {
        const k = Math.min(3, count - made);
        parts.push(`resource "aws_dynamodb_table" "${n}" {\n  for_each     = toset([for i in range(${k}) : "t\${i}"])\n  name         = "\${local.prefix}-${n}-\${each.key}"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n`);
        made += k;
      }
    }
  }
  return parts.join('\n');
}

async function generate(total: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `enclave-bench-${total}-`));
  const per = total / MODULES;
  const calls: string[] = ['terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n'];
  for (let m = 0; m < MODULES; m++) {
    await mkdir(join(dir, 'modules', `m${m}`), { recursive: true });
    await writeFile(join(dir, 'modules', `m${m}`, 'main.tf'), moduleHcl(m, per));
    calls.push(`module "m${m}" {\n  source = "./modules/m${m}"\n  name   = "bench"\n  tags   = { Module = "m${m}" }\n}\n`);
  }
  await writeFile(join(dir, 'main.tf'), calls.join('\n'));
  return dir;
}

async function loadAndValidate(dir: string): Promise<{ ms: number; resources: number; errors: number }> {
  const t0 = performance.now();
  const stack = await loadTerraform(dir, { cwd: dir });
  const diagnostics = [...stack.diagnostics, ...validateStack(stack)];
  const ms = performance.now() - t0;
  return { ms, resources: stack.resources.filter((r) => r.mode === 'resource').length, errors: diagnostics.filter((d) => d.severity === 'error').length };
}

function environments(): string[] {
  const out: string[] = [];
  const stacks = join(root, 'infra/terraform/stacks');
  if (existsSync(stacks)) for (const d of readdirSync(stacks, { withFileTypes: true })) if (d.isDirectory()) out.push(`infra/terraform/stacks/${d.name}`);
  const cfn = join(root, 'infra/cloudformation');
  if (existsSync(cfn)) for (const f of readdirSync(cfn)) if (f.endsWith('.json')) out.push(`infra/cloudformation/${f}`);
  return out;
}

const figures: string[] = [];
// Warm the parser once so the first size does not carry tree-sitter's start-up alone.
await loadAndValidate(await generate(MODULES));
for (const total of [1000, 2000, 5000]) {
  const dir = await generate(total);
  const runs = [await loadAndValidate(dir), await loadAndValidate(dir)];
  const best = Math.min(...runs.map((r) => r.ms));
  console.log(`${total} resources requested, ${runs[0]!.resources} loaded across ${MODULES} modules: load+validate ${best.toFixed(0)} ms (best of 2), ${runs[0]!.errors} errors`);
  figures.push(`load_ms_${total}=${best.toFixed(0)}`);
  await rm(dir, { recursive: true, force: true });
}

const envs = environments();
console.log(`environments: ${envs.join(', ') || '(none)'}`);
const t0 = performance.now();
const result = await verify(envs, { cwd: root });
const enclaveMs = performance.now() - t0;
for (const s of result.stacks) console.log(`  enclave ${s.path}: ${s.stack?.resources.length ?? 0} resources, ${s.failed ? 'findings' : 'clean'}`);

const checkov = join(root, '.venv/bin/checkov');
let checkovMs = Number.NaN;
if (existsSync(checkov)) {
  const c0 = performance.now();
  for (const env of envs) {
    const target = env.endsWith('.json') ? ['-f', env] : ['-d', env];
    const r = spawnSync(checkov, [...target, '--quiet', '--compact', '-o', 'cli'], { cwd: root, encoding: 'utf8', env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' } });
    console.log(`  checkov ${env}: exit ${r.status}`);
  }
  checkovMs = performance.now() - c0;
} else console.log('checkov is not installed in .venv (run scripts/bootstrap.sh)');

console.log(figures.join('\n'));
console.log(`enclave_all_ms=${enclaveMs.toFixed(0)}`);
console.log(`checkov_all_ms=${Number.isNaN(checkovMs) ? 'NaN' : checkovMs.toFixed(0)}`);
console.log(`checkov_over_enclave=${Number.isNaN(checkovMs) ? 'NaN' : (checkovMs / enclaveMs).toFixed(2)}`);
