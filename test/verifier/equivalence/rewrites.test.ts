// Each semantics-preserving rewrite of our environments (rewrites.ts, derived from the stacks as they are) verifies
// exactly as the original: no new load or schema error, the same verdict for every rule, and the same failing and
// passing checks (by resource, or by count where the rewrite renames resources). A rewrite that changes a verdict is
// a verifier bug: the same infrastructure, written another way, must get the same proof.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { StackVerification } from '../../../src/verifier/results.ts';
import { loadPath, verifyStack } from '../../../src/verifier/verify.ts';
import { cloudFormationRewrites, environments, ROOT, terraformRewrites, type Rewrite } from './rewrites.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'enclave-rewrites-'));
  await cp(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true });
  for (const dir of ['dist', 'src']) await symlink(join(ROOT, dir), join(work, dir)).catch(() => undefined);
});
after(async () => rm(work, { recursive: true, force: true }));

async function verifyIn(path: string): Promise<StackVerification> {
  const stack = await loadPath(path, { cwd: work });
  return verifyStack(path, stack, { cwd: work, contracts: [ROOT], now: NOW });
}

interface Summary { errors: string[]; failed: boolean; rules: Record<string, { verdict: string; checks: string[]; counts: string; kinds: string }> }

/** The stack itself is named by its path, which a rewrite may change (JSON → YAML): `<stack>` in comparisons. */
function summary(v: StackVerification): Summary {
  const resource = (r: string) => (r === v.path ? '<stack>' : r);
  const rules: Summary['rules'] = {};
  for (const o of v.run?.outcomes ?? []) {
    const verdicts = o.checks.map((c) => (c.suppressedBy ? 'suppressed' : c.verdict));
    const counts = ['compliant', 'non-compliant', 'unknown', 'suppressed'].map((x) => `${x}=${verdicts.filter((y) => y === x).length}`).join(' ');
    rules[o.id] = { verdict: o.verdict, checks: o.checks.map((c) => `${c.suppressedBy ? 'suppressed' : c.verdict} ${resource(c.resource)}`).sort(), counts, kinds: [...new Set(verdicts)].sort().join(' ') };
  }
  return { errors: v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`).sort(), failed: v.failed, rules };
}

async function applied<T>(rewrite: Rewrite, run: () => Promise<T>): Promise<T> {
  const originals = new Map<string, string | null>();
  for (const [path, text] of Object.entries(rewrite.files)) {
    originals.set(path, await readFile(join(work, path), 'utf8').catch(() => null));
    if (text === null) await unlink(join(work, path));
    else await writeFile(join(work, path), text);
  }
  try {
    return await run();
  } finally {
    for (const [path, text] of originals) {
      if (text === null) await unlink(join(work, path)).catch(() => undefined);
      else await writeFile(join(work, path), text);
    }
  }
}

const envs = environments();
const all: Rewrite[] = [];
for (const env of envs) all.push(...(env.endsWith('.json') ? cloudFormationRewrites(env) : await terraformRewrites(env)));

test('at least 30 rewrites over the four environments, every environment rewritten', () => {
  assert.ok(all.length >= 30, `${all.length} rewrites`);
  for (const env of envs) assert.ok(all.filter((r) => r.env === env).length >= 5, `${env}: ${all.filter((r) => r.env === env).map((r) => r.id).join(', ')}`);
});

for (const env of envs) {
  describe(`${env} rewritten`, () => {
    let original: Summary;
    before(async () => { original = summary(await verifyIn(env)); });
    for (const rewrite of all.filter((r) => r.env === env)) {
      test(`${rewrite.id}: ${rewrite.description}`, async () => {
        for (const [path, text] of Object.entries(rewrite.files)) if (text !== null) assert.notEqual(text, await readFile(join(ROOT, path), 'utf8').catch(() => null), `${path} is rewritten`);
        const rewritten = summary(await applied(rewrite, () => verifyIn(rewrite.path ?? env)));
        assert.deepEqual(rewritten.errors, original.errors, 'the rewrite loads as cleanly as the original');
        assert.equal(rewritten.failed, original.failed);
        for (const [id, rule] of Object.entries(original.rules)) {
          const other = rewritten.rules[id]!;
          assert.equal(other.verdict, rule.verdict, `${id}: ${rule.verdict} → ${other.verdict}\n${other.checks.join('\n')}`);
          if (rewrite.splits) assert.equal(other.kinds, rule.kinds, `${id}: check verdicts ${rule.kinds} → ${other.kinds}`);
          else if (rewrite.renames) assert.equal(other.counts, rule.counts, `${id}: checks ${rule.counts} → ${other.counts}`);
          else assert.deepEqual(other.checks, rule.checks, `${id}: the same checks`);
        }
      });
    }
  });
}
