import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { flattenTerraformOutputs } from '../../../src/local/flat-outputs.ts';

// The shape `terraform output -json` prints (Terraform 1.5+).
const terraformOutputJson = {
  vpc_id: { sensitive: false, type: 'string', value: 'vpc-0a1b2c3d4e5f67890' },
  private_subnet_ids: { sensitive: false, type: ['tuple', ['string', 'string']], value: ['subnet-1', 'subnet-2'] },
  lambda_memory: { sensitive: false, type: 'number', value: 256 },
  tags: { sensitive: false, type: ['object', { Owner: 'string' }], value: { Owner: 'payments-platform' } },
  db_password: { sensitive: true, type: 'string', value: 'not-for-the-flat-file' },
};

describe('tf-outputs-to-flat', () => {
  it('flattens to name → value, keeps lists and maps as JSON, leaves sensitive outputs out', () => {
    const { outputs, omitted } = flattenTerraformOutputs(terraformOutputJson);
    assert.deepEqual(outputs, {
      lambda_memory: 256,
      private_subnet_ids: ['subnet-1', 'subnet-2'],
      tags: { Owner: 'payments-platform' },
      vpc_id: 'vpc-0a1b2c3d4e5f67890',
    });
    assert.deepEqual(omitted, ['db_password']);
  });

  it('stringifies lists and maps and includes sensitive outputs only when asked', () => {
    const { outputs, omitted } = flattenTerraformOutputs(terraformOutputJson, {
      stringify: true,
      includeSensitive: true,
    });
    assert.equal(outputs.private_subnet_ids, '["subnet-1","subnet-2"]');
    assert.equal(outputs.tags, '{"Owner":"payments-platform"}');
    assert.equal(outputs.db_password, 'not-for-the-flat-file');
    assert.deepEqual(omitted, []);
  });

  it('refuses input that is not `terraform output -json`', () => {
    assert.throws(() => flattenTerraformOutputs([]), /terraform output -json/);
    assert.throws(() => flattenTerraformOutputs({ values: { root_module: {} } }), /output values has no "value"/);
  });

  it('runs as a command: stdin or --input to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-flat-'));
    try {
      const input = join(dir, 'outputs.json');
      const out = join(dir, 'cfn-outputs', 'flat-outputs.json');
      writeFileSync(input, JSON.stringify(terraformOutputJson));
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/tf-outputs-to-flat.ts', '--input', input, '--out', out],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /wrote 4 outputs .*left out sensitive: db_password/);
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).vpc_id, 'vpc-0a1b2c3d4e5f67890');

      const piped = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tf-outputs-to-flat.ts', '--out', out], {
        encoding: 'utf8',
        input: JSON.stringify({ only: { value: 'x' } }),
      });
      assert.equal(piped.status, 0, piped.stderr);
      assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { only: 'x' });

      const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tf-outputs-to-flat.ts', '--out', out], {
        encoding: 'utf8',
        input: '[]',
      });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /tf-outputs-to-flat: expected the JSON object/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
