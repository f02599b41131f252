// The deployment package: a standard archive (read back by Python's zipfile, as Lambda's own unpacker would read
// it), byte-for-byte reproducible, so `source_code_hash` and the code object's key change only when the code does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { base64Sha256, buildFunction, zipDirectory } from '../../../src/packaging/functions.ts';
import { projectRoot } from '../../../src/local/deploy.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-zip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const python = join(projectRoot, '.venv', 'bin', 'python');
/** Entries, sizes, modes and timestamps as Python's zipfile reads them; testzip() checks every CRC. */
function readBack(file: string): Record<string, { size: number; mode: string; date: number[] }> {
  const script =
    'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; ' +
    'print(json.dumps({i.filename: {"size": len(z.read(i)), "mode": oct(i.external_attr >> 16), "date": list(i.date_time)} for i in z.infolist()}))';
  return JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' }));
}

function sampleBundle(name: string): string {
  const bundle = join(dir, name);
  mkdirSync(join(bundle, 'lib'), { recursive: true });
  writeFileSync(join(bundle, 'index.mjs'), 'export const handler = async () => "ok";\n'.repeat(200));
  writeFileSync(join(bundle, 'contract.json'), '{"function":"processor"}\n');
  writeFileSync(join(bundle, 'lib', 'empty.txt'), '');
  writeFileSync(join(bundle, 'Zeta.txt'), 'upper case sorts before lower case in byte order\n');
  return bundle;
}

test('zipDirectory: every file, nested paths, byte-ordered entries, fixed modes and dates, contents intact', () => {
  const bundle = sampleBundle('bundle');
  const file = join(dir, 'bundle.zip');
  const zip = zipDirectory(bundle);
  writeFileSync(file, zip);
  const entries = readBack(file);
  assert.deepEqual(Object.keys(entries), ['Zeta.txt', 'contract.json', 'index.mjs', 'lib/empty.txt']);
  assert.equal(entries['index.mjs']!.size, 41 * 200);
  for (const entry of Object.values(entries)) {
    assert.equal(entry.mode, '0o100644');
    assert.deepEqual(entry.date, [1980, 1, 1, 0, 0, 0]);
  }
  assert.ok(zip.length < 41 * 200, 'deflated');
});

test('zipDirectory: the same content gives the same bytes whatever the file times; one changed byte changes the hash', () => {
  const bundle = sampleBundle('times');
  const before = zipDirectory(bundle);
  utimesSync(join(bundle, 'index.mjs'), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
  assert.deepEqual(zipDirectory(bundle), before, 'timestamps do not enter the zip');
  const text = readFileSync(join(bundle, 'index.mjs'), 'utf8');
  writeFileSync(join(bundle, 'index.mjs'), text.replace('"ok"', '"OK"'));
  assert.notEqual(base64Sha256(zipDirectory(bundle)), base64Sha256(before));
});

test('the build writes dist-style <name>.zip beside the bundle folder, identical on a rebuild', async () => {
  const out = join(dir, 'functions', 'validator');
  const first = await buildFunction('validator', out);
  assert.equal(first.zip, `${out}.zip`);
  const bytes = readFileSync(first.zip);
  assert.equal(first.zipSha256, base64Sha256(bytes));
  assert.deepEqual(Object.keys(readBack(first.zip)), ['contract.json', 'index.mjs', 'index.mjs.map']);
  const second = await buildFunction('validator', out);
  assert.equal(second.zipSha256, first.zipSha256, 'a rebuild of the same code gives the same package');
});
