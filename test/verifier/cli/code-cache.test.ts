// The installed command compiles its bundle with V8's code cache (packages/cli/bin/enclave.js): written once per kind
// of run into a directory of the user's own, used from then on, and never a reason for a different answer. A cache
// that is corrupt, in a directory others may write, or turned off is not used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

  // A corrupt cache: V8 rejects it, the answer is the same, and the cache is written anew.
  writeFileSync(join(dir, written[0]!), Buffer.alloc(4096, 7), { mode: 0o600 });
  assert.deepEqual(run({ ENCLAVE_CACHE_DIR: dir }), first);
  assert.notEqual(statSync(join(dir, written[0]!)).size, 4096, 'rewritten after the rejection');

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
