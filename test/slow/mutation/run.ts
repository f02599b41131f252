// Mutation testing: every environment under infra/ is copied to a temporary directory, each single
// security-weakening mutation is applied to the copy, and the rule meant for it must report a new failing check
// (non-compliant or unknown, not suppressed) that the unmutated environment does not have.
// `npm run test:mutation` runs it; it ends with `mutations=N killed=K`.
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ruleById } from '../../../src/verifier/rules/index.ts';
import type { LoadedStack } from '../../../src/verifier/load/types.ts';
import { loadPath, verifyStack } from '../../../src/verifier/verify.ts';
import { cloudFormationMutations, terraformMutations, type Mutation } from './mutations.ts';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);

export interface MutationResult { mutation: Mutation; killed: boolean; detail: string }

/** Mutations that leave the loaded stack unchanged (code a stack does not use) are equivalent: not counted. */
export interface Equivalent { mutation: Mutation }

async function tfFiles(base: string, dir: string, out: Record<string, string> = {}, seen = new Set<string>()): Promise<Record<string, string>> {
  if (seen.has(dir)) return out;
  seen.add(dir);
  for (const name of await readdir(join(base, dir))) {
    if (!name.endsWith('.tf') && !name.endsWith('.tfvars')) continue;
    const text = await readFile(join(base, dir, name), 'utf8');
    out[`${dir}/${name}`] = text;
    for (const m of text.matchAll(/source\s*=\s*"(\.\.?\/[^"]+)"/g)) await tfFiles(base, relative(base, resolve(base, dir, m[1]!)), out, seen);
  }
  return out;
}

