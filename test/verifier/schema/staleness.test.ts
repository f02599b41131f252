// The committed provider schemas must be exactly what their generators make: provider 5 from the real AWS provider
// 5.100.0 (where its offline mirror is installed), provider 6 from the pinned @cdktf/provider-aws bindings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { generateSchema5Json, generateSchema6Json, PLUGIN_MIRROR, providerMirrorPresent } from '../../../scripts/generate-tf-schema.ts';
import { CDKTF_PACKAGE, CDKTF_VERSION, SCHEMA_FILES, decodeProviderSchema } from '../../../src/verifier/schema/provider-schema.ts';

const committed = (major: 5 | 6) => gunzipSync(readFileSync(SCHEMA_FILES[major])).toString('utf8');

test('the provider 6 schema is what @cdktf/provider-aws makes (regenerate: npx tsx scripts/generate-tf-schema.ts 6)', () => {
  const installed = createRequire(import.meta.url)(`${CDKTF_PACKAGE}/package.json`) as { version: string };
  assert.equal(installed.version, CDKTF_VERSION, 'package.json pins the cdktf bindings the schema is generated from');
  assert.ok(committed(6) === generateSchema6Json(), 'src/verifier/schema/aws-provider-6.schema.json.gz is stale');
  const schema = decodeProviderSchema(committed(6));
  assert.equal(schema.providerVersion, '6.25.0');
  assert.ok(Object.keys(schema.resources).length > 1500);
});

test(
  'the provider 5 schema is what the real AWS provider 5.100.0 says (regenerate: npx tsx scripts/generate-tf-schema.ts 5)',
  { skip: providerMirrorPresent() ? false : `no AWS provider 5.100.0 mirror at ${PLUGIN_MIRROR} or no terraform` },
  () => {
    assert.ok(committed(5) === generateSchema5Json(), 'src/verifier/schema/aws-provider-5.schema.json.gz is stale');
  },
);

test('the provider 5 schema has what the provider 6 schema removed, and the reverse', () => {
  const five = decodeProviderSchema(committed(5));
  const six = decodeProviderSchema(committed(6));
  assert.equal(five.providerVersion, '5.100.0');
  // Facts of the two providers (AWS provider 6.0 upgrade guide): aws_opsworks_* were removed in 6.0, and
  // aws_s3_bucket's region argument arrived with 6.0's per-resource region.
  assert.ok(five.resources['aws_opsworks_stack'] && !six.resources['aws_opsworks_stack']);
  assert.ok(!five.resources['aws_s3_bucket']!.attributes['region'] && six.resources['aws_s3_bucket']!.attributes['region']);
});
