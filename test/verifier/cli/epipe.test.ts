// A reader that stops early (`enclave verify … | head`) must not crash the CLI: it exits quietly with the verdict's code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const BIN = new URL('../../../packages/cli/bin/enclave.js', import.meta.url).pathname;

for (const rotation of [true, false]) test(`a closed stdout (EPIPE) ends the CLI quietly with the same exit code as a full write (${rotation ? 'clean' : 'findings'})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-epipe-'));
  // Enough resources that the report outgrows the pipe's buffer, so the write meets the closed pipe.
  // Each key names who may rewrite its policy (ENC-KMS-005), so only rotation decides the verdict.
  const KeyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/deployer' } }, Action: 'kms:PutKeyPolicy', Resource: '*' }] };
  const resources = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`Key${i}`, { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: rotation, KeyPolicy } }]));
  writeFileSync(join(dir, 'big.json'), JSON.stringify({ Resources: resources }));
  const full = spawnSync(process.execPath, [BIN, 'verify', 'big.json', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(full.stdout.length > 1 << 17, 'the report is larger than a pipe buffer');
  const piped = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} verify big.json --format json | head -c 10 > /dev/null; exit \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8' });
  assert.doesNotMatch(piped.stderr, /EPIPE|Unhandled|at /, piped.stderr);
  assert.equal(piped.stderr, '');
  assert.equal(piped.status, full.status);
  assert.equal(full.status, rotation ? 0 : 1);
});
