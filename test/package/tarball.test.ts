// The npm package as a team meets it: `npm pack` of packages/cli (its prepack builds the bundle), the tarball installed
// with `npm install ./enclave-cli-<version>.tgz` into an empty directory with no registry reachable, then `npx enclave
// verify` and `npx enclave model` on Terraform and CloudFormation, compared with this checkout's sources. A repository
// without contracts gets the contract rules not applicable, and the CI workflow and hooks in examples/ run as written.
// Prints the package size and cold-start figures (`package.*=` lines); nothing here is timed against a limit
// (npm run bench:package measures with repetitions). The pack's prepack rebuilds packages/cli/dist here, as
// `npm run build:cli` does; the build swaps it in whole.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main as fromSources } from '../../src/cli/main.ts';

const root = process.cwd();
const packageDir = join(root, 'packages', 'cli');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

// No registry: a package that needed one would fail to install or to run here.
const offline = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  // `npx` and the `enclave` shebang run the Node this test runs on.
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
};

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = offline,
): SpawnSyncReturns<string> & { ms: number } {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return Object.assign(r, { ms: performance.now() - started });
}

function must(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.error, undefined, `${what}: ${r.error?.message}`);
  assert.ok(r.status === 0, `${what} exited ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)).map((f) => join(e.name, f)) : [e.name],
  );
}

/** A report without the moment it was made. */
function stripTimes(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === 'generatedAt' || key === 'endTimeUtc' ? undefined : value));
}

async function sources(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await fromSources(args, {
    cwd,
    stdout: { write: (s: string) => (out.push(s), true) },
    stderr: { write: () => true },
  });
  return { code, out: out.join('') };
}

const FOREIGN_TF = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_iam_role" "fn" {
  name = "orders-fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/aws/lambda/orders"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.data.arn
}

# Code built by the team's own pipeline: no Enclave bundle, no contract.
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "build/orders.zip"
  depends_on    = [aws_cloudwatch_log_group.orders]
}

# A path that looks like an Enclave bundle's, in a repository that declares no contracts.
resource "aws_lambda_function" "refunds" {
  function_name = "refunds"
  role          = aws_iam_role.fn.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "dist/functions/refunds.zip"
}
`;

const FOREIGN_CFN = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Code: { S3Bucket: 'team-artifacts', S3Key: 'fn.zip' },
      },
    },
  },
};

function writeForeignRepository(dir: string): void {
  mkdirSync(join(dir, 'infra', 'terraform'), { recursive: true });
  writeFileSync(join(dir, 'infra', 'terraform', 'main.tf'), FOREIGN_TF);
  writeFileSync(join(dir, 'infra', 'template.json'), JSON.stringify(FOREIGN_CFN, null, 2));
}

/** A YAML file as data, read by PyYAML from the project's .venv (there is no YAML parser among the npm packages). */
function yaml(file: string): any {
  const python = join(root, '.venv', 'bin', 'python');
  const r = run(
    python,
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)', file],
    root,
    process.env,
  );
  return JSON.parse(must(r, `yaml ${file}`));
}

