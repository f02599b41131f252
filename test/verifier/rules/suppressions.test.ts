import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { runFails, runPack } from '../../../src/verifier/rules/engine.ts';
import { keyRotationEnabled } from '../../../src/verifier/rules/kms/rotation-enabled.ts';
import type { Pack } from '../../../src/verifier/rules/packs/types.ts';
import type { Rule } from '../../../src/verifier/rules/types.ts';
import { analysisOf, cfnStack, tfStack } from '../helpers.ts';
import type { Model } from '../../../src/verifier/model/model.ts';

const runOn = (model: Model, pack: Pack) => runPack(model, analysisOf(model), pack, NOW);

const pack: Pack = { id: 'test', title: 'test', entries: [{ rule: keyRotationEnabled, severity: 'high' }] };
const NOW = new Date('2026-11-23T00:00:00Z');

describe('suppressions', () => {
  test('Terraform comment: a reasoned, unexpired suppression turns the finding into a reported suppression', async () => {
    const stack = await tfStack(`
# enclave:ignore ENC-KMS-001 reason="asymmetric signing key in a future version" expires=2027-01-31
resource "aws_kms_key" "k" {}
resource "aws_kms_key" "other" {}
`);
    const run = runOn(buildModel(stack).model, pack);
    const outcome = run.outcomes[0]!;
    assert.equal(outcome.verdict, 'non-compliant', 'the unsuppressed key still fails');
    const suppressed = outcome.checks.find((c) => c.resource === 'aws_kms_key.k')!;
    assert.equal(suppressed.suppressedBy?.reason, 'asymmetric signing key in a future version');
    assert.deepEqual(
      run.suppressions.map((s) => `${s.ruleId} ${s.resource} ${s.status}`),
      ['ENC-KMS-001 aws_kms_key.k applied'],
    );
  });

  test('an expired suppression fails the run and the finding counts again', async () => {
    const stack = await tfStack(`
# enclave:ignore ENC-KMS-001 reason="temporary" expires=2025-01-01
resource "aws_kms_key" "k" {}
`);
    const run = runOn(buildModel(stack).model, pack);
    assert.equal(run.outcomes[0]!.verdict, 'non-compliant');
    assert.equal(run.suppressions[0]!.status, 'expired');
    assert.ok(runFails(run));
  });

  test('a suppression without a reason is a load error and suppresses nothing', async () => {
    const stack = await tfStack(`
# enclave:ignore ENC-KMS-001 reason="" expires=2027-01-01
resource "aws_kms_key" "k" {}
`);
    assert.ok(stack.diagnostics.some((d) => d.code === 'suppression-malformed'));
    assert.equal(runOn(buildModel(stack).model, pack).outcomes[0]!.verdict, 'non-compliant');
  });

  test('CloudFormation Metadata: applied, and a suppression nothing needs is listed as unused', async () => {
    const stack = await cfnStack({
      Resources: {
        K: {
          Type: 'AWS::KMS::Key',
          Metadata: {
            enclave: {
              ignore: [{ rule: 'ENC-KMS-001', reason: 'HMAC key, rotated by re-creation', expires: '2027-06-30' }],
            },
          },
        },
        R: {
          Type: 'AWS::KMS::Key',
          Properties: { EnableKeyRotation: true },
          Metadata: {
            enclave: { ignore: [{ rule: 'ENC-KMS-001', reason: 'belt and braces', expires: '2027-06-30' }] },
          },
        },
      },
    });
    const run = runOn(buildModel(stack).model, pack);
    assert.equal(run.outcomes[0]!.verdict, 'compliant');
    assert.deepEqual(run.suppressions.map((s) => `${s.resource} ${s.status}`).sort(), ['K applied', 'R unused']);
    assert.equal(runFails(run), false);
  });

  test('a rule that throws is unknown, never a pass', async () => {
    const broken: Rule = {
      ...keyRotationEnabled,
      id: 'ENC-TEST-001',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const run = runOn(buildModel(await cfnStack({ Resources: { K: { Type: 'AWS::KMS::Key' } } })).model, {
      id: 't',
      title: 't',
      entries: [{ rule: broken, severity: 'low' }],
    });
    assert.equal(run.outcomes[0]!.verdict, 'unknown');
    assert.match(run.outcomes[0]!.error!, /boom/);
  });
});
