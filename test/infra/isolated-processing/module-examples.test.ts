// Every shared module has at least one example that calls it with source = "../../"; each example must load with
// our Terraform loader without errors, be valid against the AWS provider 5.x schema (our `terraform validate`) and
// pass `enclave verify`: an example is a complete, compliant use of the module.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadTerraform } from '../../../src/verifier/load/terraform/index.ts';
import { validateStack } from '../../../src/verifier/schema/index.ts';
import { verify } from '../../../src/verifier/verify.ts';

const MODULES = 'infra/terraform/modules';
const modules = readdirSync(MODULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('shared modules', () => {
  it('are the eight the environments compose', () => {
    for (const m of [
      'account-baseline',
      'dynamodb-table',
      'flow-logs',
      'kms-key',
      'lambda-function',
      'network',
      'secure-bucket',
      'vpc-endpoints',
    ]) {
      assert.ok(modules.includes(m), `module ${m}`);
    }
  });

  for (const m of modules) {
    describe(m, () => {
      it('has main.tf, variables.tf, outputs.tf, versions.tf and a README listing every input and output', () => {
        for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md'])
          assert.ok(existsSync(join(MODULES, m, f)), `${m}/${f}`);
        const readme = readFileSync(join(MODULES, m, 'README.md'), 'utf8');
        const names = (file: string, kind: string) =>
          [...readFileSync(join(MODULES, m, file), 'utf8').matchAll(new RegExp(`^${kind} "([^"]+)"`, 'gm'))].map(
            (x) => x[1]!,
          );
        for (const v of names('variables.tf', 'variable'))
          assert.ok(readme.includes(`\`${v}\``), `${m} README documents input ${v}`);
        for (const o of names('outputs.tf', 'output'))
          assert.ok(readme.includes(`\`${o}\``), `${m} README documents output ${o}`);
      });

      it('types and describes every variable and describes every output', () => {
        const variables = readFileSync(join(MODULES, m, 'variables.tf'), 'utf8')
          .split(/^variable /m)
          .slice(1);
        for (const v of variables) {
          assert.match(v, /^\s+description\s*=/m, `variable ${v.split('"')[1]} has a description`);
          assert.match(v, /^\s+type\s*=/m, `variable ${v.split('"')[1]} has a type`);
          assert.doesNotMatch(v, /^\s+type\s*=\s*any\b/m, `variable ${v.split('"')[1]} is typed, not any`);
        }
        for (const o of readFileSync(join(MODULES, m, 'outputs.tf'), 'utf8')
          .split(/^output /m)
          .slice(1)) {
          assert.match(o, /^\s+description\s*=/m, `output ${o.split('"')[1]} has a description`);
        }
      });

      const examplesDir = join(MODULES, m, 'examples');
      const examples = existsSync(examplesDir) ? readdirSync(examplesDir).sort() : [];
      it('has an example that calls it with source = "../../"', () => {
        assert.ok(examples.length > 0, `${m} has examples/`);
        for (const e of examples)
          assert.match(readFileSync(join(examplesDir, e, 'main.tf'), 'utf8'), /source\s*=\s*"\.\.\/\.\.\/"/);
      });

      for (const e of examples) {
        it(`example ${e} loads and is schema-valid`, async () => {
          const stack = await loadTerraform(join(examplesDir, e));
          const errors = [...stack.diagnostics, ...validateStack(stack)].filter((d) => d.severity === 'error');
          assert.deepEqual(
            errors.map((d) => `${d.code}: ${d.message}`),
            [],
          );
          assert.ok(
            stack.resources.some((r) => r.modulePath.length > 0 && r.mode === 'resource'),
            'the module was instantiated',
          );
        });

        it(`example ${e} passes enclave verify`, async () => {
          const [result] = (await verify([join(examplesDir, e)], { cwd: process.cwd() })).stacks;
          const open = (result!.run?.outcomes ?? [])
            .filter((r) => r.verdict === 'non-compliant' || r.verdict === 'unknown')
            .flatMap((r) =>
              r.checks.filter((c) => c.verdict !== 'compliant').map((c) => `${r.id} ${c.verdict}: ${c.message}`),
            );
          assert.deepEqual(open, []);
          assert.equal(result!.failed, false);
        });
      }
    });
  }
});
