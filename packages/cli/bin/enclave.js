#!/usr/bin/env node
// The `enclave` command. Installed from the package, it runs the bundle beside it (dist/enclave.mjs, with its schemas
// and IAM catalogue) and nothing else. In an Enclave checkout it runs that bundle when it is at least as new
// as every source it was built from (npm run build:cli), and otherwise the checkout's TypeScript through tsx: never a
// stale build, and never the registry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'dist', 'enclave.mjs');
const root = join(here, '..', '..', '..');
// The build script is not in the package (package.json "files"), so only a checkout has it.
const checkout = existsSync(join(here, '..', 'build.mjs')) && existsSync(join(root, 'src', 'cli', 'main.ts'));

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  if (!checkout) return true;
  try {
    const manifest = JSON.parse(readFileSync(join(here, '..', 'dist', 'manifest.json'), 'utf8'));
    return manifest.inputs.every((input) => statSync(join(root, input)).mtimeMs <= manifest.builtAt);
  } catch {
    return false;
  }
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else if (checkout) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href));
} else {
  process.stderr.write(`enclave: ${bundle} is missing; this installation is incomplete (reinstall the package)\n`);
  process.exit(2);
}
// `enclave model … | head`: a reader that stops early is not an error of ours.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    else throw error;
  });
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
