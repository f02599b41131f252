// Function contracts, read in the load stage like every other input and hashed into the inputs. A bundle's contract
// is the build's dist/functions/<name>/contract.json, or, when nothing is built, the source
// src/functions/<name>/contract.ts: its TypeScript is stripped in this process (sucrase) and evaluated in a fresh
// V8 context that holds only JavaScript's own globals — no process, no file system, no network — and may import
// nothing but the project's own modules. A built contract older than its source is a problem (the link is unknown),
// not a silent use of the old one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import type { FunctionContract } from '../../core/contract.ts';

type Transform = (
  code: string,
  options: { transforms: ('typescript' | 'imports')[]; filePath: string },
) => { code: string };
/** sucrase, loaded only when a contract has to be read from its TypeScript source. */
let transform: Transform | undefined;

export interface ContractRead {
  contract?: FunctionContract;
  /** The file the contract came from. */
  source?: string;
  problem?: string;
}

export interface ContractsRead {
  contracts: Map<string, ContractRead>;
  /** Every file read, with its sha256, for the evidence report. */
  files: { path: string; sha256: string }[];
}

const BUNDLE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const EVALUATION_MS = 2000;

/**
 * Where contracts may be: the directories given explicitly (`enclave verify --contracts <dir>`), else each ancestor
 * of the stacks, up to their repository's root (the nearest directory with `.git`), that has dist/functions or
 * src/functions. Never the working directory: verifying someone else's configuration from inside an Enclave
 * checkout must not find Enclave's contracts.
 */
export function contractRoots(stackPaths: string[], explicit: string[] = []): string[] {
  if (explicit.length > 0) return [...new Set(explicit.map((d) => resolve(d)))];
  const out: string[] = [];
  for (const path of stackPaths) {
    let dir = resolve(path);
    for (;;) {
      if (existsSync(join(dir, 'dist', 'functions')) || existsSync(join(dir, 'src', 'functions'))) out.push(dir);
      const up = dirname(dir);
      if (existsSync(join(dir, '.git')) || up === dir) break;
      dir = up;
    }
  }
  return [...new Set(out)];
}

/**
 * Whether any root declares a function contract (dist/functions/<name>/contract.json or
 * src/functions/<name>/contract.ts).
 * A repository that declares none does not use Enclave's contracts at all: the contract rules do not apply to it.
 */
export function declaresContracts(roots: string[]): boolean {
  const has = (dir: string, file: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true }).some(
        (e) => e.isDirectory() && BUNDLE_NAME.test(e.name) && existsSync(join(dir, e.name, file)),
      );
    } catch {
      return false;
    }
  };
  return roots.some(
    (root) =>
      has(join(root, 'dist', 'functions'), 'contract.json') || has(join(root, 'src', 'functions'), 'contract.ts'),
  );
}

/** The contract of each bundle, from the first root that has one. */
export async function readContracts(
  bundles: string[],
  options: { roots: string[]; cwd: string },
): Promise<ContractsRead> {
  if (!transform && bundles.some((b) => BUNDLE_NAME.test(b) && needsSource(b, options.roots))) {
    // A CommonJS package: its exports are the namespace's own under tsx, its `default` in a split bundle.
    const sucrase = (await import('sucrase')) as { transform?: Transform; default?: { transform: Transform } };
    transform = sucrase.transform ?? sucrase.default!.transform;
  }
  const files = new Map<string, string>();
  const contracts = new Map<string, ContractRead>();
  for (const bundle of [...new Set(bundles)].sort()) contracts.set(bundle, readOne(bundle, options.roots, files));
  return {
    contracts,
    files: [...files].map(([path, text]) => ({
      path: relative(options.cwd, path) || path,
      sha256: createHash('sha256').update(text).digest('hex'),
    })),
  };
}

/** Whether the first root that has the bundle's contract has only its source. */
function needsSource(bundle: string, roots: string[]): boolean {
  for (const root of roots) {
    if (existsSync(join(root, 'dist', 'functions', bundle, 'contract.json'))) return false;
    if (existsSync(join(root, 'src', 'functions', bundle, 'contract.ts'))) return true;
  }
  return false;
}