describe('the npm package, packed, installed offline into an empty directory', () => {
  const figures: Record<string, string> = {};
  let work: string;
  let project: string;
  let bin: string;
  const isolated = join(root, 'infra', 'terraform', 'stacks', 'isolated-processing');
  const payments = join(root, 'infra', 'cloudformation', 'payment-files.json');

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'enclave-package-'));
    // 1. Pack: prepack builds the bundle.
    const packs = join(work, 'packs');
    mkdirSync(packs);
    must(run('npm', ['pack', '--pack-destination', packs], packageDir), 'npm pack');
    const tarballs = readdirSync(packs);
    assert.equal(tarballs.length, 1, `npm pack wrote ${tarballs.join(', ')}`);
    const tarball = tarballs[0]!;
    assert.match(tarball, /^enclave-cli-\d+\.\d+\.\d+\.tgz$/);
    figures['package.tarball'] = tarball;
    figures['package.packed_bytes'] = String(statSync(join(packs, tarball)).size);
    // 2. Install into an empty directory, as the issue writes it: npm install ./enclave-*.tgz.
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'team-infra', version: '1.0.0', private: true }),
    );
    copyFileSync(join(packs, tarball), join(project, tarball));
    must(run('npm', ['install', '--cache', join(work, 'npm-cache'), `./${tarball}`], project), 'npm install');
    bin = join(project, 'node_modules', '.bin', 'enclave');
  });

  after(() => {
    console.log(
      Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    console.log(`(Node ${process.versions.node}; cold = the first runs after the install, on a shared machine)`);
    rmSync(work, { recursive: true, force: true });
  });

  test('the tarball: the bundle, the schemas and the IAM catalogue; no sources, no dependencies, no wasm', () => {
    const tarball = join(project, figures['package.tarball']!);
    const listed = must(run('tar', ['tzf', tarball], work), 'tar tzf')
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^package\//, ''));
    // Every schema data file of the source tree, whatever its name.
    const schemaData = filesUnder(join(root, 'src', 'verifier', 'schema')).filter((f) => !/\.(ts|md)$/.test(f));
    assert.ok(
      schemaData.some((f) => f.endsWith('.json.gz')),
      'the source tree has a provider schema',
    );
    for (const file of [
      'package.json',
      'LICENSE',
      'bin/enclave.js',
      'dist/enclave.cjs',
      'dist/aws-service-spec.lazy',
      'dist/iam-data/services.json',
      'dist/THIRD-PARTY-NOTICES.md',
      // The gzipped provider schemas are carried inflated (packages/cli/build.mjs).
      ...schemaData.map((f) => `dist/${f.replace(/\.schema\.json\.gz$/, '.schema.lazy')}`),
    ]) {
      assert.ok(listed.includes(file), `the tarball has ${file}`);
    }
    assert.deepEqual(
      listed.filter((f) => f.endsWith('.ts') || f.endsWith('.wasm') || f === 'build.mjs' || f === 'dist/manifest.json'),
      [],
      'no sources, wasm (HCL is parsed in TypeScript), build script or build manifest in the tarball',
    );
    const packed = JSON.parse(
      must(run('tar', ['xzOf', tarball, 'package/package.json'], work), 'tar x package.json'),
    ) as Record<string, unknown>;
    assert.equal(packed.private, undefined, 'an installable package is not private');
    assert.equal(packed.dependencies, undefined, 'no dependencies: everything is bundled');
    assert.deepEqual(packed.bin, { enclave: 'bin/enclave.js' });

    const installed = join(project, 'node_modules', ...manifest.name.split('/'));
    assert.deepEqual(
      readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.')),
      [manifest.name.split('/')[0]],
      'the package installs alone: no dependency, so no tsx either',
    );
    const bundleText = readFileSync(join(installed, 'dist', 'enclave.cjs'), 'utf8');
    assert.ok(!bundleText.includes(root), 'the bundle names no path of this checkout');
    assert.ok(!/\btsx\b/.test(bundleText), 'the bundle does not load tsx');
    const files = filesUnder(installed);
    figures['package.unpacked_bytes'] = String(files.reduce((sum, f) => sum + statSync(join(installed, f)).size, 0));
    figures['package.files'] = String(files.length);
    figures['package.bundle_bytes'] = String(Buffer.byteLength(bundleText));
  });

  test("npx enclave verify and model, on Terraform and CloudFormation: the checkout's results", async () => {
    // The first runs after the install are the cold starts.
    const version = run(process.execPath, [bin, '--version'], project);
    assert.equal(
      must(version, 'enclave --version').trim(),
      `enclave ${manifest.version}`,
      'the command reports the package version',
    );
    figures['package.cold_version_ms'] = version.ms.toFixed(0);
    const npxVersion = run('npx', ['enclave', '--version'], project);
    assert.equal(must(npxVersion, 'npx enclave --version').trim(), `enclave ${manifest.version}`);
    figures['package.cold_version_npx_ms'] = npxVersion.ms.toFixed(0);

    const cases: { args: string[]; what: string }[] = [
      { args: ['verify', isolated, '--format', 'json'], what: 'verify isolated-processing (Terraform)' },
      { args: ['model', isolated, '--format', 'json'], what: 'model isolated-processing (Terraform)' },
      { args: ['verify', payments, '--format', 'json'], what: 'verify payment-files (CloudFormation)' },
      { args: ['model', payments, '--format', 'json'], what: 'model payment-files (CloudFormation)' },
    ];
    for (const { args, what } of cases) {
      const r = run('npx', ['enclave', ...args], project);
      if (what.startsWith('verify isolated'))
        figures['package.cold_verify_isolated_processing_npx_ms'] = r.ms.toFixed(0);
      const expected = await sources(args, project);
      assert.equal(r.status, expected.code, `${what}: exit code\n${r.stderr}`);
      assert.deepEqual(
        stripTimes(r.stdout),
        stripTimes(expected.out),
        `${what}: the same output as the checkout's sources`,
      );
    }
    const direct = run(process.execPath, [bin, 'verify', isolated], project);
    assert.equal(direct.status, 0, `the environment verifies clean\n${direct.stdout}`);
    figures['package.verify_isolated_processing_ms'] = direct.ms.toFixed(0);

    const sarif = run(
      process.execPath,
      [bin, 'verify', payments, '--format', 'sarif', '--out', 'payments.sarif'],
      project,
    );
    assert.equal(sarif.status, 0, sarif.stderr);
    const sarifText = readFileSync(join(project, 'payments.sarif'), 'utf8');
    assert.equal((JSON.parse(sarifText) as { version: string }).version, '2.1.0');
    assert.deepEqual(
      stripTimes(sarifText),
      stripTimes((await sources(['verify', payments, '--format', 'sarif'], project)).out),
      'the same SARIF as the checkout',
    );
  });

  test('a repository without contracts: the same rules, the contract rules not applicable', () => {
    // The sources run as a whole process there too: contracts are looked for from the working directory.
    writeForeignRepository(project);
    const runner = join(work, 'from-sources.mjs');
    writeFileSync(
      runner,
      `import { main } from ${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });\n`,
    );
    const tsx = import.meta.resolve('tsx');
    for (const target of ['infra/terraform', 'infra/template.json']) {
      const args = ['verify', target, '--format', 'json'];
      const r = run('npx', ['enclave', ...args], project);
      const expected = run(process.execPath, ['--import', tsx, runner, ...args], project);
      assert.equal(r.status, 1, `${target} has findings\n${r.stderr}`);
      assert.equal(r.status, expected.status, expected.stderr);
      assert.deepEqual(
        stripTimes(r.stdout),
        stripTimes(expected.stdout),
        `${target}: the same report as the checkout's sources`,
      );
      const report = JSON.parse(r.stdout) as {
        stacks: { rules: { id: string; verdict: string }[]; diagnostics: { code: string }[] }[];
      };
      const verdicts = new Map(report.stacks[0]!.rules.map((rule) => [rule.id, rule.verdict]));
      assert.equal(verdicts.get('ENC-IAM-010'), 'not-applicable', `${target}: contract rule`);
      assert.equal(verdicts.get('ENC-IAM-011'), 'not-applicable', `${target}: least-privilege-by-contract rule`);
      assert.ok([...verdicts.values()].includes('non-compliant'), `${target}: every other rule still runs`);
      assert.ok(
        !report.stacks[0]!.rules.some((rule) => rule.verdict === 'unknown'),
        `${target}: nothing is left unknown`,
      );
      assert.ok(
        report.stacks[0]!.diagnostics.some((d) => d.code === 'contracts-none'),
        `${target}: the report says why`,
      );
    }
  });

  test('examples/: the GitHub Actions workflow and the pre-commit hooks run as written', () => {
    writeForeignRepository(project);
    const paths = 'infra/terraform infra/template.json';
    // The workflow: its enclave steps run here as GitHub runs them (bash -eo pipefail, the job's env); the SARIF goes
    // where the upload step reads it, also when the verify step fails.
    const workflow = yaml(join(root, 'examples', 'github-actions', 'enclave.yml'));
    // YAML 1.1 reads the key `on` as true; GitHub reads it as `on`.
    const triggers = workflow.on ?? workflow.true;
    assert.ok(triggers.pull_request !== undefined && triggers.push !== undefined, 'runs on pushes and pull requests');
    const job = workflow.jobs.verify;
    assert.equal(job.permissions['security-events'], 'write', 'upload-sarif needs security-events: write');
    assert.equal(String(job.env.ENCLAVE_VERSION), manifest.version, 'the example runs this release');
    const steps = job.steps as {
      name?: string;
      run?: string;
      uses?: string;
      if?: string;
      with?: Record<string, string>;
    }[];
    const verify = steps.find((s) => s.run?.includes('--format sarif'))!;
    const sarifFile = verify.run!.match(/--out (\S+)/)![1]!;
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(upload.with!.sarif_file, sarifFile);
    assert.match(upload.if!, /failure\(\)/, 'findings are uploaded even though they fail the verify step');
    assert.ok(steps.indexOf(upload) > steps.indexOf(verify));
    const env = { ...offline, ENCLAVE_VERSION: manifest.version, ENCLAVE_PATHS: paths };
    const verified = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', verify.run!], project, env);
    assert.equal(verified.status, 1, `the findings fail the job\n${verified.stderr}`);
    const uploaded = JSON.parse(readFileSync(join(project, sarifFile), 'utf8')) as { runs: { results: unknown[] }[] };
    assert.ok(uploaded.runs[0]!.results.length > 0, 'the SARIF carries the findings');
    const evidence = steps.find((s) => s.run?.includes('--format html'))!;
    const html = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evidence.run!], project, env);
    assert.equal(html.status, 0, `findings do not fail the evidence step\n${html.stderr}`);
    const report = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    assert.ok(
      statSync(join(project, report.with!.path!)).size > 0,
      'the evidence report is where the artifact step reads it',
    );
    const broken = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evidence.run!], project, {
      ...env,
      ENCLAVE_PATHS: 'no/such/dir',
    });
    assert.notEqual(broken.status, 0, 'an unreadable input fails the evidence step');

    // pre-commit (the framework): the hook's entry with the team's paths as args.
    const config = yaml(join(root, 'examples', 'pre-commit', '.pre-commit-config.yaml'));
    const hook = config.repos[0].hooks[0];
    assert.equal(hook.language, 'system');
    assert.equal(hook.pass_filenames, false);
    assert.ok(
      new RegExp(hook.files).test('infra/terraform/main.tf') && new RegExp(hook.files).test('infra/template.json'),
    );
    const framework = run('sh', ['-c', `${hook.entry} ${paths}`], project);
    assert.equal(framework.status, 1, `the hook fails on findings\n${framework.stderr}`);

    // The plain git hook: a commit with findings is stopped, a clean one goes through, one without IaC is not checked.
    const git = (...args: string[]) => run('git', args, project, { ...offline, GIT_CONFIG_NOSYSTEM: '1', HOME: work });
    must(git('init', '-q'), 'git init');
    must(git('config', 'user.email', 'team@example.com'), 'git config');
    must(git('config', 'user.name', 'team'), 'git config');
    must(git('config', 'enclave.paths', 'infra/terraform'), 'git config');
    copyFileSync(join(root, 'examples', 'pre-commit', 'pre-commit'), join(project, '.git', 'hooks', 'pre-commit'));
    must(git('add', 'infra/terraform/main.tf'), 'git add');
    const stopped = git('commit', '-qm', 'orders function');
    assert.equal(stopped.status, 1, `the hook stops the commit\n${stopped.stdout}${stopped.stderr}`);
    // git hands a hook's output to stderr.
    assert.match(stopped.stderr, /FAILED: \d+ rules compliant, [1-9]\d* non-compliant/);
    // A clean key names who may rewrite its policy (ENC-KMS-005): the deploying role, not the account root.
    const policy =
      'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/deployer" }, Action = "kms:PutKeyPolicy", Resource = "*" }] })';
    writeFileSync(
      join(project, 'infra', 'terraform', 'main.tf'),
      `data "aws_caller_identity" "current" {}\nresource "aws_kms_key" "data" {\n  enable_key_rotation = true\n  policy              = ${policy}\n}\n`,
    );
    // And the provider is pinned by a committed lock file (ENC-TF-001).
    writeFileSync(
      join(project, 'infra', 'terraform', '.terraform.lock.hcl'),
      'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n',
    );
    must(git('add', 'infra/terraform/main.tf', 'infra/terraform/.terraform.lock.hcl'), 'git add');
    const clean = git('commit', '-qm', 'a key');
    assert.equal(clean.status, 0, `a clean commit goes through\n${clean.stdout}${clean.stderr}`);
    assert.match(clean.stderr, /PASSED/);
    // Staged content is what counts: a finding left unstaged in the working tree does not stop the next commit.
    writeFileSync(
      join(project, 'infra', 'terraform', 'main.tf'),
      'resource "aws_kms_key" "data" {\n  enable_key_rotation = false\n}\n',
    );
    writeFileSync(join(project, 'NOTES.md'), 'notes\n');
    must(git('add', 'NOTES.md'), 'git add');
    const docs = git('commit', '-qm', 'notes');
    assert.equal(docs.status, 0, docs.stderr);
    assert.doesNotMatch(
      docs.stdout + docs.stderr,
      /enclave|PASSED|FAILED/,
      'a commit without infrastructure code is not verified',
    );
  });
});
