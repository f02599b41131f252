// The committed provider schema must be exactly what the generator makes from the pinned @cdktf/provider-aws.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { generateSchemaJson } from '../../../scripts/generate-tf-schema.ts';
import { CDKTF_PACKAGE, CDKTF_VERSION, SCHEMA_FILE } from '../../../src/verifier/schema/provider-schema.ts';

test('the committed AWS provider schema is up to date (regenerate: npx tsx scripts/generate-tf-schema.ts)', () => {
  const installed = createRequire(import.meta.url)(`${CDKTF_PACKAGE}/package.json`) as { version: string };
  assert.equal(installed.version, CDKTF_VERSION, 'package.json pins the cdktf bindings the schema is generated from');
  const committed = gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8');
  const fresh = generateSchemaJson();
  assert.ok(committed === fresh, 'src/verifier/schema/aws-provider.schema.json.gz is stale: run npx tsx scripts/generate-tf-schema.ts');
  const schema = JSON.parse(committed);
  assert.equal(schema.providerVersion, '5.99.1');
  assert.ok(Object.keys(schema.resources).length > 1400);
});
