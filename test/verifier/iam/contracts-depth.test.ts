// Issue 16 items 5 and 6: each function call judged on the request its code really sends — the path (direct, or by
// the service named in viaService), the encryption context (the token key's, S3's bucket ARN under a Bucket Key),
// the object-key prefixes it writes — and stores classified by the contract of the function that uses them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proveFunction, type LoadedContract } from '../../../src/verifier/analysis/contracts/index.ts';
import { defineContract } from '../../../src/core/contract.ts';
import { classificationDeclared } from '../../../src/verifier/rules/data/classification-declared.ts';
import { contextKeysSent } from '../../../src/verifier/rules/kms/context-keys-sent.ts';
import { functionContract } from '../../../src/verifier/rules/iam/function-contract.ts';
import { functionLeastPrivilege } from '../../../src/verifier/rules/iam/function-least-privilege.ts';
import { accountRoot, analysisOf, cfnModel, doc, evaluate, lambdaTrust, role, tfModel } from './helpers.ts';

const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (id: string, prefix = '') => ({ 'Fn::Sub': `\${${id}.Arn}/${prefix}*` });
const table = (name: string) => ({ Type: 'AWS::DynamoDB::Table', Properties: { TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }] } });
const bucket = (name: string, bucketKey: unknown = true) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name, BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn('S3Key') }, BucketKeyEnabled: bucketKey }] } } });
const admin = { Effect: 'Allow', Principal: accountRoot, Action: ['kms:Describe*', 'kms:EnableKeyRotation'], Resource: '*' };
const key = (...statements: unknown[]) => ({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, KeyPolicy: doc(admin, ...statements) } });
const viaS3 = { 'kms:ViaService': { 'Fn::Sub': 's3.${AWS::Region}.amazonaws.com' } };
const tokenContext = { 'kms:EncryptionContext:purpose': 'enclave-token-key' };
// The role by name: the keys name it, the buckets name the keys, the role's policy names the buckets (no cycle).
const PROCESSOR = { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/processor' } };
const grants = (processed: unknown = [objects('Processed', 'processed/'), objects('Processed', 'quarantine/')]) => [
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objects('Raw') },
  { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], Resource: processed },
  // HeadObject of a missing output answers 404 only to a caller that may list the bucket.
  { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: arn('Processed') },
  { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: arn('Metadata') },
  { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: arn('Audit') },
];

function environment(options: { s3Key?: unknown; tokenKey?: unknown; rawBucketKey?: unknown; processed?: unknown } = {}) {
  return {
    Raw: bucket('payment-processing-files', options.rawBucketKey ?? true), Processed: bucket('payments-processed-data'), Metadata: table('metadata'), Audit: table('audit-records'),
    S3Key: options.s3Key ?? key({ Effect: 'Allow', Principal: PROCESSOR, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: viaS3 } }),
    TokenKey: options.tokenKey ?? key({ Effect: 'Allow', Principal: PROCESSOR, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: tokenContext } }),
    ProcessorRole: role(lambdaTrust, [], { RoleName: 'processor' }),
    ProcessorPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'data', Roles: [{ Ref: 'ProcessorRole' }], PolicyDocument: doc(...grants(options.processed)) } },
    Processor: {
      Type: 'AWS::Lambda::Function',
      Metadata: { enclave: { bundle: 'processor' } },
      Properties: {
        Runtime: 'nodejs22.x', Handler: 'index.handler', Role: arn('ProcessorRole'), Code: { ZipFile: 'placeholder' },
        Environment: { Variables: { RAW_BUCKET: { Ref: 'Raw' }, PROCESSED_BUCKET: { Ref: 'Processed' }, METADATA_TABLE: { Ref: 'Metadata' }, AUDIT_TABLE: { Ref: 'Audit' }, S3_KMS_KEY_ARN: arn('S3Key'), TOKEN_KMS_KEY_ARN: arn('TokenKey') } },
      },
    },
  };
}

const bad = (r: { checks: { verdict: string; message: string }[] }) => r.checks.filter((c) => c.verdict !== 'compliant').map((c) => `${c.verdict}: ${c.message}`);

test('contracts: the processor\'s calls proved on the paths its code takes', async () => {
  const r = evaluate(functionContract, await cfnModel(environment()));
  assert.deepEqual(bad(r), []);
  const calls = r.checks.map((c) => c.message);
  assert.ok(calls.some((m) => /kms:GenerateDataKey on .*TokenKey.* with kms:encryptioncontext:purpose enclave-token-key; kms:encryptioncontext:version 1/.test(m)));
  assert.ok(calls.some((m) => /kms:Decrypt on .*S3Key.* through s3 with kms:encryptioncontext:aws:s3:arn arn:aws:s3:::payment-processing-files;/.test(m)));
});

test('contracts (item 5): viaService is read — a key usable only through S3 does not satisfy the direct token-key call', async () => {
  const onlyViaS3 = key({ Effect: 'Allow', Principal: PROCESSOR, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: viaS3 } });
  const r = evaluate(functionContract, await cfnModel(environment({ tokenKey: onlyViaS3 })));
  assert.equal(r.verdict, 'non-compliant');
  assert.ok(bad(r).some((m) => /is denied kms:Decrypt on .*TokenKey.*decrypt the token data key once per cold start.*AccessDenied/.test(m)), bad(r).join('\n'));
});

