#!/usr/bin/env node
// The `enclave` command. It runs the bundled CLI (packages/cli/dist, `npm run build:cli`) when the bundle is at least
// as new as every source it was built from, and otherwise the checkout's TypeScript sources through tsx: never a
// stale build, and never the registry. Outside a checkout (an installed package) the bundle is all there is.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'dist', 'enclave.mjs');
const root = join(here, '..', '..', '..');
const checkout = existsSync(join(root, 'src', 'cli', 'main.ts'));

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
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../../../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
