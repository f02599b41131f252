// What `enclave verify` proves about the isolated-processing stack: every rule of the PCI DSS pack holds, no place
// where code runs can reach the internet, each function reaches every service its contract names, and the
// separation-of-duties matrix is exactly the one spec 000 describes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { verify, type StackVerification } from '../../../src/verifier/verify.ts';
import { contract as processorContract } from '../../../src/functions/processor/contract.ts';
import { contract as validatorContract } from '../../../src/functions/validator/contract.ts';

const STACK = 'infra/terraform/stacks/isolated-processing';
let result: StackVerification;

interface Cell {
  principal: string;
  capability: string;
  resource: string;
  decision: string;
  action: string;
  reason: string;
}
interface Matrix {
  rows: { principal: string; kind: string; duty: string }[];
  cells: Cell[];
}

before(async () => {
  const verification = await verify([STACK], { cwd: process.cwd(), iamMatrix: true });
  result = verification.stacks[0]!;
});

describe('isolated-processing: enclave verify', () => {
  it('finds no error and no non-compliant or unknown rule', () => {
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
      [],
    );
    const open = (result.run?.outcomes ?? [])
      .filter((r) => r.verdict === 'non-compliant' || r.verdict === 'unknown')
      .flatMap((r) =>
        r.checks.filter((c) => c.verdict !== 'compliant').map((c) => `${r.id} ${c.verdict}: ${c.message}`),
      );
    assert.deepEqual(open, []);
    assert.equal(result.failed, false);
  });

  it('no function can reach the internet', () => {
    const places = result.network.filter((p) => p.place.kind === 'lambda');
    assert.equal(places.length, 2);
    for (const p of places) assert.equal(p.internet.verdict, 'unreachable', `${p.place.address}: ${p.internet.reason}`);
  });

  it('each function reaches every service its contract names', () => {
    for (const [module, contract] of [
      ['processor', processorContract],
      ['validator', validatorContract],
    ] as const) {
      const place = result.network.find((p) => p.place.address === `module.${module}.aws_lambda_function.this`);
      assert.ok(place, module);
      for (const service of contract.services) {
        assert.equal(
          place.services[service]?.verdict,
          'reachable',
          `${module} → ${service}: ${place.services[service]?.reason}`,
        );
      }
    }
  });
});

describe('isolated-processing: separation of duties', () => {
  const bucket = (b: string) => `module.${b}_bucket.aws_s3_bucket.this`;
  const table = (t: string) => `module.${t}_table.aws_dynamodb_table.this`;
  const key = (k: string) => `module.${k}_key.aws_kms_key.this`;
  const fn = (f: string) => `module.${f}.aws_lambda_function.this`;
  // The CloudTrail trail's key and bucket, from the account baseline (defect 11).
  const trailKey = 'module.account_baseline.module.trail_key[0].aws_kms_key.this';
  const trailBucket = 'module.account_baseline.module.trail_bucket[0].aws_s3_bucket.this';

  // Spec 000 "IAM Roles with Separation of Duties", with PCI DSS 7.2.2 where it is stricter (see the README):
  // every capability a role holds, on what. Anything not listed must be denied.
  const expected: Record<string, Record<string, string[]>> = {
    'aws_iam_role.processor': {
      // processed: HeadObject on its own outputs, to finish a crashed attempt without writing twice
      'read-data': [table('metadata'), bucket('raw'), bucket('processed')],
      'write-data': [table('metadata'), table('audit'), bucket('processed')],
      // The S3 key only through S3 (not a direct Decrypt); its environment Lambda decrypts with its own grant.
      decrypt: [key('token')],
    },
    'aws_iam_role.validator': {
      'read-data': [bucket('processed')],
      'write-data': [table('audit')],
    },
    'aws_iam_role.partner_ingest': {
      'write-data': [bucket('raw')],
    },
    // Break-glass holds nothing standing but may rewrite the key policies (so, in an emergency, use the keys).
    'aws_iam_role.break_glass': {
      'administer-key': [key('dynamodb'), key('logs'), key('s3'), key('token'), trailKey],
      decrypt: [key('dynamodb'), key('logs'), key('s3'), key('token'), trailKey],
    },
    'aws_iam_role.data_processor': {
      invoke: [fn('processor'), fn('validator')],
    },
    'aws_iam_role.auditor': {
      // and the CloudTrail trail's records (log review, PCI DSS 10.4.1)
      'read-data': [table('metadata'), table('audit'), bucket('processed'), bucket('audit'), trailBucket],
    },
    'aws_iam_role.administrator': {},
  };

  const granted = (matrix: Matrix, principal: string) => {
    const out: Record<string, string[]> = {};
    for (const c of matrix.cells) {
      if (c.principal !== principal || c.decision === 'denied') continue;
      (out[c.capability] ??= []).push(c.resource);
    }
    for (const k of Object.keys(out)) out[k]!.sort();
    return out;
  };

  it('the matrix lists the five roles', () => {
    const matrix = result.iam.matrix as Matrix | undefined;
    assert.ok(matrix, `no matrix: ${result.iam.error}`);
    for (const principal of Object.keys(expected))
      assert.ok(
        matrix.rows.some((r) => r.principal === principal),
        principal,
      );
  });

  for (const [principal, capabilities] of Object.entries(expected)) {
    it(`${principal} holds exactly what the spec gives it`, () => {
      const matrix = result.iam.matrix as Matrix;
      const want = Object.fromEntries(Object.entries(capabilities).map(([k, v]) => [k, [...v].sort()]));
      assert.deepEqual(granted(matrix, principal), want);
    });
  }

  it('nobody but the processor reads raw card data, and nobody deletes data or tampers with logs', () => {
    const matrix = result.iam.matrix as Matrix;
    const roles = matrix.rows.filter((r) => r.kind === 'role').map((r) => r.principal);
    for (const c of matrix.cells.filter((x) => roles.includes(x.principal) && x.decision !== 'denied')) {
      if (c.capability === 'read-data' && c.resource === bucket('raw'))
        assert.equal(c.principal, 'aws_iam_role.processor');
      assert.notEqual(c.capability, 'delete-data', `${c.principal} may ${c.action} on ${c.resource}`);
      assert.notEqual(c.capability, 'tamper-logs', `${c.principal} may ${c.action} on ${c.resource}`);
      assert.notEqual(c.capability, 'change-permissions', `${c.principal} may ${c.action} on ${c.resource}`);
    }
  });
});
