// The packaging zip: a standard archive (read back by Python's zipfile, as Lambda's own unpacker would read it),
// byte-for-byte reproducible, so the code key derived from its hash changes only when the bundle does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { projectRoot, zipDirectory } from '../../../src/local/deploy.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-zip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('zipDirectory: every file, nested paths, contents intact, reproducible', () => {
  const bundle = join(dir, 'bundle');
  mkdirSync(join(bundle, 'lib'), { recursive: true });
  const line = 'export const handler = async () => "ok";\n';
  writeFileSync(join(bundle, 'index.mjs'), line.repeat(200));
  writeFileSync(join(bundle, 'contract.json'), '{"function":"processor"}\n');
  writeFileSync(join(bundle, 'lib', 'empty.txt'), '');
  const zip = zipDirectory(bundle);
  assert.deepEqual(zipDirectory(bundle), zip, 'same input, same bytes');
  const file = join(dir, 'bundle.zip');
  writeFileSync(file, zip);
  const listing = execFileSync(
    join(projectRoot, '.venv', 'bin', 'python'),
    ['-c', 'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: len(z.read(n)) for n in z.namelist()}))', file],
    { encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(listing), { 'contract.json': 25, 'index.mjs': line.length * 200, 'lib/empty.txt': 0 });
  assert.ok(zip.length < line.length * 200, 'deflated');
});
