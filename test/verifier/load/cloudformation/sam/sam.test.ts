// The SAM transform against AWS's own: each template of ./templates expands to the resources (type and logical id)
// and role permissions that aws-sam-translator makes (expected.json, written by generate.ts; re-asked here when the
// translator is installed).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadCloudFormation } from '../../../../../src/verifier/load/cloudformation/index.ts';
import type { Value } from '../../../../../src/verifier/load/types.ts';
import { TEMPLATES } from './generate.ts';
import { samTranslatorPresent, summarise, translate, type SamSummary } from './samtranslator.ts';

const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as Record<
  string,
  SamSummary
>;

/** Unknown ARNs (`Fn::Sub` of a partition) print as the policy name, as the translator's output reads. */
function plainProperties(value: Value): Record<string, unknown> {
  const walk = (v: Value): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const record = v as Record<string, Value>;
    if (record['kind'] === 'template')
      return (record['parts'] as Value[]).map((p) => (typeof p === 'string' ? p : '?')).join('');
    if (record['kind'] === 'unknown') return `${record['address']}.${record['attribute']}`;
    return Object.fromEntries(Object.entries(record).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value) as Record<string, unknown>;
}

for (const name of readdirSync(TEMPLATES).sort()) {
  test(`SAM: ${name} expands as aws-sam-translator expands it`, async () => {
    const stack = await loadCloudFormation(`${TEMPLATES}${name}`, { cwd: '/' });
    assert.deepEqual(
      stack.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const ours = summarise(
      stack.resources.map((r) => ({ id: r.address, type: r.type, properties: plainProperties(r.attributes) })),
    );
    assert.deepEqual(ours.resources, expected[name]!.resources);
    assert.deepEqual(ours.roles, expected[name]!.roles);
  });
}

test('expected.json is what the installed aws-sam-translator makes', {
  skip: samTranslatorPresent() ? false : 'aws-sam-translator is not installed in .venv',
}, () => {
  for (const name of readdirSync(TEMPLATES)) assert.deepEqual(translate(`${TEMPLATES}${name}`), expected[name], name);
});
