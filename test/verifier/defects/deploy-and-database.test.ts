// Issue 15, defects 10, 13, 14, 15, 17 and 18 in their old form: the environment is copied, the fix undone by a text
// edit, and `enclave verify` must fail it on the rule of the defect's class with a counterexample at a file:line,
// while the environment as it is passes that rule.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verify } from '../../../src/verifier/verify.ts';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'enclave-defects-infra-'));
  await cp(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true });
  // The contracts (src/functions) and the bundles the stacks hash (dist/functions) of this checkout.
  for (const dir of ['dist', 'src']) await symlink(join(ROOT, dir), join(work, dir)).catch(() => undefined);
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Edit {
  file: string;
  from: string | RegExp;
  to: string;
}
interface Failing {
  verdict: string;
  message: string;
  file: string;
  line: number;
}

/** The unsuppressed, failing checks of `rule` on `env` with the edits applied (then undone). */
async function failingChecks(env: string, rule: string, edits: Edit[] = []): Promise<Failing[]> {
  const originals = new Map<string, string>();
  try {
    for (const e of edits) {
      const path = join(work, e.file);
      const current = await readFile(path, 'utf8');
      if (!originals.has(path)) originals.set(path, current);
      const changed = current.replace(e.from, e.to);
      assert.notEqual(changed, current, `the fix to undo is not in ${e.file}: ${String(e.from).slice(0, 80)}`);
      await writeFile(path, changed);
    }
    const result = await verify([env], { cwd: work });
    const stack = result.stacks[0]!;
    assert.deepEqual(
      stack.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const outcome = stack.run!.outcomes.find((o) => o.id === rule);
    assert.ok(outcome, `${rule} did not run`);
    return outcome.checks
      .filter((c) => c.verdict !== 'compliant' && !c.suppressedBy)
      .map((c) => ({
        verdict: c.verdict,
        message: c.message,
        file: c.location?.file ?? '',
        line: c.location?.line ?? 0,
      }));
  } finally {
    for (const [path, text] of originals) await writeFile(path, text);
  }
}

function counterexample(failing: Failing[], message: RegExp, file: RegExp): void {
  const hit = failing.find((f) => message.test(f.message));
  assert.ok(
    hit,
    `no failing check matches ${message}:\n${failing.map((f) => `${f.verdict} ${f.file}:${f.line} ${f.message}`).join('\n') || '(nothing fails)'}`,
  );
  assert.equal(hit.verdict, 'non-compliant', hit.message);
  assert.match(hit.file, file);
  assert.ok(hit.line > 1, `${hit.file}:${hit.line}`);
}

const API = 'infra/terraform/stacks/payment-api';
const ZT = 'infra/terraform/stacks/zero-trust';
const IP = 'infra/terraform/stacks/isolated-processing';
const PF = 'infra/cloudformation/payment-files.json';

describe('issue 15, payment-api: the old forms fail enclave verify', () => {
  test('as it is: ENC-RDS-012, ENC-LAMBDA-007, ENC-SM-002, ENC-LAMBDA-008, ENC-RDS-011 hold', async () => {
    for (const rule of ['ENC-RDS-012', 'ENC-LAMBDA-007', 'ENC-SM-002', 'ENC-LAMBDA-008', 'ENC-RDS-011'])
      assert.deepEqual(await failingChecks(API, rule), [], rule);
  });

  test('defect 10: the API logs in with the RDS master secret: ENC-RDS-012', async () => {
    const failing = await failingChecks(API, 'ENC-RDS-012', [
      {
        file: `${API}/function.tf`,
        from: 'DB_SECRET_ARN           = aws_secretsmanager_secret.db_role["app"].arn',
        to: 'DB_SECRET_ARN           = local.db_secret_arn',
      },
    ]);
    counterexample(
      failing,
      /aws_lambda_function\.this logs in to aws_db_instance\.this as the master user: DB_SECRET_ARN is aws_db_instance\.this's master secret, but the contract says it is the application role's login/,
      /payment-api\/function\.tf$/,
    );
  });

  test('defect 10: migrations run as the master (the migration login is the master secret): ENC-RDS-012', async () => {
    const failing = await failingChecks(API, 'ENC-RDS-012', [
      {
        file: `${API}/database-roles.tf`,
        from: 'DB_MIGRATOR_SECRET_ARN  = aws_secretsmanager_secret.db_role["migrator"].arn',
        to: 'DB_MIGRATOR_SECRET_ARN  = local.db_secret_arn',
      },
    ]);
    counterexample(
      failing,
      /aws_lambda_function\.migrate logs in to aws_db_instance\.this as the master user: DB_MIGRATOR_SECRET_ARN/,
      /payment-api\/database-roles\.tf$/,
    );
  });

  test('defect 13: 50 executions reserved by default: ENC-LAMBDA-007', async () => {
    const failing = await failingChecks(API, 'ENC-LAMBDA-007', [
      {
        file: `${API}/variables.tf`,
        from: /(variable "lambda_reserved_concurrency" \{[\s\S]*?default\s*=\s*)-1/,
        to: '$150',
      },
    ]);
    counterexample(failing, /aws_lambda_function\.this reserves 50 concurrent executions/, /payment-api\//);
  });

  test('defect 15: the token-key secret has a fixed name that waits out its recovery window: ENC-SM-002', async () => {
    const failing = await failingChecks(API, 'ENC-SM-002', [
      {
        file: `${API}/function.tf`,
        from: 'name_prefix             = "secret-token-key-payment-api-${local.suffix}-"',
        to: 'name                    = "secret-token-key-payment-api-${local.suffix}"',
      },
    ]);
    counterexample(failing, /token_key/, /payment-api\/(function|variables)\.tf$/);
  });

  test('defect 17: the VPC function keeps its security groups on destroy: ENC-LAMBDA-008', async () => {
    const failing = await failingChecks(API, 'ENC-LAMBDA-008', [
      { file: `${API}/function.tf`, from: /\n  replace_security_groups_on_destroy = true\n/, to: '\n' },
    ]);
    counterexample(failing, /aws_lambda_function\.this/, /payment-api\/function\.tf$/);
  });

  test('defect 18: RDS creates RDSOSMetrics itself (the stack creates no group): ENC-RDS-011', async () => {
    const failing = await failingChecks(API, 'ENC-RDS-011', [
      {
        file: `${API}/main.tf`,
        from: /rds_os_metrics = \{[\s\S]*?\n  \}\n  rds_os_metrics_kms_key_arn = module\.kms_logs\.key_arn/,
        to: 'rds_os_metrics = null',
      },
    ]);
    counterexample(
      failing,
      /aws_db_instance\.this sends enhanced-monitoring metrics every \d+ s to RDSOSMetrics, which the stack does not create/,
      /payment-api\/database\.tf$/,
    );
  });
});

describe('issue 15, zero-trust: the old forms of defects 13 and 14 fail enclave verify', () => {
  test('as it is: ENC-ACCT-001 and ENC-LAMBDA-007 hold', async () => {
    for (const rule of ['ENC-ACCT-001', 'ENC-LAMBDA-007']) assert.deepEqual(await failingChecks(ZT, rule), [], rule);
  });

  test('defect 13: the checker reserves 1 execution by default: ENC-LAMBDA-007', async () => {
    const failing = await failingChecks(ZT, 'ENC-LAMBDA-007', [
      {
        file: `${ZT}/variables.tf`,
        from: /(variable "scanner_reserved_concurrency" \{[\s\S]*?default\s*=\s*)-1/,
        to: '$11',
      },
    ]);
    counterexample(failing, /reserves 1 concurrent execution/, /zero-trust\//);
  });

  test('defect 14: the GuardDuty detector is created whatever the account has: ENC-ACCT-001', async () => {
    const failing = await failingChecks(ZT, 'ENC-ACCT-001', [
      {
        file: `${ZT}/main.tf`,
        from: 'create_detector              = var.create_guardduty_detector',
        to: 'create_detector              = true',
      },
    ]);
    counterexample(failing, /guardduty_detector/, /zero-trust\/|account-baseline\//);
  });
});

describe('issue 15, payment-files and isolated-processing: the old forms of defects 13 and 17 fail enclave verify', () => {
  test('defect 13, payment-files: the processor reserves 10 executions by default: ENC-LAMBDA-007', async () => {
    assert.deepEqual(await failingChecks(PF, 'ENC-LAMBDA-007'), []);
    const failing = await failingChecks(PF, 'ENC-LAMBDA-007', [
      { file: PF, from: /("ProcessorReservedConcurrency": \{[\s\S]*?"Default": )-1/, to: '$110' },
    ]);
    counterexample(failing, /ProcessorFunction reserves 10 concurrent executions/, /payment-files\.json$/);
  });

  test('defect 17, isolated-processing: the lambda-function module keeps its security groups on destroy: ENC-LAMBDA-008', async () => {
    assert.deepEqual(await failingChecks(IP, 'ENC-LAMBDA-008'), []);
    const failing = await failingChecks(IP, 'ENC-LAMBDA-008', [
      {
        file: 'infra/terraform/modules/lambda-function/main.tf',
        from: /\n  replace_security_groups_on_destroy = true\n/,
        to: '\n',
      },
    ]);
    counterexample(failing, /aws_lambda_function/, /lambda-function\/main\.tf$/);
  });
});

describe('issue 15, defect 11: a trail for the function that receives card numbers (payment-api)', () => {
  test("as it is: the account baseline's trail is declared: ENC-CT-004 holds", async () => {
    assert.deepEqual(await failingChecks(API, 'ENC-CT-004'), []);
  });

  test('old form: no trail at all, although the API receives clear card numbers (it stores only tokens): ENC-CT-004', async () => {
    const failing = await failingChecks(API, 'ENC-CT-004', [
      { file: `${API}/main.tf`, from: /\n  cloudtrail = \{[\s\S]*?\n  \}\n/, to: '\n' },
    ]);
    counterexample(
      failing,
      /aws_lambda_function\.this receives clear card numbers \(its contract, bundle payments-api, says so\) and the stack declares no trail at all/,
      /payment-api\/\w+\.tf$/,
    );
  });
});

describe('issue 15, defect 11: CloudTrail data events on card data (isolated-processing)', () => {
  test("as it is: the account baseline's trail records reads and writes on the card-data bucket: ENC-CT-003 and ENC-CT-004 hold", async () => {
    for (const rule of ['ENC-CT-003', 'ENC-CT-004', 'ENC-DLV-006', 'ENC-GD-002'])
      assert.deepEqual(await failingChecks(IP, rule), [], rule);
  });

  test('old form: no trail at all (the README deferred it to an account baseline nothing provided): ENC-CT-004', async () => {
    const failing = await failingChecks(IP, 'ENC-CT-004', [
      { file: `${IP}/account.tf`, from: /\n  cloudtrail = \{[\s\S]*?\n  \}\n/, to: '\n' },
    ]);
    counterexample(
      failing,
      /no trail of the stack records data events on module\.raw_bucket\.aws_s3_bucket\.this \(card data\), and the stack declares no trail at all/,
      /secure-bucket\/main\.tf$/,
    );
  });

  test("switched off, naming the organisation's trail: still not a pass — claimed, not proven", async () => {
    const failing = await failingChecks(IP, 'ENC-CT-004', [
      {
        file: `${IP}/variables.tf`,
        from: /(variable "create_cloudtrail" \{[\s\S]*?default\s*=\s*)true/,
        to: '$1false',
      },
      {
        file: `${IP}/variables.tf`,
        from: /(variable "cloudtrail_organization_trail_arn" \{[\s\S]*?default\s*=\s*)null/,
        to: '$1"arn:aws:cloudtrail:us-east-1:111122223333:trail/organization"',
      },
    ]);
    counterexample(
      failing,
      /suppress this check naming that trail \(claimed, not proven\)/,
      /secure-bucket\/main\.tf$/,
    );
  });
});
