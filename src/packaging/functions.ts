// The function build (npm run build runs it through scripts/build-functions.ts): one esbuild bundle per Lambda
// function, discovered as src/functions/<name>/handler.ts, written to dist/functions/<name>/index.mjs (ESM, node22,
// handler string `index.handler`) with the function's contract.json beside it, and the folder zipped as
// dist/functions/<name>.zip: the deployment package every environment uses (Terraform's `filename` +
// `filebase64sha256`, the CloudFormation code object).
//
// The zip is reproducible: entries in a fixed order, fixed timestamps and modes, deflate at a fixed level. The same
// code gives the same bytes on every machine and every build, so `source_code_hash` (and the code object's key)
// change only when the code does.
//
// The AWS SDK v3 is bundled, not left to the runtime: the bundle then runs exactly the SDK version the tests ran,
// cannot break when the Lambda runtime's preinstalled SDK changes, and ships only the clients the function uses.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import type { FunctionContract } from '../core/contract.ts';

const root = new URL('../..', import.meta.url).pathname;
const functionsDir = join(root, 'src', 'functions');
const outRoot = join(root, 'dist', 'functions');

export function discoverFunctions(dir = functionsDir): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

export interface BuiltFunction {
  name: string;
  bundle: string;
  bytes: number;
  contract: string;
  /** The deployment package: the bundle folder zipped reproducibly (`<outDir>.zip`). */
  zip: string;
  /** Base64 SHA-256 of the zip: what Terraform's filebase64sha256 gives and Lambda reports as CodeSha256. */
  zipSha256: string;
}

/** Every regular file under `dir`, relative, with '/' separators, in byte order of the path (locale-independent). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * A reproducible zip (deflate, level 9) of every file under `dir`: entries sorted by path, every timestamp
 * 1980-01-01 00:00 (the earliest a zip can hold), every mode 0644. No extra fields, no comments, no zip64 (Lambda
 * packages are far below 4 GiB and 65,535 entries; larger input is refused rather than written wrong).
 */
export function zipDirectory(dir: string): Buffer {
  const files = filesUnder(dir);
  if (files.length > 0xffff) throw new Error(`${dir}: ${files.length} files is more than a zip without zip64 holds`);
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01
  for (const path of files) {
    const name = Buffer.from(path, 'utf8');
    const data = readFileSync(join(dir, path));
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    local.push(header, name, compressed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x031e, 4); // made by: unix, 3.0 (so the external attributes carry a unix mode)
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + compressed.length;
    if (offset > 0xffffffff) throw new Error(`${dir}: more than 4 GiB is more than a zip without zip64 holds`);
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

/** Base64 SHA-256, as Terraform's filebase64sha256 and Lambda's CodeSha256 give it. */
export function base64Sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export async function buildFunction(name: string, outDir = join(outRoot, name)): Promise<BuiltFunction> {
  const zipFile = `${outDir}.zip`;
  rmSync(outDir, { recursive: true, force: true });
  rmSync(zipFile, { force: true });
  mkdirSync(outDir, { recursive: true });
  const bundle = join(outDir, 'index.mjs');
  await build({
    entryPoints: [join(functionsDir, name, 'handler.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Some bundled CommonJS dependencies call require() for node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __enclaveCreateRequire } from 'node:module'; const require = __enclaveCreateRequire(import.meta.url);",
    },
  });
  const contractPath = join(functionsDir, name, 'contract.ts');
  const contractFile = join(outDir, 'contract.json');
  if (!existsSync(contractPath))
    throw new Error(`src/functions/${name}/contract.ts is missing: every function declares its contract`);
  const module = (await import(pathToFileURL(contractPath).href)) as {
    contract?: FunctionContract;
    default?: FunctionContract;
  };
  const contract = module.contract ?? module.default;
  if (!contract || contract.function !== name) {
    throw new Error(`src/functions/${name}/contract.ts must export \`contract\` with function: '${name}'`);
  }
  writeFileSync(contractFile, JSON.stringify(contract, null, 2) + '\n');
  const zip = zipDirectory(outDir);
  writeFileSync(zipFile, zip);
  return {
    name,
    bundle,
    bytes: statSync(bundle).size,
    contract: contractFile,
    zip: zipFile,
    zipSha256: base64Sha256(zip),
  };
}
