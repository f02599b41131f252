import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyPolicyNoLockout } from '../../../src/verifier/rules/kms/no-lockout.ts';
import { keyRotationEnabled } from '../../../src/verifier/rules/kms/rotation-enabled.ts';
import { keyPolicyServicesScoped } from '../../../src/verifier/rules/kms/service-principals-scoped.ts';
import { auditBucketImmutable } from '../../../src/verifier/rules/s3/audit-immutable.ts';
import { auditBucketRetention } from '../../../src/verifier/rules/s3/audit-retention.ts';
import { bucketCmkEncryption } from '../../../src/verifier/rules/s3/cmk-encryption.ts';
import { bucketPublicAccessBlocked } from '../../../src/verifier/rules/s3/public-access-blocked.ts';
import { bucketTlsOnly } from '../../../src/verifier/rules/s3/tls-only.ts';
import { bucketUploadsEncrypted } from '../../../src/verifier/rules/s3/uploads-encrypted.ts';
import { bucketVersioning } from '../../../src/verifier/rules/s3/versioning-enabled.ts';
import type { Rule, Verdict } from '../../../src/verifier/rules/types.ts';
import { analysisOf, cfnModel, judge, tfModel } from '../helpers.ts';

const HEAD = `
variable "unknown" {}
data "aws_caller_identity" "current" {}
`;

async function expectTf(rule: Rule, hcl: string, verdict: Verdict) {
  const result = judge(rule, await tfModel(HEAD + hcl));
  assert.equal(result.verdict, verdict, result.messages);
}
async function expectCfn(rule: Rule, resources: object, verdict: Verdict) {
  const result = judge(rule, await cfnModel({ Parameters: { Unknown: { Type: 'String' } }, Resources: resources }));
  assert.equal(result.verdict, verdict, result.messages);
}

const key = (extra: string) => `resource "aws_kms_key" "this" {\n description = "data"\n ${extra}\n}`;
const policy = (statements: string) => key(`policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })`);
const ROOT = `{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" }`;

describe('ENC-KMS-001 rotation', () => {
  test('Terraform: rotation on is compliant', () => expectTf(keyRotationEnabled, key('enable_key_rotation = true'), 'compliant'));
  test('Terraform: rotation absent is non-compliant (default off)', () => expectTf(keyRotationEnabled, key(''), 'non-compliant'));
  test('Terraform: rotation from a variable is unknown', () => expectTf(keyRotationEnabled, key('enable_key_rotation = var.unknown'), 'unknown'));
  test('CloudFormation: EnableKeyRotation false is non-compliant', () => expectCfn(keyRotationEnabled, { K: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } }, 'non-compliant'));
});

describe('ENC-KMS-002 service principals scoped', () => {
  test('Terraform: a service statement with aws:SourceAccount is compliant', () => expectTf(keyPolicyServicesScoped, policy(`${ROOT}, { Effect = "Allow", Principal = { Service = "logs.amazonaws.com" }, Action = ["kms:Encrypt*", "kms:Decrypt*"], Resource = "*", Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } }`), 'compliant'));
  test('Terraform: a service statement without conditions is non-compliant', () => expectTf(keyPolicyServicesScoped, policy(`${ROOT}, { Effect = "Allow", Principal = { Service = "logs.amazonaws.com" }, Action = "kms:*", Resource = "*" }`), 'non-compliant'));
  test('Terraform: a policy from a variable is unknown', () => expectTf(keyPolicyServicesScoped, key('policy = var.unknown'), 'unknown'));
  test('CloudFormation: Principal * without condition is non-compliant', () => expectCfn(keyPolicyServicesScoped, {
    K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] } } },
  }, 'non-compliant'));
});

