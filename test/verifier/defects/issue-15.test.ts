// The defects the issue-15 audit found, in their old form: each environment is copied, the fix is undone by a text
// edit, and `enclave verify` must fail it on the rule of the defect's class, with a counterexample and a file:line.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadPath, verifyStack } from '../../../src/verifier/verify.ts';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'enclave-defects-'));
  await cp(join(ROOT, 'infra'), join(work, 'infra'), { recursive: true });
  for (const dir of ['dist', 'src']) await symlink(join(ROOT, dir), join(work, dir)).catch(() => undefined);
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Edit { file: string; from: string | RegExp; to: string }

/** Verifies `env` with the edits applied (then undone), returning the failing checks of `rule`. */
async function oldForm(env: string, edits: Edit[], rule: string): Promise<{ verdict: string; message: string; file: string; line: number }[]> {
  const originals = new Map<string, string>();
  try {
    for (const e of edits) {
      const path = join(work, e.file);
      const text = originals.get(path) ?? (await readFile(path, 'utf8'));
      originals.set(path, text);
      const current = await readFile(path, 'utf8');
      const changed = current.replace(e.from, e.to);
      assert.notEqual(changed, current, `the fix to undo is not in ${e.file}: ${String(e.from).slice(0, 80)}`);
      await writeFile(path, changed);
    }
    const stack = await loadPath(env, { cwd: work });
    const v = await verifyStack(env, stack, { cwd: work, load: { cwd: work } });
    const outcome = v.run!.outcomes.find((o) => o.id === rule)!;
    return outcome.checks.filter((c) => c.verdict !== 'compliant' && !c.suppressedBy).map((c) => ({ verdict: c.verdict, message: c.message, file: c.location?.file ?? '', line: c.location?.line ?? 0 }));
  } finally {
    for (const [path, text] of originals) await writeFile(path, text);
  }
}

function expectCounterexample(failing: Awaited<ReturnType<typeof oldForm>>, message: RegExp, file: RegExp) {
  const hit = failing.find((f) => message.test(f.message));
  assert.ok(hit, `no failing check matches ${message}:\n${failing.map((f) => `${f.verdict} ${f.file}:${f.line} ${f.message}`).join('\n')}`);
  assert.equal(hit.verdict, 'non-compliant', hit.message);
  assert.match(hit.file, file);
  assert.ok(hit.line > 0, 'the counterexample has a line');
}

const PF = 'infra/cloudformation/payment-files.json';

describe('issue 15, payment-files: the old forms fail enclave verify', () => {
  test('defect 2: the processor may not list the files bucket (HeadObject of a missing output is 403): ENC-IAM-010', async () => {
    const failing = await oldForm(PF, [{ file: PF, from: /,\s*\{\s*"Sid": "ListFilesBucketSoMissingOutputsAre404"[\s\S]*?\}\s*\}/, to: '' }], 'ENC-IAM-010');
    expectCounterexample(failing, /is denied s3:ListBucket on arn:aws:s3:::payment-processing-files-dev-\$\{ACCOUNT\}/, /payment-files\.json$/);
  });
  test('defect 2: the S3 endpoint does not let ListBucket through: ENC-IAM-010', async () => {
    const failing = await oldForm(PF, [{ file: PF, from: /"s3:AbortMultipartUpload",\s*"s3:ListBucket"/, to: '"s3:AbortMultipartUpload"' }], 'ENC-IAM-010');
    expectCounterexample(failing, /s3:ListBucket.*the policy of VPC endpoint S3GatewayEndpoint does not allow it/, /payment-files\.json$/);
  });
  test('defect 3: nobody can decrypt the CloudTrail, digest and flow-log objects: ENC-DLV-006', async () => {
    const failing = await oldForm(PF, [{ file: PF, from: /,\s*\{\s*"Sid": "AccountPrincipalsReadTheAuditTrailThroughS3"[\s\S]*?\]\s*\}\s*\}\s*\}/, to: '' }], 'ENC-DLV-006');
    for (const what of ["Trail's log files", "Trail's digest files", "VpcFlowLog's files"]) expectCounterexample(failing, new RegExp(`nobody can read ${what}`), /payment-files\.json$/);
  });
  test('defect 7: CloudTrail into the SSE-KMS bucket with a Bucket Key lacks kms:Decrypt: ENC-DLV-002', async () => {
    const failing = await oldForm(PF, [{ file: PF, from: /\{\s*"Sid": "CloudTrailDecryptsWithTheBucketKey"[\s\S]*?\}\s*\}\s*\},/, to: '' }], 'ENC-DLV-002');
    expectCounterexample(failing, /kms:Decrypt on EncryptionKey by cloudtrail\.amazonaws\.com.*denied.*S3 Bucket Key/, /payment-files\.json$/);
  });
  test('defect 12: the log-archive role name reaches 65 characters with a 20-character suffix: ENC-NAME-001', async () => {
    const failing = await oldForm(PF, [{ file: PF, from: /payment-processing-log-archive-role-\$\{EnvironmentSuffix\}/g, to: 'payment-processing-log-archive-delivery-role-${EnvironmentSuffix}' }], 'ENC-NAME-001');
    expectCounterexample(failing, /LogArchiveDeliveryRole's IAM role name is 65 characters, over the 64/, /payment-files\.json$/);
  });
});

const PA = 'infra/terraform/stacks/payment-api';
const ZT = 'infra/terraform/stacks/zero-trust';
const IP = 'infra/terraform/stacks/isolated-processing';