function readOne(bundle: string, roots: string[], files: Map<string, string>): ContractRead {
  const missing = `no contract found for bundle ${bundle}: neither dist/functions/${bundle}/contract.json (run npm run build) nor src/functions/${bundle}/contract.ts`;
  if (!BUNDLE_NAME.test(bundle)) return { problem: missing };
  for (const root of roots) {
    const built = join(root, 'dist', 'functions', bundle, 'contract.json');
    const source = join(root, 'src', 'functions', bundle, 'contract.ts');
    if (existsSync(built) && existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs) {
      // A contract edited after the build: the bundle that would be deployed may not be what the code now needs,
      // and a proof against either one would not be a proof about the other.
      return {
        problem: `${built} is older than ${source}: the built bundle may not match the code (run npm run build)`,
      };
    }
    if (existsSync(built)) {
      const text = readFileSync(built, 'utf8');
      files.set(built, text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        return { problem: `${built} is not valid JSON: ${(error as Error).message}` };
      }
      const shape = shapeProblem(parsed);
      return shape ? { problem: `${built} ${shape}` } : { contract: parsed as FunctionContract, source: built };
    }
    if (existsSync(source)) {
      try {
        const exported = evaluate(source, root, files) as {
          contract?: unknown;
          default?: { contract?: unknown } | unknown;
        };
        const value =
          exported.contract ?? (exported.default as { contract?: unknown } | undefined)?.contract ?? exported.default;
        if (value === undefined || value === null) return { problem: `${source} exports no \`contract\`` };
        const plain = JSON.parse(JSON.stringify(value)) as unknown;
        const shape = shapeProblem(plain);
        return shape ? { problem: `${source} ${shape}` } : { contract: plain as FunctionContract, source };
      } catch (error) {
        return { problem: `cannot load ${source}: ${(error as Error).message.split('\n')[0]}` };
      }
    }
  }
  return { problem: missing };
}

/** What is wrong with a value meant to be a FunctionContract, or undefined. */
function shapeProblem(value: unknown): string | undefined {
  const v = value as Partial<FunctionContract> | null;
  if (!v || typeof v !== 'object') return 'is not a contract object';
  if (typeof v.function !== 'string') return 'has no `function` name';
  if (
    !Array.isArray(v.environment) ||
    !v.environment.every((e) => e && typeof e.name === 'string' && typeof e.required === 'boolean')
  )
    return 'has a malformed `environment`';
  if (
    !Array.isArray(v.calls) ||
    !v.calls.every((c) => c && typeof c.action === 'string' && c.resource && typeof c.resource.kind === 'string')
  )
    return 'has malformed `calls`';
  if (!Array.isArray(v.services) || !v.services.every((s) => typeof s === 'string')) return 'has malformed `services`';
  const roles = ['application', 'migration', 'administration'];
  if (
    v.databaseLogins !== undefined &&
    (!Array.isArray(v.databaseLogins) ||
      !v.databaseLogins.every(
        (l) => l && typeof l.secret === 'string' && roles.includes(l.as) && typeof l.why === 'string',
      ))
  )
    return 'has malformed `databaseLogins`';
  if (v.receivesCardNumbers !== undefined && v.receivesCardNumbers !== true)
    return 'has a malformed `receivesCardNumbers` (true or absent)';
  return undefined;
}

/** Runs a TypeScript module and the project modules it imports in a fresh context; returns its exports. */
function evaluate(entry: string, root: string, files: Map<string, string>): Record<string, unknown> {
  const context = createContext({});
  const modules = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = modules.get(file);
    if (cached) return cached.exports;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    const code =
      extname(file) === '.json'
        ? `module.exports = ${text};`
        : transform!(text, { transforms: ['typescript', 'imports'], filePath: file }).code;
    const module = { exports: {} as Record<string, unknown> };
    modules.set(file, module);
    const requireFrom = (specifier: string): unknown => {
      if (!specifier.startsWith('./') && !specifier.startsWith('../'))
        throw new Error(
          `${relative(root, file)} imports ${specifier}: a contract may import only the project's own modules`,
        );
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(root + sep))
        throw new Error(`${relative(root, file)} imports ${specifier}, outside ${root}`);
      if (!existsSync(target)) throw new Error(`${relative(root, file)} imports ${specifier}, which does not exist`);
      return load(target);
    };
    Object.assign(context, { __module: module, __exports: module.exports, __require: requireFrom });
    runInContext(`(function (exports, require, module) {${code}\n})(__exports, __require, __module);`, context, {
      filename: file,
      timeout: EVALUATION_MS,
    });
    return module.exports;
  };
  return load(entry);
}
