// Issue 15: for each defect the audit found in the IAM, key-policy and bucket-policy parts of the environments, the
// old form — the fixed environment with the fix taken back out — fails `enclave verify` with a counterexample at a
// file:line, while the environment as it is verifies clean for that rule.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verify } from '../../src/verifier/verify.ts';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'enclave-defects-'));
  await cp(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true });
});
after(async () => { await rm(work, { recursive: true, force: true }); });

interface Finding { rule: string; verdict: string; message: string; file: string; line: number }

/** Verifies `env` (relative to the copy) with `edits` applied (file → transform), then puts the files back. */
async function verifyWith(env: string, edits: Record<string, (text: string) => string> = {}): Promise<Finding[]> {
  const originals: Record<string, string> = {};
  for (const [file, edit] of Object.entries(edits)) {
    originals[file] = await readFile(join(work, file), 'utf8');
    const changed = edit(originals[file]!);
    assert.notEqual(changed, originals[file], `the old form of ${file} differs from the fixed one`);
    await writeFile(join(work, file), changed);
  }
  try {
    const result = await verify([env], { cwd: work, contracts: [ROOT] });
    const stack = result.stacks[0]!;
    assert.deepEqual(stack.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    return stack.run!.outcomes.flatMap((o) => o.checks.map((c) => ({ rule: o.id, verdict: c.verdict, message: c.message, file: c.location?.file ?? '', line: c.location?.line ?? 0 })));
  } finally {
    for (const [file, text] of Object.entries(originals)) await writeFile(join(work, file), text);
  }
}

/** The rule's failing checks; asserts there is one matching `counterexample`, located in `file` at a real line. */
function failsWith(findings: Finding[], rule: string, counterexample: RegExp, file: RegExp): Finding {
  const failing = findings.filter((f) => f.rule === rule && f.verdict !== 'compliant');
  const hit = failing.find((f) => counterexample.test(f.message));
  assert.ok(hit, `${rule} should fail with ${counterexample}; it reported:\n${failing.map((f) => `${f.verdict} ${f.file}:${f.line} ${f.message}`).join('\n') || '(nothing failing)'}`);
  assert.equal(hit.verdict, 'non-compliant');
  assert.match(hit.file, file);
  assert.ok(hit.line > 1, `${hit.file}:${hit.line}`);
  return hit;
}

function clean(findings: Finding[], rules: string[]): void {
  const failing = findings.filter((f) => rules.includes(f.rule) && f.verdict !== 'compliant');
  assert.deepEqual(failing.map((f) => `${f.rule} ${f.verdict} ${f.file}:${f.line} ${f.message}`), []);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (edit: (t: Json) => void) => (text: string) => { const t = JSON.parse(text) as Json; edit(t); return `${JSON.stringify(t, null, 2)}\n`; };

describe('payment-files (CloudFormation)', () => {
  const env = 'infra/cloudformation/payment-files.json';
  const file = /payment-files\.json$/;

  test('as it is: the key policy, audit-bucket and card-data-writer rules hold', async () => {
    clean(await verifyWith(env), ['ENC-KMS-005', 'ENC-S3-006', 'ENC-IAM-016', 'ENC-IAM-012', 'ENC-DATA-002']);
  });

  test('defect 9, old form: the root statement keeps kms:PutKeyPolicy', async () => {
    const findings = await verifyWith(env, { [env]: json((t) => {
      const st: Json[] = t.Resources.EncryptionKey.Properties.KeyPolicy.Statement;
      st.find((s) => s.Sid === 'KeyAdministrationByAccount')!.Action.push('kms:PutKeyPolicy');
      t.Resources.EncryptionKey.Properties.KeyPolicy.Statement = st.filter((s) => s.Sid !== 'KeyPolicyOnlyByBreakGlassAndDeployer');
    }) });
    failsWith(findings, 'ENC-KMS-005', /someone the stack does not name may rewrite the key policy \(kms:PutKeyPolicy: allowed by EncryptionKey \(KeyAdministrationByAccount\)\)/, file);
  });

  test('audit bucket, old form: only the TLS Deny on s3:* — a delete over TLS meets no Deny', async () => {
    const findings = await verifyWith(env, { [env]: json((t) => {
      const doc = t.Resources.AuditLogsBucketPolicy.Properties.PolicyDocument;
      doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== 'OnlyBreakGlassDeletesAuditRecords');
    }) });
    failsWith(findings, 'ENC-S3-006', /s3:DeleteObject by someone the stack does not name .*meets no Deny that holds/, file);
  });

  test('files bucket, old form: anyone with IAM permission may put files where raw card data lands', async () => {
    const findings = await verifyWith(env, { [env]: json((t) => {
      const doc = t.Resources.PaymentFilesBucketPolicy.Properties.PolicyDocument;
      doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== 'OnlyDeclaredWritersPutObjects');
    }) });
    failsWith(findings, 'ENC-IAM-016', /PaymentFilesBucket holds card data, and someone the stack does not name .* can s3:PutObject/, file);
  });
});

