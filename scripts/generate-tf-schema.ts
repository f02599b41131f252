// Regenerates src/verifier/schema/aws-provider.schema.json.gz from the .jsii assembly of @cdktf/provider-aws
// (pinned in package.json; 19.65.1 carries the bindings of AWS provider 5.99.1).
//   npx tsx scripts/generate-tf-schema.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CDKTF_PACKAGE, SCHEMA_FILE, providerVersionOf, schemaFromJsii } from '../src/verifier/schema/provider-schema.ts';

export function generateSchemaJson(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve(`${CDKTF_PACKAGE}/package.json`));
  const assembly = JSON.parse(readFileSync(join(packageDir, '.jsii'), 'utf8'));
  return JSON.stringify(schemaFromJsii(assembly, providerVersionOf(assembly)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = generateSchemaJson();
  const gz = gzipSync(json, { level: 9 });
  writeFileSync(SCHEMA_FILE, gz);
  const schema = JSON.parse(json);
  console.log(
    `wrote ${SCHEMA_FILE.pathname}: ${Object.keys(schema.resources).length} resources, ` +
      `${Object.keys(schema.dataSources).length} data sources, provider ${schema.providerVersion}, ${gz.length} bytes gzipped`,
  );
}