test('contracts (item 5): the encryption context is the code\'s, not whatever the key policy asks for', async () => {
  const otherPurpose = key({ Effect: 'Allow', Principal: PROCESSOR, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'report-signing' } } });
  const r = evaluate(functionContract, await cfnModel(environment({ tokenKey: otherPurpose })));
  assert.ok(bad(r).some((m) => /is denied kms:GenerateDataKey on .*TokenKey.*purpose enclave-token-key/.test(m)), bad(r).join('\n'));
});

test('contracts (item 5): with an S3 Bucket Key S3 sends the bucket\'s ARN, so a key policy scoped to object ARNs denies it', async () => {
  const named = (bucketName: string) => ({ 'Fn::Sub': `arn:aws:s3:::${bucketName}/*` });
  const objectsOnly = key({ Effect: 'Allow', Principal: PROCESSOR, Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: viaS3, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [named('payment-processing-files'), named('payments-processed-data')] } } });
  const withBucketKey = evaluate(functionContract, await cfnModel(environment({ s3Key: objectsOnly })));
  assert.ok(bad(withBucketKey).some((m) => /is denied kms:Decrypt on .*S3Key.* through s3 with kms:encryptioncontext:aws:s3:arn arn:aws:s3:::payment-processing-files;.*read SSE-KMS source objects/.test(m)), bad(withBucketKey).join('\n'));
  const withoutBucketKey = evaluate(functionContract, await cfnModel({ ...environment({ s3Key: objectsOnly, rawBucketKey: false }), Processed: bucket('payments-processed-data', false) }));
  assert.deepEqual(bad(withoutBucketKey), []);
});

test('contracts (item 6): every prefix the code writes under must be allowed, and a grant on every key is excess', async () => {
  const processedOnly = evaluate(functionContract, await cfnModel(environment({ processed: objects('Processed', 'processed/') })));
  assert.ok(bad(processedOnly).some((m) => /is denied s3:PutObject on arn:aws:s3:::payments-processed-data\/quarantine\/enclave-probe/.test(m)), bad(processedOnly).join('\n'));
  const everyKey = await cfnModel(environment({ processed: objects('Processed') }));
  assert.deepEqual(bad(evaluate(functionContract, everyKey)), []);
  const excess = evaluate(functionLeastPrivilege, everyKey);
  assert.ok(bad(excess).some((m) => /holds s3:PutObject on every key of Processed, where its contract \(processor\) writes only processed\/, quarantine\//.test(m)), bad(excess).join('\n'));
});

test('contracts (item 5): a KMS call with no variable naming its key is satisfied by no key (unknown)', async () => {
  const model = await cfnModel(environment());
  const fn = model.functions[0]!;
  const contract = defineContract({ function: 'processor', environment: [], calls: [{ action: 'kms:Decrypt', resource: { kind: 'kms-key' }, why: 'somewhere' }] });
  const analysis = analysisOf(model);
  const proof = proveFunction(model, analysis.iam, analysis.network, fn, new Map<string, LoadedContract>([['processor', { contract, source: 'test' }]]));
  const finding = proof.findings.find((f) => f.kind === 'call')!;
  assert.equal(finding.verdict, 'unknown');
  assert.match(finding.message, /names no variable for the kms-key it acts on/);
});

test('contracts (item 5) in Terraform: a token key whose policy asks for another encryption context denies the processor; a key from a variable is unknown', async () => {
  const model = (tokenCondition: string, tokenKeyArn = 'aws_kms_key.token.arn') => tfModel({ 'main.tf': `
data "aws_caller_identity" "current" {}
variable "token_key_arn" { type = string }
resource "aws_iam_role" "processor" {
  name               = "processor"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  inline_policy {
    name   = "token"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "*" }] })
  }
}
resource "aws_kms_key" "token" {
  enable_key_rotation = true
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.processor.arn }, Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = "*", Condition = ${tokenCondition} }] })
}
resource "aws_lambda_function" "processor" {
  function_name = "processor"
  role          = aws_iam_role.processor.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "dist/functions/processor.zip"
  environment {
    variables = { TOKEN_KMS_KEY_ARN = ${tokenKeyArn}, TOKEN_KEY_VERSION = "3" }
  }
}
` });
  const calls = (m: Awaited<ReturnType<typeof model>>) => analysisOf(m).contracts[0]!.findings.filter((f) => f.kind === 'call' && /TOKEN|token/.test(f.message));
  const right = calls(await model('{ StringEquals = { "kms:EncryptionContext:purpose" = "enclave-token-key", "kms:EncryptionContext:version" = "3" } }'));
  assert.ok(right.length === 2 && right.every((f) => f.verdict === 'compliant'), right.map((f) => f.message).join('\n'));
  const wrong = calls(await model('{ StringEquals = { "kms:EncryptionContext:version" = "1" } }'));
  assert.ok(wrong.some((f) => f.verdict === 'non-compliant' && /version 3/.test(f.message)), wrong.map((f) => f.message).join('\n'));
  const unknown = calls(await model('{ StringEquals = { "kms:EncryptionContext:purpose" = "enclave-token-key" } }', 'var.token_key_arn'));
  assert.ok(unknown.some((f) => f.verdict === 'unknown'), unknown.map((f) => f.message).join('\n'));
});

test('classification from the contract: the files bucket the processor reads as RAW_BUCKET holds card data, whatever its name (ENC-DATA-002)', async () => {
  const model = await cfnModel({ ...environment(), Other: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'misc-exports' } }, Tagged: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'trail', Tags: { Ref: 'Tags' } } } }, { Tags: { Type: 'String' } });
  const view = analysisOf(model).iam.view;
  const raw = view.resourceByAddress.get('Raw')!;
  assert.equal(raw.classification, 'card-data');
  assert.equal(raw.classifiedFrom, 'contract');
  assert.equal(view.resourceByAddress.get('Processed')!.classification, 'other');
  const r = evaluate(classificationDeclared, model);
  const by = Object.fromEntries(r.checks.map((c) => [c.resource, c.verdict]));
  assert.equal(by['Raw'], 'compliant');
  assert.equal(by['Audit'], 'compliant');
  assert.equal(by['Other'], 'non-compliant');
  assert.equal(by['Tagged'], 'unknown');
});