describe('issue 15, Terraform environments: the old forms fail enclave verify', () => {
  test('defect 1, payment-api: the policy allows AWSLogs/<account>/* while flow logs write Hive-compatible prefixes: ENC-DLV-001', async () => {
    const failing = await oldForm(PA, [{ file: `${PA}/main.tf`, from: 'vpc-flow-logs/AWSLogs/aws-account-id=${local.account_id}/*', to: 'vpc-flow-logs/AWSLogs/${local.account_id}/*' }], 'ENC-DLV-001');
    expectCounterexample(failing, /AWSLogs\/aws-account-id=\$\{ACCOUNT\}\/aws-service=vpcflowlogs\/aws-region=.*? is denied .*LogDeliveryWrite/, /secure-bucket\/main\.tf$/);
  });
  test('defect 1, payment-api: no ordering between the flow log and the bucket policy; no aws:SourceArn: ENC-DLV-001', async () => {
    const unordered = await oldForm(PA, [{ file: `${PA}/main.tf`, from: /\n\n  # The bucket policy must allow delivery[^\n]*\n[^\n]*\n  depends_on = \[module\.flow_logs_bucket\]/, to: '' }], 'ENC-DLV-001');
    expectCounterexample(unordered, /module\.flow_logs_s3\.aws_flow_log\.s3\[0\] is not ordered after module\.flow_logs_bucket\.aws_s3_bucket_policy\.this/, /flow-logs\/main\.tf$/);
    const anySource = await oldForm(PA, [{ file: `${PA}/main.tf`, from: /\n    condition \{\n      test     = "ArnLike"\n      variable = "aws:SourceArn"\n[\s\S]*?\n    \}\n/g, to: '\n' }], 'ENC-DLV-001');
    expectCounterexample(anySource, /without an aws:SourceArn condition/, /secure-bucket\/main\.tf$/);
  });
  test('defect 1, zero-trust: the same delivery path: ENC-DLV-001', async () => {
    const failing = await oldForm(ZT, [{ file: `${ZT}/main.tf`, from: 'vpc-flow-logs/AWSLogs/aws-account-id=${local.account_id}/*', to: 'vpc-flow-logs/AWSLogs/${local.account_id}/*' }], 'ENC-DLV-001');
    expectCounterexample(failing, /module\.flow_logs\.aws_flow_log\.s3\[0\]'s files under Hive-compatible prefixes.*is denied/, /secure-bucket\/main\.tf$/);
  });
  test('defect 2, isolated-processing: the processor may not list the processed bucket: ENC-IAM-010', async () => {
    const failing = await oldForm(IP, [{ file: `${IP}/iam.tf`, from: /\n  # HeadObject of an output the crashed attempt never completed[\s\S]*?sid\s*= "ListProcessedBucketSoMissingOutputsAre404"[\s\S]*?\n  \}\n/, to: '\n' }], 'ENC-IAM-010');
    expectCounterexample(failing, /is denied s3:ListBucket on arn:aws:s3:::s3-processed-data-dev-\$\{ACCOUNT\}/, /\.tf$/);
  });
  test('defect 5, zero-trust: the auth-failure filter on the application log group nothing writes: ENC-LOGS-003', async () => {
    const failing = await oldForm(ZT, [{ file: `${ZT}/main.tf`, from: 'log_group_name = aws_cloudwatch_log_group.cloudtrail.name', to: 'log_group_name = aws_cloudwatch_log_group.application.name' }], 'ENC-LOGS-003');
    expectCounterexample(failing, /watches aws_cloudwatch_log_group\.application \(\/aws\/application\/app-logs-dev\), which nothing in the stack writes/, /zero-trust\/main\.tf$/);
  });
  test('defect 5, zero-trust: the security-group pattern without ModifySecurityGroupRules, CreateSecurityGroup, DeleteSecurityGroup: ENC-EVT-002', async () => {
    const failing = await oldForm(ZT, [{ file: `${ZT}/main.tf`, from: /\n\s*"ModifySecurityGroupRules",\n\s*"CreateSecurityGroup",\n\s*"DeleteSecurityGroup",/, to: '' }], 'ENC-EVT-002');
    expectCounterexample(failing, /misses ModifySecurityGroupRules, CreateSecurityGroup, DeleteSecurityGroup/, /zero-trust\/main\.tf$/);
  });
  test('defect 7, zero-trust: CloudTrail into the Bucket-Key bucket without kms:Decrypt: ENC-DLV-002', async () => {
    const failing = await oldForm(ZT, [{ file: `${ZT}/main.tf`, from: /\n    \{\n      # The app-logs bucket uses an S3 Bucket Key[\s\S]*?\n    \},/, to: '' }], 'ENC-DLV-002');
    expectCounterexample(failing, /kms:Decrypt on module\.s3_key\.aws_kms_key\.this by cloudtrail\.amazonaws\.com.*is denied/, /kms-key\/main\.tf$/);
  });
  test('defect 12 (names AWS refuses), payment-api: security groups named sg-… as before the rename: ENC-NAME-001', async () => {
    const failing = await oldForm(PA, [{ file: `${PA}/database.tf`, from: '"secgroup-rds-payment-api-${local.suffix}"', to: '"sg-rds-payment-api-${local.suffix}"' }], 'ENC-NAME-001');
    expectCounterexample(failing, /aws_security_group\.database's security group name "sg-rds-payment-api-dev" has the prefix sg-/, /payment-api\/database\.tf$/);
  });
});