/** Environments under `base`/infra and their mutations, generated from the files as they are in `base`. */
export async function environments(base: string = ROOT): Promise<{ env: string; mutations: Mutation[] }[]> {
  const out: { env: string; mutations: Mutation[] }[] = [];
  const stacks = 'infra/terraform/stacks';
  for (const name of (await readdir(join(base, stacks)).catch(() => [] as string[])).sort()) {
    const env = `${stacks}/${name}`;
    const files = await tfFiles(base, env);
    if (!files[`${env}/main.tf`]) continue;
    const variables = new Set([...Object.entries(files)].filter(([p]) => dirname(p) === env).flatMap(([, t]) => [...t.matchAll(/variable\s+"(\w+)"/g)].map((m) => m[1]!)));
    out.push({ env, mutations: terraformMutations({ env, files, variables, main: `${env}/main.tf` }) });
  }
  const cfn = 'infra/cloudformation';
  for (const name of (await readdir(join(base, cfn)).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort()) {
    const file = `${cfn}/${name}`;
    out.push({ env: file, mutations: cloudFormationMutations(file, file, await readFile(join(base, file), 'utf8')) });
  }
  return out;
}

/** What a stack says, without where it says it: equal for equivalent mutations. */
function fingerprint(stack: LoadedStack): string {
  // The inputs' bounds count: a relaxed validation changes the names judged at their longest, not the resources.
  return JSON.stringify([stack.resources.map((r) => [r.address, r.attributes, r.dependsOn]), stack.outputs.map((o) => [o.name, o.value]), (stack.inputs ?? []).map((i) => [i.name, i.longest, i.unbounded])]);
}

/** Failing checks (unsuppressed non-compliant or unknown) of one rule, as comparable strings. */
async function failing(root: string, env: string, ruleId: string, vars?: Record<string, string>): Promise<{ checks: Set<string>; errors: string[]; fingerprint: string; applicable: number }> {
  const stack = await loadPath(env, { cwd: root, ...(vars ? { vars } : {}) });
  const errors = stack.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const { run: maybeRun } = await verifyStack(env, stack, { cwd: root, pack: { id: 'mutation', title: 'mutation', entries: [{ rule, severity: rule.severity }] } });
  const run = maybeRun!;
  const applicable = run.outcomes[0]!.checks.length;
  const checks = new Set(run.outcomes[0]!.checks.filter((c) => c.verdict !== 'compliant' && !c.suppressedBy).map((c) => `${c.verdict} ${c.resource} ${c.message}`));
  return { checks, errors, fingerprint: fingerprint(stack), applicable };
}

export async function runMutations(log: (line: string) => void = console.log, options: { only?: RegExp } = {}): Promise<{ results: MutationResult[]; perEnv: Record<string, { n: number; k: number }>; equivalent: Equivalent[] }> {
  const work = await mkdtemp(join(tmpdir(), 'enclave-mutation-'));
  await cp(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true });
  // Function contracts are found beside the environments (dist/functions or src/functions): link them in.
  for (const dir of ['dist', 'src']) await symlink(join(ROOT, dir), join(work, dir)).catch(() => undefined);
  // Contract proofs look for dist/ or src/functions from the working directory: work inside the copy.
  const home = process.cwd();
  process.chdir(work);
  const results: MutationResult[] = [];
  const equivalent: Equivalent[] = [];
  const inapplicable: Equivalent[] = [];
  const perEnv: Record<string, { n: number; k: number }> = {};
  try {
    // Generated from the copy, so files others are editing right now cannot make a mutation inconsistent.
    for (const { env, mutations } of (await environments(work)).filter((e) => !options.only || options.only.test(e.env))) {
      perEnv[env] = { n: 0, k: 0 };
      const baselines = new Map<string, { checks: Set<string>; fingerprint: string; applicable: number }>();
      for (const m of mutations) {
        const baseline = baselines.get(m.rule) ?? (await failing(work, env, m.rule));
        baselines.set(m.rule, baseline);
        if (m.requiresApplicable && baseline.applicable === 0) {
          inapplicable.push({ mutation: m });
          log(`INAPPLICABLE ${m.id} ${m.rule} ${m.description} — ${m.rule} has nothing to check in ${env}`);
          continue;
        }
        const originals: Record<string, string> = {};
        for (const [path, text] of Object.entries(m.files)) {
          originals[path] = await readFile(join(work, path), 'utf8');
          await writeFile(join(work, path), text);
        }
        let killed = false;
        let detail: string;
        try {
          const after = await failing(work, env, m.rule, m.vars);
          if (after.fingerprint === baseline.fingerprint) {
            equivalent.push({ mutation: m });
            log(`EQUIVALENT ${m.id} ${m.rule} ${m.description} — the stack does not use the mutated code`);
            continue;
          }
          const fresh = [...after.checks].filter((c) => !baseline.checks.has(c));
          killed = fresh.length > 0;
          detail = killed ? fresh[0]! : after.errors.length > 0 ? `not caught by ${m.rule}; load errors: ${after.errors.slice(0, 2).join('; ')}` : `not caught by ${m.rule}`;
        } catch (error) {
          detail = `failed: ${(error as Error).message}`;
        } finally {
          for (const [path, text] of Object.entries(originals)) await writeFile(join(work, path), text);
        }
        results.push({ mutation: m, killed, detail });
        perEnv[env]!.n++;
        if (killed) perEnv[env]!.k++;
        log(`${killed ? 'KILLED ' : 'SURVIVED'} ${m.id} ${m.rule} ${m.description}${killed ? '' : ` — ${detail}`}`);
      }
      log(`${env}: mutations=${perEnv[env]!.n} killed=${perEnv[env]!.k}`);
    }
  } finally {
    process.chdir(home);
    await rm(work, { recursive: true, force: true });
  }
  const n = results.length;
  const k = results.filter((r) => r.killed).length;
  if (equivalent.length > 0) log(`equivalent (not counted): ${equivalent.length}`);
  if (inapplicable.length > 0) log(`inapplicable (not counted): ${inapplicable.map((e) => e.mutation.id).join(', ')}`);
  log(`mutations=${n} killed=${k}`);
  return { results, perEnv, equivalent };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `tsx test/slow/mutation/run.ts [pattern]`: only the environments whose path matches.
  const { results } = await runMutations(console.log, process.argv[2] ? { only: new RegExp(process.argv[2]) } : {});
  process.exitCode = results.every((r) => r.killed) ? 0 : 1;
}
