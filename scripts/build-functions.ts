// npm run build: one esbuild bundle per Lambda function, discovered as src/functions/<name>/handler.ts, written to
// dist/functions/<name>/index.mjs (ESM, node22, handler string `index.handler`) with the function's contract.json
// beside it. Terraform's archive_file and CloudFormation packaging take the folder as it is.
//
// The AWS SDK v3 is bundled, not left to the runtime: the bundle then runs exactly the SDK version the tests ran,
// cannot break when the Lambda runtime's preinstalled SDK changes, and ships only the clients the function uses.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionContract } from '../src/core/contract.ts';

const root = new URL('..', import.meta.url).pathname;
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
}

export async function buildFunction(name: string, outDir = join(outRoot, name)): Promise<BuiltFunction> {
  rmSync(outDir, { recursive: true, force: true });
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
    banner: { js: "import { createRequire as __enclaveCreateRequire } from 'node:module'; const require = __enclaveCreateRequire(import.meta.url);" },
  });
  const contractPath = join(functionsDir, name, 'contract.ts');
  const contractFile = join(outDir, 'contract.json');
  if (!existsSync(contractPath)) throw new Error(`src/functions/${name}/contract.ts is missing: every function declares its contract`);
  const module = (await import(pathToFileURL(contractPath).href)) as { contract?: FunctionContract; default?: FunctionContract };
  const contract = module.contract ?? module.default;
  if (!contract || contract.function !== name) {
    throw new Error(`src/functions/${name}/contract.ts must export \`contract\` with function: '${name}'`);
  }
  writeFileSync(contractFile, JSON.stringify(contract, null, 2) + '\n');
  return { name, bundle, bytes: statSync(bundle).size, contract: contractFile };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const names = discoverFunctions().filter((n) => only.length === 0 || only.includes(n));
  if (names.length === 0) throw new Error('no functions to build');
  for (const name of names) {
    const built = await buildFunction(name);
    console.log(`${name.padEnd(20)} ${relative(root, built.bundle)}  ${(built.bytes / 1024).toFixed(0)} KiB  + ${relative(root, built.contract)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