/** A text edit that must find what it replaces. */
const replace = (find: string | RegExp, by: string) => (text: string) => {
  const changed = text.replace(find, by);
  assert.notEqual(changed, text, `the old form: ${String(find).slice(0, 80)} not found`);
  return changed;
};

describe('isolated-processing (Terraform)', () => {
  const env = 'infra/terraform/stacks/isolated-processing';
  const iam = `${env}/iam.tf`;
  const main = `${env}/main.tf`;
  const kmsModule = 'infra/terraform/modules/kms-key/main.tf';

  test('as it is: the rules of the four defects and the audit bucket hold', async () => {
    clean(await verifyWith(env), ['ENC-IAM-007', 'ENC-IAM-013', 'ENC-KMS-004', 'ENC-KMS-005', 'ENC-IAM-016', 'ENC-IAM-017', 'ENC-S3-006']);
  });

  test('defect 8, old form: the administrator may UpdateFunctionConfiguration and CreateKey, only layers denied', async () => {
    const findings = await verifyWith(env, { [iam]: (text) => replace('"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",', '"lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",')(
      replace(/actions\s*= \["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", /, 'actions   = ["lambda:UpdateFunctionCode", ')(
        replace(/\n  # A key of its own would be a key it controls[^\n]*\n  statement \{\n    sid       = "NeverCreateKeys"[\s\S]*?\n  \}\n/, '\n')(text))) });
    const escalation = failsWith(findings, 'ENC-IAM-013', /aws_iam_role\.administrator \(administrator\) can act as aws_iam_role\.processor \(execution\): update-function-configuration via lambda:UpdateFunctionConfiguration/, /isolated-processing\/iam\.tf$/);
    void escalation;
    failsWith(findings, 'ENC-IAM-007', /aws_iam_role\.administrator \(administrator\) can dynamodb:PutItem on .*dynamodb-audit-dev by escalation: update-function-configuration/, /isolated-processing\/iam\.tf$/);
  });

  test('defect 6, old form: the functions "decrypt their environment" under kms:EncryptionContext:LambdaFunctionName', async () => {
    const findings = await verifyWith(env, { [main]: replace(
      '  key_users = [\n    {\n      sid            = "ProcessorReadsRawWritesProcessedThroughS3"',
      '  key_users = [\n    {\n      sid            = "FunctionsDecryptOwnEnvironment"\n      principal_arns = [aws_iam_role.processor.arn, aws_iam_role.validator.arn]\n      actions        = ["kms:Decrypt"]\n      conditions = [\n        { test = "StringEquals", variable = "kms:EncryptionContext:LambdaFunctionName", values = [local.names.processor, local.names.validator] },\n      ]\n    },\n    {\n      sid            = "ProcessorReadsRawWritesProcessedThroughS3"',
    ) });
    failsWith(findings, 'ENC-KMS-004', /\(FunctionsDecryptOwnEnvironment\) allows only when the encryption context carries "LambdaFunctionName", which no AWS service and no function of this stack sends/, /kms-key\/main\.tf$/);
  });

  test('defect 9, old form: the key policies\' root statement keeps kms:Put*', async () => {
    const findings = await verifyWith(env, { [kmsModule]: replace('    "kms:List*",\n    "kms:Update*",', '    "kms:List*",\n    "kms:Put*",\n    "kms:Update*",') });
    failsWith(findings, 'ENC-KMS-005', /module\.s3_key\.aws_kms_key\.this: someone the stack does not name may rewrite the key policy \(kms:PutKeyPolicy: allowed by module\.s3_key\.aws_kms_key\.this \(KeyAdministrationWithoutDataUse\)\)/, /kms-key\/main\.tf$/);
  });

  test('defect 4, old form: only the deploying and administrator roles are exempt from the buckets\' endpoint pinning, and no ingest role guards the raw bucket', async () => {
    const findings = await verifyWith(env, { [main]: (text) => replace(/  raw_bucket_vpce_exempt     = [^\n]*\n  read_bucket_vpce_exempt    = [^\n]*\n/, '  raw_bucket_vpce_exempt     = concat(local.deployer_and_administrator, var.bucket_vpce_exempt_principal_arns)\n  read_bucket_vpce_exempt    = concat(local.deployer_and_administrator, var.bucket_vpce_exempt_principal_arns)\n')(
      replace(/\n  # Raw card data comes in only through the partner ingest role[^\n]*\n  # [^\n]*\n  object_writer_arns = [^\n]*\n  object_reader_arns = [^\n]*\n/, '\n')(text)) });
    failsWith(findings, 'ENC-IAM-017', /aws_iam_role\.auditor \(auditor\) cannot read the audit records in module\.audit_bucket\.aws_s3_bucket\.this from outside the VPC: .*DenyOutsideVpcEndpoints/, /secure-bucket\/main\.tf$/);
    failsWith(findings, 'ENC-IAM-016', /module\.raw_bucket\.aws_s3_bucket\.this holds card data, and \$\{data\.aws_iam_session_context\.deployer\.issuer_arn\} .* can s3:PutObject/, /secure-bucket\/main\.tf$/);
  });

  test('audit bucket, old form: no record keepers — only the TLS Deny on s3:*', async () => {
    const findings = await verifyWith(env, { [main]: replace(/\n  # PCI DSS 10\.3\.2: nobody but break-glass deletes a record[^\n]*\n  record_keeper_arns = \[aws_iam_role\.break_glass\.arn\]\n/, '\n') });
    failsWith(findings, 'ENC-S3-006', /module\.audit_bucket\.aws_s3_bucket\.this holds audit logs .* but s3:DeleteObject by someone the stack does not name .*meets no Deny that holds/, /secure-bucket\/main\.tf$/);
  });
});

describe('payment-api and zero-trust (Terraform)', () => {
  test('defect 6, old form (payment-api): the execution role and the Lambda key grant Decrypt under LambdaFunctionName', async () => {
    const env = 'infra/terraform/stacks/payment-api';
    const findings = await verifyWith(env, { [`${env}/iam.tf`]: replace('data "aws_iam_policy_document" "lambda_secrets" {\n', 'data "aws_iam_policy_document" "lambda_secrets" {\n  statement {\n    sid       = "DecryptOwnEnvironment"\n    actions   = ["kms:Decrypt"]\n    resources = [module.kms_lambda.key_arn]\n\n    condition {\n      test     = "StringEquals"\n      variable = "kms:EncryptionContext:LambdaFunctionName"\n      values   = [local.function_name]\n    }\n  }\n\n') });
    failsWith(findings, 'ENC-KMS-004', /\(DecryptOwnEnvironment\) allows only when the encryption context carries "LambdaFunctionName"/, /payment-api\/iam\.tf$/);
  });

  test('audit buckets, old form (zero-trust): the CloudTrail and flow-log buckets keep no record keepers', async () => {
    const env = 'infra/terraform/stacks/zero-trust';
    clean(await verifyWith(env), ['ENC-S3-006', 'ENC-KMS-004', 'ENC-KMS-005']);
    const findings = await verifyWith(env, { [`${env}/main.tf`]: (text) => text.replace(/\n\s*record_keeper_arns\s*= \[aws_iam_role\.break_glass\.arn\]\n/g, '\n') });
    failsWith(findings, 'ENC-S3-006', /module\.app_logs_bucket\.aws_s3_bucket\.this holds audit logs \(CloudTrail aws_cloudtrail\.this delivers to it\) but s3:DeleteObject/, /secure-bucket\/main\.tf$/);
  });
});

