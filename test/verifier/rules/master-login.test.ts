// ENC-RDS-012 (issue 15, defect 10): a function that logs in to a database as its master user, in both dialects,
// through the real loaders and the real contracts of payments-api (an application login) and payments-migrate (an
// administration login, a migration login).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dbNoMasterLogin } from '../../../src/verifier/rules/rds/no-master-login.ts';
import type { Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, evaluate, judge, tfModel } from '../helpers.ts';

const DB_TF = `
resource "aws_db_instance" "db" {
  identifier                  = "payments"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "payments_admin"
  manage_master_user_password = true
}
resource "aws_secretsmanager_secret" "app" {
  name_prefix = "db-app-"
}
resource "aws_secretsmanager_secret" "migrator" {
  name_prefix = "db-migrator-"
}
variable "secret_from_elsewhere" {}
`;

const fnTf = (name: string, bundle: string, variables: Record<string, string>) => `
resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::111122223333:role/${name}"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "dist/functions/${bundle}.zip"
  environment {
    variables = {
${Object.entries(variables)
  .map(([k, v]) => `      ${k} = ${v}`)
  .join('\n')}
    }
  }
}`;

const MASTER_TF = 'aws_db_instance.db.master_user_secret[0].secret_arn';

async function expectTf(hcl: string, verdict: Verdict, pattern?: RegExp): Promise<void> {
  const result = judge(dbNoMasterLogin, await tfModel(DB_TF + hcl));
  assert.equal(result.verdict, verdict, result.messages);
  if (pattern) assert.match(result.messages, pattern);
}

describe('ENC-RDS-012 no function logs in as the master user (Terraform)', () => {
  test("the old payment-api: the API's application login is the RDS-managed master secret — fails at the variable's line", async () => {
    const model = await tfModel(DB_TF + fnTf('api', 'payments-api', { DB_SECRET_ARN: MASTER_TF }));
    const result = evaluate(dbNoMasterLogin, model);
    assert.equal(result.verdict, 'non-compliant');
    const failing = result.checks.find((c) => c.verdict === 'non-compliant')!;
    assert.match(
      failing.message,
      /aws_lambda_function\.api logs in to aws_db_instance\.db as the master user: DB_SECRET_ARN is aws_db_instance\.db's master secret, but the contract says it is the application role's login/,
    );
    assert.match(failing.location!.file, /main\.tf$/);
    assert.ok(failing.location!.line > 1);
  });

  test('the fixed payment-api: the API logs in as the application role, the migration function as the master (administration) and the migrator', () =>
    expectTf(
      fnTf('api', 'payments-api', { DB_SECRET_ARN: 'aws_secretsmanager_secret.app.arn' }) +
        fnTf('migrate', 'payments-migrate', {
          DB_MASTER_SECRET_ARN: MASTER_TF,
          DB_MIGRATOR_SECRET_ARN: 'aws_secretsmanager_secret.migrator.arn',
          DB_APP_SECRET_ARN: 'aws_secretsmanager_secret.app.arn',
        }),
      'compliant',
      /api logs in as the application role with DB_SECRET_ARN \(aws_secretsmanager_secret\.app\)[\s\S]*migrate logs in to aws_db_instance\.db as the master user \(DB_MASTER_SECRET_ARN\) only to administer roles[\s\S]*migrate logs in as the migration role/,
    ));

  test('migrations as the master: the migration login is the master secret — fails', () =>
    expectTf(
      fnTf('migrate', 'payments-migrate', {
        DB_MASTER_SECRET_ARN: MASTER_TF,
        DB_MIGRATOR_SECRET_ARN: MASTER_TF,
        DB_APP_SECRET_ARN: 'aws_secretsmanager_secret.app.arn',
      }),
      'non-compliant',
      /DB_MIGRATOR_SECRET_ARN is aws_db_instance\.db's master secret, but the contract says it is the migration role's login/,
    ));

  test('a function whose contract declares no database login, given the master secret anyway — fails', () =>
    expectTf(
      fnTf('scanner', 'compliance-scanner', { DB_CREDENTIALS: MASTER_TF }),
      'non-compliant',
      /scanner is given aws_db_instance\.db's master secret in DB_CREDENTIALS, and its contract declares no administration login with it/,
    ));

  test('a function without a readable contract, given the master secret — fails, naming why', () =>
    expectTf(
      fnTf('other', 'no-such-bundle', { DB: MASTER_TF }),
      'non-compliant',
      /other is given aws_db_instance\.db's master secret in DB, and its contract cannot be read/,
    ));

  test('an application login from a variable (a secret only apply knows) — unknown, never a pass', () =>
    expectTf(
      fnTf('api', 'payments-api', { DB_SECRET_ARN: 'var.secret_from_elsewhere' }),
      'unknown',
      /whether it is the master user's is known only after apply/,
    ));
});

const DB_CFN = {
  Db: {
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      Engine: 'postgres',
      DBInstanceClass: 'db.t3.micro',
      AllocatedStorage: '20',
      MasterUsername: 'payments_admin',
      ManageMasterUserPassword: true,
    },
  },
  AppSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Description: 'application login' } },
};
const fnCfn = (bundle: string, variables: Record<string, unknown>) => ({
  Type: 'AWS::Lambda::Function',
  Metadata: { enclave: { bundle } },
  Properties: {
    Role: 'arn:aws:iam::111122223333:role/r',
    Handler: 'index.handler',
    Runtime: 'nodejs22.x',
    Code: { S3Bucket: 'b', S3Key: `${bundle}.zip` },
    Environment: { Variables: variables },
  },
});

describe('ENC-RDS-012 (CloudFormation: no environment of ours has a database, so the class is tested on a fixture)', () => {
  test('an API given Fn::GetAtt Db.MasterUserSecret.SecretArn — fails', async () => {
    const result = judge(
      dbNoMasterLogin,
      await cfnModel({
        Resources: {
          ...DB_CFN,
          Api: fnCfn('payments-api', { DB_SECRET_ARN: { 'Fn::GetAtt': ['Db', 'MasterUserSecret.SecretArn'] } }),
        },
      }),
    );
    assert.equal(result.verdict, 'non-compliant', result.messages);
    assert.match(result.messages, /Api logs in to Db as the master user: DB_SECRET_ARN is Db's master secret/);
  });

  test('an API given its own secret (Ref) — passes', async () => {
    const result = judge(
      dbNoMasterLogin,
      await cfnModel({ Resources: { ...DB_CFN, Api: fnCfn('payments-api', { DB_SECRET_ARN: { Ref: 'AppSecret' } }) } }),
    );
    assert.equal(result.verdict, 'compliant', result.messages);
  });
});