test('classification: a tag and a contract that disagree give the stricter (a tag cannot declassify card data)', async () => {
  const env = environment();
  const model = await cfnModel({ ...env, Raw: { ...env.Raw, Properties: { ...env.Raw.Properties, Tags: [{ Key: 'enclave:classification', Value: 'other' }] } } });
  const raw = analysisOf(model).iam.view.resourceByAddress.get('Raw')!;
  assert.equal(raw.classification, 'card-data');
});

test('ENC-DATA-002 in Terraform: a tagged bucket passes, an untagged one is a name guess, tags from a variable are unknown', async () => {
  const model = await tfModel({ 'main.tf': `
variable "tags" { type = map(string) }
resource "aws_s3_bucket" "tagged" {
  bucket = "exports"
  tags   = { "enclave:classification" = "other" }
}
resource "aws_s3_bucket" "guessed" { bucket = "incoming-files" }
resource "aws_dynamodb_table" "unknown" {
  name         = "ledger"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  tags         = var.tags
  attribute {
    name = "id"
    type = "S"
  }
}
` });
  const by = Object.fromEntries(evaluate(classificationDeclared, model).checks.map((c) => [c.resource, c.verdict]));
  assert.deepEqual(by, { 'aws_s3_bucket.tagged': 'compliant', 'aws_s3_bucket.guessed': 'non-compliant', 'aws_dynamodb_table.unknown': 'unknown' });
});

test('a function whose contract cannot be read: the context it would send and the stores it would name are unknown, not dead or undeclared (ENC-KMS-004, ENC-DATA-002)', async () => {
  // Same stack, the processor linked to a bundle with no contract (as with a stale build): the token key's
  // "purpose" condition may be what that code sends, and the raw bucket may be what it names.
  const env = environment();
  const unread = await cfnModel({ ...env, Processor: { ...env.Processor, Metadata: { enclave: { bundle: 'no-such-bundle' } } } });
  const kms = evaluate(contextKeysSent, unread);
  assert.equal(kms.verdict, 'unknown', bad(kms).join('\n'));
  assert.ok(bad(kms).some((m) => /"purpose", which no AWS service sends; whether a function sends it is unknown, because the contract of Processor \(no contract found for bundle no-such-bundle/.test(m)), bad(kms).join('\n'));
  const data = Object.fromEntries(evaluate(classificationDeclared, unread).checks.map((c) => [c.resource, c.verdict]));
  assert.equal(data['Raw'], 'unknown');
  // Read, the contract explains both.
  const read = await cfnModel(environment());
  assert.equal(evaluate(contextKeysSent, read).verdict, 'compliant');
  assert.equal(Object.fromEntries(evaluate(classificationDeclared, read).checks.map((c) => [c.resource, c.verdict]))['Raw'], 'compliant');
});

test('a function whose contract cannot be read, in Terraform: a key condition no service sends is unknown; without the function it is dead (ENC-KMS-004)', async () => {
  const files = (fn: boolean) => ({ 'main.tf': `
resource "aws_kms_key" "k" { enable_key_rotation = true }
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.k.arn, Condition = { StringEquals = { "kms:EncryptionContext:tenant" = "a" } } }] })
}
${fn ? `resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "\${path.module}/dist/functions/no-such-bundle.zip"
}` : ''}
` });
  const unread = evaluate(contextKeysSent, await tfModel(files(true)));
  assert.equal(unread.verdict, 'unknown', bad(unread).join('\n'));
  assert.ok(unread.checks.some((c) => c.verdict === 'unknown' && c.location!.file.endsWith('main.tf') && c.location!.line === 9));
  assert.equal(evaluate(contextKeysSent, await tfModel(files(false))).verdict, 'non-compliant');
});
