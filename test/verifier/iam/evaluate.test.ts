import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCloudFormation } from '../../../src/verifier/load/cloudformation/index.ts';
import { buildModel } from '../../../src/verifier/model/build.ts';
import { evaluateRequest } from '../../../src/verifier/analysis/iam/evaluate.ts';
import { contextOf, evaluateClause } from '../../../src/verifier/analysis/iam/conditions.ts';
import { iamView } from '../../../src/verifier/analysis/iam/view.ts';
import { globSym, sym } from '../../../src/verifier/model/iam/symbolic.ts';
import { decodeJson } from '../../../src/verifier/load/terraform/values.ts';
import { actionInfo, expandAction, isMutating } from '../../../src/verifier/analysis/iam/catalogue.ts';

const fixture = fileURLToPath(new URL('./fixtures/separation.json', import.meta.url));

test('symbolic glob: identity tokens match themselves, differ from other resources, and leave literals undecided', () => {
  const raw = { tok: 'name:raw', identity: true };
  const audit = { tok: 'name:audit', identity: true };
  assert.equal(globSym(sym('arn:aws:s3:::', raw, '/*'), sym('arn:aws:s3:::', raw, '/a.csv')), 'yes');
  assert.equal(globSym(sym('arn:aws:s3:::', audit, '/*'), sym('arn:aws:s3:::', raw, '/a.csv')), 'no');
  assert.equal(globSym(['arn:aws:s3:::payments-raw/*'], sym('arn:aws:s3:::', raw, '/a.csv')), 'maybe');
  assert.equal(globSym(['arn:aws:s3:::*'], sym('arn:aws:s3:::', raw)), 'yes');
  assert.equal(globSym(['arn:aws:s3:::a?c'], ['arn:aws:s3:::abc']), 'yes');
  assert.equal(globSym(['arn:aws:s3:::a?c'], ['arn:aws:s3:::abbc']), 'no');
});