describe('ENC-KMS-003 no lockout', () => {
  test('Terraform: the account root keeps kms:* — compliant', () => expectTf(keyPolicyNoLockout, policy(ROOT), 'compliant'));
  test('Terraform: nobody keeps kms:PutKeyPolicy — non-compliant', () => expectTf(keyPolicyNoLockout, policy(`{ Effect = "Allow", Principal = { Service = "logs.amazonaws.com" }, Action = "kms:Decrypt", Resource = "*" }`), 'non-compliant'));
  test('Terraform: actions from a variable — unknown', () => expectTf(keyPolicyNoLockout, policy(`{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/admin" }, Action = var.unknown, Resource = "*" }`), 'unknown'));
  test('CloudFormation: no KeyPolicy means the default policy — compliant', () => expectCfn(keyPolicyNoLockout, { K: { Type: 'AWS::KMS::Key', Properties: {} } }, 'compliant'));
});

const BUCKET = `
resource "aws_kms_key" "s3" { enable_key_rotation = true }
resource "aws_s3_bucket" "data" { bucket = "payments-data" }
`;
const tlsStatement = `{ Sid = "TLS", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } }`;
const bucketPolicy = (statements: string) => `
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })
}`;

describe('ENC-S3-001 versioning', () => {
  const versioning = (status: string) => `${BUCKET}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration { status = ${status} }
}`;
  test('Terraform: Enabled is compliant', () => expectTf(bucketVersioning, versioning('"Enabled"'), 'compliant'));
  test('Terraform: Suspended is non-compliant', () => expectTf(bucketVersioning, versioning('"Suspended"'), 'non-compliant'));
  test('Terraform: a variable is unknown', () => expectTf(bucketVersioning, versioning('var.unknown'), 'unknown'));
  test('CloudFormation: no VersioningConfiguration is non-compliant', () => expectCfn(bucketVersioning, { B: { Type: 'AWS::S3::Bucket' } }, 'non-compliant'));
});

describe('ENC-S3-002 CMK encryption', () => {
  const sse = (algorithm: string, key: string) => `${BUCKET}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = ${algorithm}
      ${key}
    }
  }
}`;
  test('Terraform: aws:kms with the stack\'s key is compliant', () => expectTf(bucketCmkEncryption, sse('"aws:kms"', 'kms_master_key_id = aws_kms_key.s3.arn'), 'compliant'));
  test('Terraform: AES256 is non-compliant', () => expectTf(bucketCmkEncryption, sse('"AES256"', ''), 'non-compliant'));
  test('Terraform: aws:kms without a key id (aws/s3) is non-compliant', () => expectTf(bucketCmkEncryption, sse('"aws:kms"', ''), 'non-compliant'));
  test('Terraform: a key from a variable is unknown', () => expectTf(bucketCmkEncryption, sse('"aws:kms"', 'kms_master_key_id = var.unknown'), 'unknown'));
  test('CloudFormation: SSE-KMS with a GetAtt key is compliant', () => expectCfn(bucketCmkEncryption, {
    K: { Type: 'AWS::KMS::Key' },
    B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } }] } } },
  }, 'compliant'));
});

describe('ENC-S3-003 public access block', () => {
  const pab = (last: string) => `${BUCKET}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = ${last}
}`;
  test('Terraform: all four on is compliant', () => expectTf(bucketPublicAccessBlocked, pab('true'), 'compliant'));
  test('Terraform: one off is non-compliant', () => expectTf(bucketPublicAccessBlocked, pab('false'), 'non-compliant'));
  test('Terraform: one from a variable is unknown', () => expectTf(bucketPublicAccessBlocked, pab('var.unknown'), 'unknown'));
  test('CloudFormation: no PublicAccessBlockConfiguration is non-compliant', () => expectCfn(bucketPublicAccessBlocked, { B: { Type: 'AWS::S3::Bucket' } }, 'non-compliant'));
});

