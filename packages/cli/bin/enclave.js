#!/usr/bin/env node
// The `enclave` command. Installed from the package, it runs the bundle beside it (dist/enclave.cjs, with its schemas
// and IAM catalogue) and nothing else. In an Enclave checkout it runs that bundle when it is at least as new
// as every source it was built from (npm run build:cli), and otherwise the checkout's TypeScript through tsx: never a
// stale build, and never the registry.
// A CommonJS script (bin/package.json says so): starting Node's ES module loader for the launcher alone cost 10 ms of
// every run.
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

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
const optimise = inputBytes(process.argv.slice(3)) >= SHORT_RUN_BYTES;
if (!optimise) setFlagsFromString('--no-opt');

/**
 * Where V8's code cache for the bundle is kept: a directory of the user's own (never a shared temporary directory: a
 * code cache is code V8 runs without checking it, so nobody else may be able to write it). ENCLAVE_CACHE_DIR moves
 * it; ENCLAVE_CODE_CACHE=0 turns it off. Undefined when there is no such directory to be had.
 */
function codeCacheDir() {
  if (process.env.ENCLAVE_CODE_CACHE === '0') return undefined;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = process.env.ENCLAVE_CACHE_DIR || join(base, 'enclave');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = statSync(dir);
    // POSIX: ours, and nobody else may write into it.
    if (typeof process.getuid === 'function' && (info.uid !== process.getuid() || (info.mode & 0o022) !== 0))
      return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/**
 * Keeps the cache directory from growing with every upgrade: when a cache is written (the first run of a bundle, so
 * rarely), the caches of other bundles that no run has written for a week go, and so do partial writes left by a run
 * that was killed. Another installation still in use loses at most one run's start-up: its next run writes its cache
 * again. Only files named as this launcher names them are touched.
 */
function prune(dir, digest) {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const cache = /^([0-9a-f]{32})-.*\.v8cache$/.exec(name);
    const partial = /^[0-9a-f]{32}-.*\.v8cache\.\d+$/.test(name);
    if (!(cache && cache[1] !== digest) && !partial) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > (partial ? HOUR_MS : WEEK_MS)) unlinkSync(join(dir, name));
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

/**
 * The bundle, compiled with V8's code cache. The cache is named by the bundle's content, Node's version and
 * architecture and the compiler choice above (V8 checks its own version and flags but only the source's length), and
 * written after the first run that has none: from then on a run starts from the bytecode of every function the run
 * that wrote it compiled (bench:verify: 55 ms of 0.33-0.40 s). A cache that is missing, rejected or not ours is
 * only slower, never wrong.
 */
function loadBundle(file) {
  // ASCII, as the build checks: read a byte per character, without UTF-8 decoding (1 ms of every run).
  const source = readFileSync(file, 'latin1');
  const dir = codeCacheDir();
  let cacheFile;
  let cachedData;
  let digest;
  if (dir) {
    digest = createHash('sha256').update(source).digest('hex').slice(0, 32);
    // One cache per kind of run (command, directory or file: Terraform or CloudFormation), since each is written
    // once, with the functions its first run compiled.
    const args = process.argv.slice(2);
    const kind = `${args[0] ?? 'none'}-${args.slice(1).some((a) => isDirectory(a)) ? 'dir' : 'file'}`;
    cacheFile = join(
      dir,
      `${digest}-${process.version}-${process.arch}-${kind}${optimise ? '' : '-no-opt'}.v8cache`.replace(
        /[^\w.-]/g,
        '_',
      ),
    );
    try {
      const info = statSync(cacheFile);
      if (typeof process.getuid !== 'function' || (info.uid === process.getuid() && (info.mode & 0o022) === 0))
        cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet.
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const saveCache = () => {
    if (!cacheFile || (cachedData && !script.cachedDataRejected)) return;
    try {
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
      prune(dir, digest);
    } catch {
      // A cache that cannot be written costs the next run its start-up, nothing else.
    }
  };
  return { main: module.exports.main, saveCache };
}

const here = __dirname;
const bundle = join(here, '..', 'dist', 'enclave.cjs');
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

async function run() {
  let main;
  let saveCache = () => {};
  if (bundleIsFresh()) {
    ({ main, saveCache } = loadBundle(bundle));
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
  // After the run, so the cache holds every function it compiled, not only the bundle's top level.
  saveCache();
}

run().catch((error) => {
  process.stderr.write(`enclave: ${error?.stack ?? String(error)}\n`);
  process.exitCode = 2;
});
