// The installed command compiles its bundle with V8's code cache (packages/cli/bin/enclave.js): written once per kind
// of run into a directory of the user's own, used from then on, and never a reason for a different answer. A cache
// that is corrupt, in a directory others may write, or turned off is not used. Writing one prunes the caches of
// other bundles unwritten for a week.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

test('the code cache: written after the first run, used by the next, never changing a verdict', async () => {
  const { buildCli } = (await import(pathToFileURL(join(process.cwd(), 'packages/cli/build.mjs')).href)) as {
    buildCli: (out: string) => Promise<{ bundle: string }>;
  };
  // An installation: bin/ beside dist/, no build script (so the launcher never falls back to the sources).
  const installed = await mkdtemp(join(tmpdir(), 'enclave-installed-'));
  await buildCli(join(installed, 'dist'));
  mkdirSync(join(installed, 'bin'));
  for (const file of ['enclave.js', 'package.json'])
    copyFileSync(join(process.cwd(), 'packages/cli/bin', file), join(installed, 'bin', file));
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ type: 'module' }));
  const work = await mkdtemp(join(tmpdir(), 'enclave-cache-work-'));
  writeFileSync(join(work, 'main.tf'), 'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n');

  const run = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [join(installed, 'bin', 'enclave.js'), 'verify', '.', '--format', 'json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const report = JSON.parse(r.stdout) as { generatedAt?: string };
    delete report.generatedAt;
    return { status: r.status, report: JSON.stringify(report) };
  };
  const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

  const dir = await mkdtemp(join(tmpdir(), 'enclave-code-cache-'));
  const first = run({ ENCLAVE_CACHE_DIR: dir });
  assert.equal(first.status, 1, 'the key without rotation is a finding');
  const written = caches(dir);
  assert.equal(written.length, 1, 'the first run writes one cache');
  assert.equal(statSync(join(dir, written[0]!)).mode & 0o077, 0, 'readable and writable by its owner only');
  const mtime = statSync(join(dir, written[0]!)).mtimeMs;
  assert.deepEqual(run({ ENCLAVE_CACHE_DIR: dir }), first, 'the same answer from the cache');
  assert.equal(statSync(join(dir, written[0]!)).mtimeMs, mtime, 'an accepted cache is not written again');

  // What earlier installations left: a cache of another bundle unwritten for 8 days, one written an hour ago, a
  // partial write of a killed run from two hours ago, and a file that is not the launcher's.
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);
  const leftovers = {
    stale: `${'a'.repeat(32)}-v22.0.0-x64-verify-dir-no-opt.v8cache`,
    recent: `${'b'.repeat(32)}-v22.0.0-x64-verify-dir-no-opt.v8cache`,
    partial: `${written[0]!}.12345`,
    foreign: 'notes.txt',
  };
  for (const [what, name] of Object.entries(leftovers)) {
    writeFileSync(join(dir, name), 'x', { mode: 0o600 });
    const when = what === 'recent' ? days(1 / 24) : what === 'partial' ? days(2 / 24) : days(8);
    utimesSync(join(dir, name), when, when);
  }

  // A corrupt cache: V8 rejects it, the answer is the same, and the cache is written anew.
  writeFileSync(join(dir, written[0]!), Buffer.alloc(4096, 7), { mode: 0o600 });
  assert.deepEqual(run({ ENCLAVE_CACHE_DIR: dir }), first);
  assert.notEqual(statSync(join(dir, written[0]!)).size, 4096, 'rewritten after the rejection');
  // Writing it pruned the stale cache and the partial write, and nothing else.
  assert.deepEqual(
    readdirSync(dir).sort(),
    [written[0]!, leftovers.recent, leftovers.foreign].sort(),
    'another bundle unwritten for a week and a killed write go; a recent cache and a foreign file stay',
  );

  // Off, or in a directory others may write into: neither read nor written.
  const off = await mkdtemp(join(tmpdir(), 'enclave-code-cache-off-'));
  assert.deepEqual(run({ ENCLAVE_CACHE_DIR: off, ENCLAVE_CODE_CACHE: '0' }), first);
  assert.deepEqual(caches(off), []);
  if (typeof process.getuid === 'function') {
    const shared = await mkdtemp(join(tmpdir(), 'enclave-code-cache-shared-'));
    chmodSync(shared, 0o777);
    assert.deepEqual(run({ ENCLAVE_CACHE_DIR: shared }), first);
    assert.deepEqual(caches(shared), [], 'a world-writable directory is not trusted with code');
  }
});
