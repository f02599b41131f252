// Vendors the corpus from local mirrors of public repositories (made with the search tool's fetch, under
// /work/.mirror/<owner>+<name>/repo, or $ENCLAVE_MIRRORS): each module repository at its last release for AWS
// provider 5 (examples with the module they call), and CloudFormation / SAM templates. Writes manifest.json with
// repository, commit, path and licence of everything it copies, and each repository's licence beside its files.
//   npx tsx test/corpus/vendor.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MIRRORS = process.env['ENCLAVE_MIRRORS'] ?? '/work/.mirror';
const CORPUS = new URL('./', import.meta.url).pathname;

export interface ManifestEntry {
  id: string;
  dialect: 'terraform' | 'cloudformation';
  /** Relative to test/corpus: the Terraform root directory or the template file. */
  path: string;
  repo: string;
  commit: string;
  /** The path inside the repository. */
  source: string;
  licence: string;
}

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', join(MIRRORS, repo.replace('/', '+'), 'repo'), ...args], { maxBuffer: 1 << 28 });

/** terraform-aws-modules repositories at their last release for provider 5 (the next major requires provider 6). */
const MODULES: [string, string][] = [
  ['vpc', 'v5.21.0'],
  ['s3-bucket', 'v4.11.0'],
  ['lambda', 'v7.21.1'],
  ['security-group', 'v5.3.1'],
  ['rds', 'v6.13.1'],
  ['kms', 'v3.1.1'],
  ['dynamodb-table', 'v4.4.0'],
  ['sqs', 'v4.3.1'],
  ['sns', 'v6.2.1'],
  ['iam', 'v5.60.0'],
  ['cloudwatch', 'v5.7.2'],
];

const CFN_TEMPLATES_REPO = 'aws-cloudformation/aws-cloudformation-templates';
/** Every template (JSON and YAML) under 60 kB in these service folders of aws-cloudformation-templates. */
const CFN_FOLDERS =
  /^(S3|VPC|EC2|DynamoDB|SQS|SNS|Lambda|CloudWatch|RDS|IoT|ElastiCache|Config|APIGateway|EFS|AutoScaling|ElasticLoadBalancing|ECS|DataFirehose|DMS|NeptuneDB|AppRunner)\/[^/]+\.(json|yaml|yml)$/;

const SAM_REPO = 'aws-samples/serverless-patterns';
/** The first three patterns (by name) of each family, in SAM YAML, from serverless-patterns. */
const SAM_FAMILIES = [
  'apigw',
  'lambda',
  's3',
  'sqs',
  'sns',
  'eventbridge',
  'dynamodb',
  'kinesis',
  'sfn',
  'cognito',
  'cloudfront',
];

function samTemplates(commit: string): string[] {
  const all = git(SAM_REPO, 'ls-tree', '-r', '--name-only', commit)
    .toString()
    .split('\n')
    .filter((f) => /^[a-z0-9-]+\/template\.yaml$/.test(f) && !/-(java|dotnet|go|rust|cdk|terraform)\b/.test(f))
    .sort();
  return SAM_FAMILIES.flatMap((family) => all.filter((f) => f.startsWith(`${family}-`)).slice(0, 3));
}

function cfnTemplates(commit: string): string[] {
  return git(CFN_TEMPLATES_REPO, 'ls-tree', '-r', '-l', commit)
    .toString()
    .split('\n')
    .map((line) => line.split(/\s+/))
    .filter((cols) => cols.length >= 5 && Number(cols[3]) < 60000 && CFN_FOLDERS.test(cols[4]!))
    .map((cols) => cols[4]!)
    .sort();
}

function commitOf(repo: string, ref: string): string {
  return git(repo, 'rev-parse', `${ref}^{commit}`).toString().trim();
}

function licenceFile(repo: string, commit: string): string {
  for (const name of ['LICENSE', 'LICENSE.txt', 'LICENSE.md']) {
    try {
      return git(repo, 'show', `${commit}:${name}`).toString();
    } catch {
      // next name
    }
  }
  throw new Error(`${repo} has no licence file at ${commit}`);
}

function writeLicence(repo: string, commit: string): string {
  const path = join('LICENSES', `${repo.replace('/', '+')}.txt`);
  mkdirSync(join(CORPUS, 'LICENSES'), { recursive: true });
  writeFileSync(join(CORPUS, path), licenceFile(repo, commit));
  return path;
}

const SKIPPED_DIRS = /^(\.github|docs|\.pre-commit|test|tests)\b/;

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest: ManifestEntry[] = [];
  rmSync(join(CORPUS, 'terraform'), { recursive: true, force: true });
  rmSync(join(CORPUS, 'cloudformation'), { recursive: true, force: true });
  for (const [name, tag] of MODULES) {
    const repo = `terraform-aws-modules/terraform-aws-${name}`;
    const commit = commitOf(repo, tag);
    const licence = writeLicence(repo, commit);
    const files = git(repo, 'ls-tree', '-r', '--name-only', commit)
      .toString()
      .split('\n')
      .filter((f) => f !== '' && !SKIPPED_DIRS.test(f) && !f.endsWith('.md'));
    for (const file of files) {
      let content: Buffer;
      try {
        content = git(repo, 'show', `${commit}:${file}`);
      } catch {
        // Large binaries (a database dump zip) are not in the mirror; a configuration reading one sees it missing.
        console.warn(`skipped ${repo}:${file}: not in the mirror`);
        continue;
      }
      if (content.length > 256 * 1024) {
        console.warn(`skipped ${repo}:${file}: ${content.length} bytes`);
        continue;
      }
      const target = join(CORPUS, 'terraform', name, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    const examples = [
      ...new Set(
        files.filter((f) => /^examples\/[^/]+\/[^/]+\.tf$/.test(f)).map((f) => f.split('/').slice(0, 2).join('/')),
      ),
    ].sort();
    for (const example of examples) {
      manifest.push({
        id: `tf/${name}/${example.split('/')[1]}`,
        dialect: 'terraform',
        path: `terraform/${name}/${example}`,
        repo,
        commit,
        source: example,
        licence,
      });
    }
  }
  for (const [repo, select, prefix] of [
    [CFN_TEMPLATES_REPO, cfnTemplates, 'aws-cloudformation-templates'],
    [SAM_REPO, samTemplates, 'serverless-patterns'],
  ] as const) {
    const commit = commitOf(repo, 'HEAD');
    const list = select(commit);
    const licence = writeLicence(repo, commit);
    for (const file of list) {
      let text: Buffer;
      try {
        text = git(repo, 'show', `${commit}:${file}`);
      } catch {
        console.warn(`skipped ${repo}:${file}: not in the repository`);
        continue;
      }
      const path = join('cloudformation', prefix, file);
      mkdirSync(dirname(join(CORPUS, path)), { recursive: true });
      writeFileSync(join(CORPUS, path), text);
      manifest.push({
        id: `cfn/${prefix}/${file}`,
        dialect: 'cloudformation',
        path,
        repo,
        commit,
        source: file,
        licence,
      });
    }
  }
  writeFileSync(join(CORPUS, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  console.log(
    `${manifest.filter((m) => m.dialect === 'terraform').length} Terraform configurations, ${manifest.filter((m) => m.dialect === 'cloudformation').length} templates`,
  );
}
