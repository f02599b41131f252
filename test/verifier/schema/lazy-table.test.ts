import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  decodeLazyTables,
  encodeLazyTables,
  openLazyTables,
  readLazyTables,
} from '../../../src/verifier/schema/lazy-table.ts';

const tables = {
  resources: { aws_s3_bucket: { attributes: { bucket: { type: 'string' } } }, aws_kms_key: { n: 1 } },
  dataSources: { aws_iam_policy_document: { statement: ['é', 2] } },
};

test('a lazy table reads back what was written, inflated or gzipped, and lists every key', () => {
  const text = encodeLazyTables({ provider: 'aws' }, tables);
  for (const data of [Buffer.from(text), gzipSync(text)]) {
    const decoded = readLazyTables<{ provider: string }>(data);
    assert.deepEqual(decoded.meta, { provider: 'aws' });
    assert.deepEqual(Object.keys(decoded.tables['resources']!), ['aws_s3_bucket', 'aws_kms_key']);
    assert.deepEqual({ ...decoded.tables['resources'] }, tables.resources);
    assert.deepEqual(decoded.tables['dataSources']!['aws_iam_policy_document'], { statement: ['é', 2] });
  }
});

test('a lazy table parses an entry once, knows no key it was not given, and cannot be changed', () => {
  const decoded = decodeLazyTables(Buffer.from(encodeLazyTables({}, tables)));
  const resources = decoded.tables['resources']!;
  assert.equal(resources['aws_s3_bucket'], resources['aws_s3_bucket'], 'the same object on every read');
  assert.equal(resources['aws_lambda_function'], undefined);
  assert.equal('aws_kms_key' in resources, true);
  assert.equal('toString' in resources, false);
  assert.equal(Object.hasOwn(resources, 'aws_kms_key'), true);
  assert.equal(Object.hasOwn(resources, 'constructor'), false);
  assert.throws(() => {
    resources['aws_kms_key'] = 1;
  }, TypeError);
});

test('a lazy table opened from its file reads the header, then each entry from the file, wherever it lies', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-lazy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A header longer than the first read (128 KB: 6,000 keys), and entries far past it (6,000 entries of 200 bytes).
  const big: Record<string, unknown> = {};
  for (let i = 0; i < 6000; i++) big[`aws_type_${i}`] = { i, pad: 'é'.repeat(100) };
  const text = encodeLazyTables({ provider: 'aws' }, { ...tables, big });
  const file = join(dir, 'schema.lazy');
  writeFileSync(file, text);
  const opened = openLazyTables<{ provider: string }>(file);
  assert.deepEqual(opened.meta, { provider: 'aws' });
  assert.deepEqual({ ...opened.tables['resources'] }, tables.resources);
  assert.equal(Object.keys(opened.tables['big']!).length, 6000);
  for (const i of [0, 1, 2999, 5999]) assert.deepEqual(opened.tables['big']![`aws_type_${i}`], big[`aws_type_${i}`]);
  assert.equal(opened.tables['big']!['aws_type_6000'], undefined);

  // Gzipped (as the sources keep their tables): read whole.
  const gzipped = join(dir, 'schema.lazy.gz');
  writeFileSync(gzipped, gzipSync(text));
  assert.deepEqual(openLazyTables(gzipped).tables['big']!['aws_type_5999'], big['aws_type_5999']);

  // Neither: refused, and so is a table cut short.
  const other = join(dir, 'other.json');
  writeFileSync(other, '{"resources": {}}');
  assert.throws(() => openLazyTables(other), /not an enclave lazy table file/);
  const cut = join(dir, 'cut.lazy');
  writeFileSync(cut, text.slice(0, text.length - 1000));
  assert.throws(() => openLazyTables(cut).tables['big']!['aws_type_5999'], /past the end of the file/);
});