test('symbolic glob over literal strings agrees with a regular expression, asked once or many times, in either case', () => {
  // A reference written independently of the glob: `*` is `.*`, `?` is `.`, everything else itself.
  const reference = (pattern: string, subject: string, ignoreCase: boolean) =>
    new RegExp(
      `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
      ignoreCase ? 'is' : 's',
    ).test(subject);
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[next(alphabet.length)]).join('');
  let yes = 0;
  for (let i = 0; i < 3000; i++) {
    const pattern = [pick('aAb:*?/', 1 + next(8))];
    const subject = [pick('aAb:/', next(9))];
    const ignoreCase = next(2) === 1;
    const want = reference(pattern[0]!, subject[0]!, ignoreCase) ? 'yes' : 'no';
    if (want === 'yes') yes++;
    // Asked twice, and with the other options in between: a kept answer is the answer for those options only.
    assert.equal(
      globSym(pattern, subject, { ignoreCase }),
      want,
      `${pattern[0]} ~ ${subject[0]} (ignoreCase ${ignoreCase})`,
    );
    globSym(pattern, subject, { ignoreCase: !ignoreCase, wildcards: false });
    assert.equal(globSym(pattern, subject, { ignoreCase }), want);
    assert.equal(
      globSym(pattern, subject, { wildcards: false, ignoreCase }),
      (ignoreCase ? pattern[0]!.toLowerCase() === subject[0]!.toLowerCase() : pattern[0] === subject[0]) ? 'yes' : 'no',
    );
  }
  assert.ok(yes > 200, `the random cases include matches (${yes})`);
});

test('symbolic glob: matching ends are compared around a token, and a mismatch at either end is decided', () => {
  const account = { tok: 'ACCOUNT', chars: '0123456789' };
  const key = { tok: 'keyid:k', identity: true };
  const arn = sym('arn:aws:kms:us-east-1:', account, ':key/', key);
  assert.equal(globSym(sym('arn:aws:kms:us-east-1:', account, ':key/', key), arn), 'yes');
  assert.equal(globSym(sym('arn:aws:kms:eu-west-1:', account, ':key/', key), arn), 'no');
  assert.equal(globSym(['arn:aws:kms:us-east-1:*:key/*'], arn), 'yes');
  assert.equal(globSym(['arn:aws:kms:us-east-1:123456789012:key/*'], arn), 'maybe');
  assert.equal(globSym(['arn:aws:kms:us-east-1:x23456789012:key/*'], arn), 'no');
  assert.equal(globSym(['arn:aws:s3:::*'], arn), 'no');
  // A token's neighbours still decide: whatever the account id, a role's ARN never equals another account's root
  // ARN, nor a function ARN ending in another name (both were undecided before the ends were compared).
  const role = sym('arn:aws:iam::', account, ':role/my-dev');
  assert.equal(globSym(['arn:aws:iam::307990089504:root'], role, { wildcards: false }), 'no');
  assert.equal(globSym(['arn:aws:iam::307990089504:role/my-dev'], role, { wildcards: false }), 'maybe');
  // An opaque key id could itself hold ':alias/': undecided, not guessed.
  assert.equal(globSym(['arn:aws:kms:us-east-1:*:alias/*'], arn), 'maybe');
  assert.equal(globSym(sym('arn:aws:kms:us-east-1:', account, ':key/', key, '-x'), arn), 'no');
});

test('jsonencode output with unknown ARNs parses back into a policy with the unknowns in place', () => {
  const arn = { kind: 'unknown' as const, address: 'aws_s3_bucket.raw', attribute: 'arn' };
  const doc = decodeJson({
    kind: 'template',
    parts: ['{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"', arn, '/*"}]}'],
  });
  assert.deepEqual(doc, {
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { kind: 'template', parts: [arn, '/*'] } }],
  });
  const bare = decodeJson({ kind: 'template', parts: ['{"Resource":', arn, '}'] });
  assert.deepEqual(bare, { Resource: arn });
});

test('conditions: missing keys follow IAM rules, undecided keys are maybe', () => {
  const tls = { operator: 'Bool', key: 'aws:SecureTransport', values: [['false']] };
  assert.equal(evaluateClause(tls, contextOf({ 'aws:SecureTransport': 'true' })), 'no');
  assert.equal(evaluateClause(tls, contextOf({ 'aws:SecureTransport': 'false' })), 'yes');
  assert.equal(evaluateClause(tls, new Map()), 'maybe');
  const sse = { operator: 'StringNotEquals', key: 's3:x-amz-server-side-encryption', values: [['aws:kms']] };
  assert.equal(evaluateClause(sse, contextOf({ 's3:x-amz-server-side-encryption': null })), 'yes');
  assert.equal(
    evaluateClause(
      { ...sse, operator: 'StringNotEqualsIfExists' },
      contextOf({ 's3:x-amz-server-side-encryption': null }),
    ),
    'yes',
  );
  assert.equal(
    evaluateClause(
      { ...sse, operator: 'StringEqualsIfExists' },
      contextOf({ 's3:x-amz-server-side-encryption': null }),
    ),
    'yes',
  );
  assert.equal(
    evaluateClause({ ...sse, operator: 'StringEquals' }, contextOf({ 's3:x-amz-server-side-encryption': null })),
    'no',
  );
  assert.equal(
    evaluateClause(
      { operator: 'Null', key: 's3:x-amz-server-side-encryption', values: [['true']] },
      contextOf({ 's3:x-amz-server-side-encryption': null }),
    ),
    'yes',
  );
  assert.equal(
    evaluateClause(
      { operator: 'StringLike', key: 'kms:ViaService', values: [['s3.*.amazonaws.com']] },
      contextOf({ 'kms:ViaService': 's3.us-east-1.amazonaws.com' }),
    ),
    'yes',
  );
  assert.equal(
    evaluateClause(
      { operator: 'IpAddress', key: 'aws:SourceIp', values: [['10.0.0.0/8']] },
      contextOf({ 'aws:SourceIp': '10.1.1.1' }),
    ),
    'maybe',
  );
});

test('catalogue: access levels and wildcard expansion come from iam-data', () => {
  assert.equal(actionInfo('s3:getobject')?.action, 's3:GetObject');
  assert.equal(isMutating('s3:PutObject'), true);
  assert.equal(isMutating('s3:GetObject'), false);
  assert.ok(expandAction('s3:Get*').every((a) => a.action.startsWith('s3:Get')));
  assert.ok(expandAction('s3:Get*').length > 20);
});

test('evaluator through the CloudFormation loader: identity, bucket and key policies together', async () => {
  const stack = await loadCloudFormation(fixture);
  assert.deepEqual(stack.diagnostics, []);
  const m = iamView(buildModel(stack).model);
  const raw = m.resourceByAddress.get('RawBucket')!;
  const key = m.resourceByAddress.get('DataKey')!;
  assert.equal(raw.kmsKey, 'DataKey');
  const tls = contextOf({ 'aws:SecureTransport': 'true' });
  const ev = (principal: string, action: string, resource: ReturnType<typeof sym>, context = tls) =>
    evaluateRequest(m, { principal: m.principalById.get(principal)!, action, resource, context });
  const object = sym(raw.arn, '/in/batch.csv');
  assert.equal(ev('ProcessorRole', 's3:GetObject', object).decision, 'allowed');
  assert.equal(ev('ProcessorRole', 's3:PutObject', object).decision, 'denied');
  // The key policy delegates to IAM (root principal), and the role's own policy allows Decrypt.
  assert.equal(ev('ProcessorRole', 'kms:Decrypt', key.arn).decision, 'allowed');
  // Over plain HTTP the bucket policy's explicit deny wins.
  const insecure = ev('ProcessorRole', 's3:GetObject', object, contextOf({ 'aws:SecureTransport': 'false' }));
  assert.equal(insecure.decision, 'denied');
  assert.equal(insecure.explicitDeny, true);
  // Undecided transport: conditional, never allowed.
  assert.equal(ev('ProcessorRole', 's3:GetObject', object, new Map()).decision, 'conditional');
  // The auditor reads configuration but its explicit deny keeps it out of raw card data.
  const auditorRead = ev('AuditorRole', 's3:GetObject', object);
  assert.equal(auditorRead.decision, 'denied');
  assert.equal(auditorRead.explicitDeny, true);
  assert.ok(auditorRead.evidence.some((e) => e.effect === 'Deny' && e.location.line > 0));
  assert.equal(ev('AuditorRole', 's3:ListBucket', raw.arn).decision, 'allowed');
  assert.equal(ev('AuditorRole', 'kms:Decrypt', key.arn).decision, 'denied');
  // The S3 service principal may use the key only under aws:SourceAccount, which the context does not decide.
  assert.equal(ev('service:s3.amazonaws.com', 'kms:Decrypt', key.arn).decision, 'conditional');
});
