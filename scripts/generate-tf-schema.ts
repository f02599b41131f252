// Regenerates the AWS provider schemas the validator reads:
//   src/verifier/schema/aws-provider-5.schema.json.gz from the real AWS provider 5.100.0 (`terraform providers schema
//     -json` with the offline mirror in /opt/tf-plugins, or $ENCLAVE_TF_PLUGIN_MIRROR);
//   src/verifier/schema/aws-provider-6.schema.json.gz from the .jsii assembly of @cdktf/provider-aws (pinned in
//     package.json; 21.22.1 carries the bindings of AWS provider 6.25.0).
//   npx tsx scripts/generate-tf-schema.ts [5] [6]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CDKTF_PACKAGE, PROVIDER_5_VERSION, SCHEMA_FILES, decodeProviderSchema, encodeProviderSchema, providerVersionOf, schemaFromJsii, schemaFromTerraform } from '../src/verifier/schema/provider-schema.ts';

export const PLUGIN_MIRROR = process.env['ENCLAVE_TF_PLUGIN_MIRROR'] ?? '/opt/tf-plugins';

export function providerMirrorPresent(): boolean {
  return existsSync(join(PLUGIN_MIRROR, 'registry.terraform.io/hashicorp/aws', PROVIDER_5_VERSION)) && spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
}

/** A CLI configuration of our own that installs the AWS provider from the offline mirror and nothing from the network. */
export function writeMirrorCliConfig(dir: string): string {
  const path = join(dir, 'terraformrc');
  writeFileSync(
    path,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(PLUGIN_MIRROR)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
  );
  return path;
}

/** The provider 5 schema, from the real provider binary. */
export function generateSchema5Json(): string {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-provider-schema-'));
  writeFileSync(join(dir, 'main.tf'), `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${PROVIDER_5_VERSION}" }\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: writeMirrorCliConfig(dir), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
  const schema = spawnSync('terraform', ['providers', 'schema', '-json'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (schema.status !== 0) throw new Error(`terraform providers schema failed: ${schema.stderr}`);
  return encodeProviderSchema(schemaFromTerraform(JSON.parse(schema.stdout), PROVIDER_5_VERSION));
}

/** The provider 6 schema, from the cdktf bindings. */
export function generateSchema6Json(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve(`${CDKTF_PACKAGE}/package.json`));
  const assembly = JSON.parse(readFileSync(join(packageDir, '.jsii'), 'utf8'));
  return encodeProviderSchema(schemaFromJsii(assembly, providerVersionOf(assembly)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const majors = process.argv.slice(2).map(Number);
  for (const major of majors.length > 0 ? majors : [5, 6]) {
    if (major !== 5 && major !== 6) throw new Error(`no schema for provider ${major}`);
    const json = major === 5 ? generateSchema5Json() : generateSchema6Json();
    const gz = gzipSync(json, { level: 9 });
    writeFileSync(SCHEMA_FILES[major], gz);
    const schema = decodeProviderSchema(json);
    console.log(
      `wrote ${SCHEMA_FILES[major].pathname}: ${Object.keys(schema.resources).length} resources, ` +
        `${Object.keys(schema.dataSources).length} data sources, provider ${schema.providerVersion}, ${gz.length} bytes gzipped`,
    );
  }
}
