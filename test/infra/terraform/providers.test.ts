// Pinned and locked: every stack and module example needs hashicorp/aws only, within the same constraint, and
// commits a lock file pinning the version the mirror carries; the project's CLI configuration installs from the
// mirror when there is one, from the registry otherwise, and never installs another provider.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { projectRoot, terraformRoots } from '../../../src/local/terraform.ts';

const PROVIDER_VERSION = '5.100.0';
const CONSTRAINT = '>= 5.88.0, < 6.0.0';
const MIRROR = process.env.ENCLAVE_TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const MIRRORED = join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', PROVIDER_VERSION, 'linux_amd64');
const scratch = mkdtempSync(join(tmpdir(), 'enclave-providers-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const { stacks, examples } = terraformRoots();
const roots = [...stacks, ...examples];
const everyTf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === '.terraform'
        ? []
        : everyTf(join(dir, e.name))
      : e.name.endsWith('.tf')
        ? [join(dir, e.name)]
        : [],
  );

/** Terraform's "h1:" package hash (golang.org/x/mod/sumdb/dirhash Hash1) of an unpacked provider directory. */
function h1(dir: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      e.isDirectory() ? walk(join(d, e.name)) : files.push(relative(dir, join(d, e.name)));
  };
  walk(dir);
  const summary = files
    .sort()
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}  ${f}\n`,
    )
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

describe('providers: hashicorp/aws only, pinned and locked', () => {
  it('there are three stacks and eight module examples', () => {
    assert.equal(stacks.length, 3, stacks.join(', '));
    assert.equal(examples.length, 8, examples.join(', '));
  });

  it('no configuration names the archive or random provider, or builds a zip', () => {
    for (const file of everyTf(join(projectRoot, 'infra', 'terraform'))) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(
        text,
        /hashicorp\/(archive|random)|"archive_file"|resource "random_/,
        relative(projectRoot, file),
      );
    }
  });

  it(`every versions.tf requires hashicorp/aws "${CONSTRAINT}" and nothing else`, () => {
    const versions = everyTf(join(projectRoot, 'infra', 'terraform')).filter((f) => f.endsWith('versions.tf'));
    assert.ok(versions.length >= 17, `${versions.length} versions.tf files`);
    for (const file of versions) {
      const text = readFileSync(file, 'utf8');
      const providers = [...text.matchAll(/source\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(providers, ['hashicorp/aws'], relative(projectRoot, file));
      assert.match(
        text,
        new RegExp(`version\\s*=\\s*"${CONSTRAINT.replace(/[.<>=,]/g, (c) => `\\${c}`)}"`),
        relative(projectRoot, file),
      );
    }
  });

  it(`every stack and example commits a lock pinning hashicorp/aws ${PROVIDER_VERSION} under that constraint, for every platform`, () => {
    for (const root of roots) {
      const lock = join(projectRoot, root, '.terraform.lock.hcl');
      assert.ok(existsSync(lock), `${root}/.terraform.lock.hcl`);
      const text = readFileSync(lock, 'utf8');
      assert.equal([...text.matchAll(/^provider "/gm)].length, 1, `${root}: one provider`);
      assert.match(
        text,
        new RegExp(
          `provider "registry\\.terraform\\.io/hashicorp/aws" \\{\\s*version\\s*=\\s*"${PROVIDER_VERSION.replaceAll('.', '\\.')}"`,
        ),
        root,
      );
      assert.match(text, new RegExp(`constraints = "${CONSTRAINT.replace(/[.<>=,]/g, (c) => `\\${c}`)}"`), root);
      // The release's SHA256SUMS (one zh: per platform package) and the linux_amd64 package hash.
      assert.equal(
        [...text.matchAll(/"zh:[0-9a-f]{64}"/g)].length,
        15,
        `${root}: the 15 platform packages of the release`,
      );
      assert.equal([...text.matchAll(/"h1:[A-Za-z0-9+/=]{44}"/g)].length, 1, `${root}: one h1`);
    }
  });

  it('the lock’s h1 is the hash of the provider the mirror holds', {
    skip: existsSync(MIRRORED) ? false : `no mirror at ${MIRRORED}`,
  }, () => {
    const expected = h1(MIRRORED);
    for (const root of roots)
      assert.ok(readFileSync(join(projectRoot, root, '.terraform.lock.hcl'), 'utf8').includes(`"${expected}"`), root);
  });
});

describe('the project’s CLI configuration (scripts/terraform-cli-config.sh)', () => {
  const write = (mirror: string) => {
    const dir = mkdtempSync(join(scratch, 'cli-'));
    execFileSync('bash', [join(projectRoot, 'scripts', 'terraform-cli-config.sh'), dir], {
      env: { ...process.env, ENCLAVE_TF_PLUGIN_MIRROR: mirror },
    });
    return {
      dir,
      config: readFileSync(join(dir, 'cli.tfrc'), 'utf8'),
      source: readFileSync(join(dir, 'provider-source'), 'utf8').trim(),
    };
  };

  it('uses a mirror that holds hashicorp/aws, for that provider only', () => {
    const mirror = join(scratch, 'mirror');
    execFileSync('mkdir', ['-p', join(mirror, 'registry.terraform.io', 'hashicorp', 'aws')]);
    const { config, source } = write(mirror);
    assert.equal(source, `mirror ${mirror}`);
    assert.match(
      config,
      new RegExp(
        `filesystem_mirror \\{\\s*path\\s*=\\s*"${mirror}"\\s*include = \\["registry\\.terraform\\.io/hashicorp/aws"\\]`,
      ),
    );
    assert.doesNotMatch(config, /direct/);
  });

  it('falls back to the registry, for hashicorp/aws only, with a plugin cache, when there is no mirror', () => {
    const { dir, config, source } = write(join(scratch, 'no-such-mirror'));
    assert.equal(source, 'registry registry.terraform.io');
    assert.match(config, /direct \{\s*include = \["registry\.terraform\.io\/hashicorp\/aws"\]/);
    assert.match(config, new RegExp(`plugin_cache_dir = "${join(dir, 'plugin-cache')}"`));
    assert.ok(statSync(join(dir, 'plugin-cache')).isDirectory());
  });

  it('with the mirror, terraform init installs hashicorp/aws and refuses any other provider', {
    skip: existsSync(MIRRORED) ? false : `no mirror at ${MIRRORED}`,
  }, () => {
    const { dir } = write(MIRROR);
    const root = mkdtempSync(join(scratch, 'root-'));
    writeFileSync(
      join(root, 'main.tf'),
      'terraform {\n  required_providers {\n    archive = { source = "hashicorp/archive" }\n  }\n}\n',
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_DATA_DIR: join(root, '.tf') };
    const refused = spawnSync('terraform', [`-chdir=${root}`, 'init', '-input=false', '-no-color', '-backend=false'], {
      env,
      encoding: 'utf8',
    });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr + refused.stdout, /hashicorp\/archive/);
  });
});
