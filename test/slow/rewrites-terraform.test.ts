// The equivalent rewrites of our Terraform environments (test/verifier/equivalence/rewrites.ts) are Terraform the
// real Terraform accepts: `terraform validate` with the AWS provider 5.100.0 mirror, on a copy of infra/ initialised
// once per environment. A rewrite Terraform refused would not be an equivalent at all, however the verifier read it.
// Skipped where Terraform or the mirror is not on the machine, or an environment needs a provider the mirror lacks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PLUGIN_MIRROR, writeMirrorCliConfig } from '../../scripts/generate-tf-schema.ts';
import { environments, ROOT, terraformRewrites } from '../verifier/equivalence/rewrites.ts';

const TERRAFORM = '/usr/local/bin/terraform';
const present = existsSync(TERRAFORM) && existsSync(PLUGIN_MIRROR);
const work = mkdtempSync(join(tmpdir(), 'enclave-rewrites-tf-'));
after(() => rmSync(work, { recursive: true, force: true }));
cpSync(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true, filter: (path) => !path.includes('/.terraform/') });
const env = { ...process.env, TF_CLI_CONFIG_FILE: writeMirrorCliConfig(work), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

function terraform(args: string[], cwd: string) {
  return spawnSync(TERRAFORM, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}

for (const stack of environments().filter((e) => !e.endsWith('.json'))) {
  describe(`${stack}: rewrites terraform validate accepts`, { skip: present ? false : 'Terraform or the provider mirror is not on this machine' }, async () => {
    const dir = join(work, stack);
    const init = present ? terraform(['init', '-backend=false', '-input=false', '-no-color'], dir) : undefined;
    const skip = !init || init.status === 0 ? false : `terraform init cannot run offline here: ${init.stderr.split('\n').find((l) => /Error/.test(l))?.trim() ?? 'error'}`;
    test('the original validates', { skip }, () => {
      const r = terraform(['validate', '-no-color'], dir);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
    for (const rewrite of await terraformRewrites(stack)) {
      test(`${rewrite.id}: ${rewrite.description}`, { skip }, () => {
        const originals = new Map<string, string | null>();
        for (const [path, text] of Object.entries(rewrite.files)) {
          const target = join(work, path);
          originals.set(target, existsSync(target) ? readFileSync(target, 'utf8') : null);
          if (text === null) unlinkSync(target);
          else writeFileSync(target, text);
        }
        try {
          const r = terraform(['validate', '-no-color'], dir);
          assert.equal(r.status, 0, r.stdout + r.stderr);
        } finally {
          for (const [target, text] of originals) {
            if (text === null) rmSync(target, { force: true });
            else writeFileSync(target, text);
          }
        }
      });
    }
  });
}
