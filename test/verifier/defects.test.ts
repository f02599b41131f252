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
    const result = await verify([env], { cwd: work });
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
