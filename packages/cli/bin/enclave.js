#!/usr/bin/env node
// The `enclave` command. Installed from the package, it runs the bundle beside it (dist/enclave.mjs, with its schemas
// and IAM catalogue) and nothing else. In an Enclave checkout it runs that bundle when it is at least as new
// as every source it was built from (npm run build:cli), and otherwise the checkout's TypeScript through tsx: never a
// stale build, and never the registry.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

/**
 * The bytes of the inputs named on the command line: a file's size, or a directory's own configuration files (not
 * its modules). Only a hint for the choice below, never read for anything else.
 */
function inputBytes(args) {
  let total = 0;
  for (const arg of args) {
    try {
      const info = statSync(arg);
      if (info.isFile()) total += info.size;
      else if (info.isDirectory())
        for (const entry of readdirSync(arg, { withFileTypes: true }))
          if (entry.isFile() && /\.(tf|tf\.json|tfvars|json|ya?ml)$/.test(entry.name))
            total += statSync(join(arg, entry.name)).size;
    } catch {
      // Not a path (an option, a value): it adds nothing.
    }
  }
  return total;
}

// A verification of an ordinary stack is a process of well under a second. V8's optimising compiler (TurboFan)
// spends more CPU compiling the hot functions than the run has left to save: on these stacks it doubled the
// verification's CPU time and added 5-30 % to its wall time (payment-api 0.37 → 0.35 s, isolated-processing
// 0.46 → 0.41 s; CPU 0.51 → 0.37 s and 0.71 → 0.43 s; bench:verify, --no-opt against the default, 5 runs each).
// Past about half a megabyte of configuration (2,000 resources and up) the run is long enough for the optimised
// code to win (5,000 resources: 1.31 s with it, 1.47 s without), so it stays on there. Results are the same either
// way: only the compiler tier differs. Set here, for the command's own process, before any of the bundle is loaded.
const SHORT_RUN_BYTES = 512 * 1024;
if (inputBytes(process.argv.slice(3)) < SHORT_RUN_BYTES) setFlagsFromString('--no-opt');

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
