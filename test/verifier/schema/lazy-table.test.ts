import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeLazyTables, encodeLazyTables, readLazyTables } from '../../../src/verifier/schema/lazy-table.ts';

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