describe('ENC-S3-004 TLS only', () => {
  test('Terraform: Deny * s3:* when SecureTransport is false is compliant', () => expectTf(bucketTlsOnly, BUCKET + bucketPolicy(tlsStatement), 'compliant'));
  test('Terraform: no policy is non-compliant', () => expectTf(bucketTlsOnly, BUCKET, 'non-compliant'));
  test('Terraform: a minimum TLS version alone does not stop plain HTTP: non-compliant', () => expectTf(bucketTlsOnly, BUCKET + bucketPolicy(`{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "\${aws_s3_bucket.data.arn}/*", Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } } }`), 'non-compliant'));
  test('Terraform: a policy from a variable is unknown', () => expectTf(bucketTlsOnly, `${BUCKET}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = var.unknown
}`, 'unknown'));
  test('CloudFormation: a BucketPolicy with the TLS deny is compliant', () => expectCfn(bucketTlsOnly, {
    B: { Type: 'AWS::S3::Bucket' },
    P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${B.Arn}/*' }], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } } },
  }, 'compliant'));
});

describe('ENC-S3-005 uploads with the wrong encryption denied, default encryption intact', () => {
  // Each form of "deny the wrong encryption", as engineers write it, in both dialects. Only a deny on a header that is
  // present and wrong (Null = false with StringNotEquals) keeps uploads without the header working: AWS log
  // deliveries, default encryption, and UploadPart (authorised as s3:PutObject, with no encryption header).
  const SSE = 's3:x-amz-server-side-encryption';
  const KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
  const FORMS: { name: string; sse: Record<string, Record<string, string>>; key: Record<string, Record<string, string>>; verdict: Verdict; because?: RegExp }[] = [
    { name: 'Null = false with StringNotEquals', sse: { Null: { [SSE]: 'false' }, StringNotEquals: { [SSE]: 'aws:kms' } }, key: { Null: { [KEY]: 'false' }, StringNotEquals: { [KEY]: 'KEY_ARN' } }, verdict: 'compliant' },
    { name: 'a bare StringNotEquals', sse: { StringNotEquals: { [SSE]: 'aws:kms' } }, key: { Null: { [KEY]: 'false' }, StringNotEquals: { [KEY]: 'KEY_ARN' } }, verdict: 'non-compliant', because: /send no encryption header/ },
    { name: 'StringNotEqualsIfExists on the header', sse: { StringNotEqualsIfExists: { [SSE]: 'aws:kms' } }, key: { Null: { [KEY]: 'false' }, StringNotEquals: { [KEY]: 'KEY_ARN' } }, verdict: 'non-compliant', because: /send no encryption header/ },
    { name: 'StringNotEqualsIfExists on the key id', sse: { Null: { [SSE]: 'false' }, StringNotEquals: { [SSE]: 'aws:kms' } }, key: { StringNotEqualsIfExists: { [KEY]: 'KEY_ARN' } }, verdict: 'non-compliant', because: /send no encryption header/ },
    { name: 'Null = true (a missing header denied)', sse: { Null: { [SSE]: 'true' } }, key: { Null: { [KEY]: 'false' }, StringNotEquals: { [KEY]: 'KEY_ARN' } }, verdict: 'non-compliant', because: /send no encryption header/ },
  ];
  const hcl = (conditions: Record<string, Record<string, string>>) => `{ ${Object.entries(conditions).map(([op, body]) => `${op} = { ${Object.entries(body).map(([k, v]) => `"${k}" = ${v === 'KEY_ARN' ? 'aws_kms_key.s3.arn' : `"${v}"`}`).join(', ')} }`).join(', ')} }`;
  const cfn = (conditions: Record<string, Record<string, string>>) => Object.fromEntries(Object.entries(conditions).map(([op, body]) => [op, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === 'KEY_ARN' ? { 'Fn::GetAtt': ['K', 'Arn'] } : v]))]));
  const tfDeny = (condition: string) => `{ Effect = "Deny", Principal = "*", Action = "s3:PutObject", Resource = "\${aws_s3_bucket.data.arn}/*", Condition = ${condition} }`;
  const TF_SSE = `${BUCKET}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}`;
  const cfnBucket = (statements: object[]) => ({
    K: { Type: 'AWS::KMS::Key' },
    B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['K', 'Arn'] } } }] } } },
    P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Version: '2012-10-17', Statement: statements } } },
  });
  const cfnDeny = (condition: object) => ({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${B.Arn}/*' }, Condition: condition });

  for (const form of FORMS) {
    test(`Terraform: ${form.name} is ${form.verdict}`, async () => {
      const result = judge(bucketUploadsEncrypted, await tfModel(HEAD + TF_SSE + bucketPolicy(`${tfDeny(hcl(form.sse))}, ${tfDeny(hcl(form.key))}`)));
      assert.equal(result.verdict, form.verdict, result.messages);
      if (form.because) assert.match(result.messages, form.because);
    });
    test(`CloudFormation: ${form.name} is ${form.verdict}`, async () => {
      const result = judge(bucketUploadsEncrypted, await cfnModel({ Resources: cfnBucket([cfnDeny(cfn(form.sse)), cfnDeny(cfn(form.key))]) }));
      assert.equal(result.verdict, form.verdict, result.messages);
      if (form.because) assert.match(result.messages, form.because);
    });
  }

  test('Terraform (aws_iam_policy_document): Null = false with StringNotEquals is compliant, IfExists is not', async () => {
    const document = (conditions: string) => `${TF_SSE}
data "aws_iam_policy_document" "data" {
  statement {
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
${conditions}
  }
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data.json
}`;
    const condition = (test: string, value: string) => `    condition {\n      test     = "${test}"\n      variable = "${SSE}"\n      values   = ["${value}"]\n    }`;
    const good = judge(bucketUploadsEncrypted, await tfModel(HEAD + document(`${condition('Null', 'false')}\n${condition('StringNotEquals', 'aws:kms')}`)));
    assert.equal(good.verdict, 'compliant', good.messages);
    const bad = judge(bucketUploadsEncrypted, await tfModel(HEAD + document(condition('StringNotEqualsIfExists', 'aws:kms'))));
    assert.equal(bad.verdict, 'non-compliant', bad.messages);
  });

  test('Terraform: a header deny kept from AWS services only (BoolIfExists aws:PrincipalIsAWSService) still breaks uploads and multipart parts', async () => {
    const result = judge(bucketUploadsEncrypted, await tfModel(HEAD + TF_SSE + bucketPolicy(`${tfDeny(hcl(FORMS[0]!.sse))}, ${tfDeny('{ Null = { "s3:x-amz-server-side-encryption" = "true" }, BoolIfExists = { "aws:PrincipalIsAWSService" = "false" } }')}`)));
    assert.equal(result.verdict, 'non-compliant', result.messages);
    assert.match(result.messages, /someone the stack does not name/);
  });

  test('Terraform: no deny of the wrong encryption at all is non-compliant', () => expectTf(bucketUploadsEncrypted, BUCKET + bucketPolicy(tlsStatement), 'non-compliant'));
  test('CloudFormation: a deny pinned to a VPC endpoint (AWS services exempt) beside the right header denies is compliant', async () => {
    const pin = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${B.Arn}/*' }], Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } };
    const result = judge(bucketUploadsEncrypted, await cfnModel({ Resources: cfnBucket([pin, cfnDeny(cfn(FORMS[0]!.sse)), cfnDeny(cfn(FORMS[0]!.key))]) }));
    assert.equal(result.verdict, 'compliant', result.messages);
  });
  test('Terraform: actions from a variable are unknown', () => expectTf(bucketUploadsEncrypted, BUCKET + bucketPolicy(`{ Effect = "Deny", Principal = "*", Action = var.unknown, Resource = "*" }`), 'unknown'));
  test('CloudFormation: a policy from a parameter is unknown', () => expectCfn(bucketUploadsEncrypted, { B: { Type: 'AWS::S3::Bucket' }, P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Ref: 'Unknown' } } } }, 'unknown'));
});

const AUDIT = `
resource "aws_s3_bucket" "audit" { bucket = "payments-audit-logs" }
resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  versioning_configuration { status = "Enabled" }
}`;

describe('ENC-S3-006 audit buckets versioned, and no one but break-glass can delete a record', () => {
  const policyOn = (statements: string) => `${AUDIT}
resource "aws_iam_role" "break_glass" {
  name               = "break-glass"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }] })
  tags               = { "enclave:duty" = "break-glass" }
}
resource "aws_s3_bucket_policy" "audit" {
  bucket = aws_s3_bucket.audit.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })
}`;
  const deny = (actions: string, condition = '') => `{ Effect = "Deny", Principal = "*", Action = ${actions}, Resource = [aws_s3_bucket.audit.arn, "\${aws_s3_bucket.audit.arn}/*"]${condition ? `, Condition = ${condition}` : ''} }`;
  const all = '["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration"]';
  const butBreakGlass = '{ ArnNotLike = { "aws:PrincipalArn" = [aws_iam_role.break_glass.arn] } }';
  test('Terraform: deletes, version deletes and lifecycle rewrites denied to all but break-glass is compliant', () => expectTf(auditBucketImmutable, policyOn(deny(all, butBreakGlass)), 'compliant'));
  test('Terraform: the TLS-only Deny s3:* protects nothing: a delete over TLS meets no Deny', async () => {
    const model = await tfModel(HEAD + policyOn(deny('"s3:*"', '{ Bool = { "aws:SecureTransport" = "false" } }')));
    const r = auditBucketImmutable.evaluate(model, analysisOf(model));
    assert.equal(r.verdict, 'non-compliant');
    assert.match(r.checks[0]!.message, /s3:DeleteObject by someone the stack does not name meets no Deny that holds/);
    assert.ok(r.checks[0]!.location!.line > 1);
  });
  test('Terraform: lifecycle rewrites left open are non-compliant (a shorter rule expires the records)', () => expectTf(auditBucketImmutable, policyOn(deny('["s3:DeleteObject", "s3:DeleteObjectVersion"]', butBreakGlass)), 'non-compliant'));
  test('Terraform: exempting a role that is not break-glass is non-compliant', () => expectTf(auditBucketImmutable, `${policyOn(deny(all, '{ ArnNotLike = { "aws:PrincipalArn" = [aws_iam_role.ops.arn] } }'))}
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = aws_iam_role.break_glass.assume_role_policy
  tags               = { "enclave:duty" = "administrator" }
}`, 'non-compliant'));
  test('Terraform: actions from a variable are unknown', () => expectTf(auditBucketImmutable, policyOn(deny('var.unknown')), 'unknown'));
  test('CloudFormation: a CloudTrail bucket with Object Lock compliance mode for a year is compliant; for a month it is not', async () => {
    const logs = (days: number) => ({
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Logs' }, IsLogging: true } },
      Logs: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: days } } } } },
    });
    await expectCfn(auditBucketImmutable, logs(365), 'compliant');
    await expectCfn(auditBucketImmutable, logs(30), 'non-compliant');
  });
  test('CloudFormation: GOVERNANCE mode holds only when bypassing it is denied to all but break-glass', async () => {
    const logs = (policy?: unknown) => ({
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Logs' }, IsLogging: true } },
      Logs: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 1 } } } } },
      BreakGlass: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] }, Tags: [{ Key: 'enclave:duty', Value: 'break-glass' }] } },
      ...(policy ? { LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Version: '2012-10-17', Statement: [policy] } } } } : {}),
    });
    await expectCfn(auditBucketImmutable, logs({ Effect: 'Deny', Principal: '*', Action: 's3:BypassGovernanceRetention', Resource: { 'Fn::Sub': '${Logs.Arn}/*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['BreakGlass', 'Arn'] } } } }), 'compliant');
    await expectCfn(auditBucketImmutable, logs({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Logs.Arn}/*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), 'non-compliant');
  });
});

describe('ENC-S3-007 audit retention', () => {
  const lifecycle = (days: string, transition: string) => `${AUDIT}
resource "aws_s3_bucket_lifecycle_configuration" "audit" {
  bucket = aws_s3_bucket.audit.id
  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = ${transition}
      storage_class = "GLACIER"
    }
    expiration { days = ${days} }
  }
}`;
  test('Terraform: archive at 90, expire at 400 is compliant', () => expectTf(auditBucketRetention, lifecycle('400', '90'), 'compliant'));
  test('Terraform: expire at 30 is non-compliant', () => expectTf(auditBucketRetention, lifecycle('30', '90'), 'non-compliant'));
  test('Terraform: archive at 30 is non-compliant', () => expectTf(auditBucketRetention, lifecycle('400', '30'), 'non-compliant'));
  test('Terraform: expiry from a variable is unknown', () => expectTf(auditBucketRetention, lifecycle('var.unknown', '90'), 'unknown'));
});
