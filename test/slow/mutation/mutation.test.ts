// Slow suite: every single security-weakening mutation of every environment is caught by the rule meant for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runMutations } from './run.ts';

test('each environment has at least 40 mutations, and every one is killed by its rule', async () => {
  const lines: string[] = [];
  const { results, perEnv } = await runMutations((line) => lines.push(line));
  console.log(lines.filter((l) => !l.startsWith('KILLED') && !l.startsWith('EQUIVALENT')).join('\n'));
  for (const [env, { n }] of Object.entries(perEnv)) assert.ok(n >= 40, `${env} has only ${n} mutations`);
  const survivors = results
    .filter((r) => !r.killed)
    .map((r) => `${r.mutation.id} ${r.mutation.rule} ${r.mutation.description}: ${r.detail}`);
  assert.deepEqual(survivors, []);
});
