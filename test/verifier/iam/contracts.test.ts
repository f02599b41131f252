import assert from 'node:assert/strict';
import { test } from 'node:test';
import { genericArn } from '../../../src/verifier/analysis/contracts/index.ts';
import { functionContract } from '../../../src/verifier/rules/iam/function-contract.ts';
import { functionLeastPrivilege } from '../../../src/verifier/rules/iam/function-least-privilege.ts';
import { analysisOf, cfnModel, dataKey, doc, evaluate, lambdaTrust, role } from './helpers.ts';
import { showSym } from '../../../src/verifier/model/iam/symbolic.ts';

const bucket = (name: string) => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name } });
const table = (name: string) => ({ Type: 'AWS::DynamoDB::Table', Properties: { TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }] } });
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (id: string, prefix = '') => ({ 'Fn::Sub': `\${${id}.Arn}/${prefix}*` });

const exactGrants = [
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objects('Raw') },
  { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], Resource: [objects('Processed', 'processed/'), objects('Processed', 'quarantine/')] },
  // HeadObject of a missing output answers 404 only to a caller that may list the bucket.
  { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: arn('Processed') },
  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [arn('S3Key'), arn('TokenKey')] },
  { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: arn('Metadata') },
  { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: arn('Audit') },
];

function environment(grants: unknown[], options: { metadata?: boolean; dropVariable?: string; envKey?: boolean } = {}) {
  const variables: Record<string, unknown> = {
    RAW_BUCKET: { Ref: 'Raw' }, PROCESSED_BUCKET: { Ref: 'Processed' }, METADATA_TABLE: { Ref: 'Metadata' }, AUDIT_TABLE: { Ref: 'Audit' },
    S3_KMS_KEY_ARN: arn('S3Key'), TOKEN_KMS_KEY_ARN: arn('TokenKey'),
  };
  if (options.dropVariable) delete variables[options.dropVariable];
  return {
    Raw: bucket('payments-raw-data'), Processed: bucket('payments-processed-data'), Metadata: table('metadata'), Audit: table('audit-records'),
    S3Key: dataKey, TokenKey: dataKey, EnvKey: dataKey,
    ProcessorRole: role(lambdaTrust, grants),
    Processor: {
      Type: 'AWS::Lambda::Function',
      ...(options.metadata === false ? {} : { Metadata: { enclave: { bundle: 'processor' } } }),
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: arn('ProcessorRole'), Code: { ZipFile: 'placeholder' }, Environment: { Variables: variables }, ...(options.envKey ? { KmsKeyArn: arn('EnvKey') } : {}) },
    },
  };
}

test('contracts: the processor linked through Metadata, every call allowed, nothing beyond', async () => {
  const model = await cfnModel(environment(exactGrants));
  const [proof] = analysisOf(model).contracts;
  assert.equal(proof!.link.bundle, 'processor');
  assert.equal(proof!.link.via, 'metadata');
  assert.ok(proof!.link.contract!.calls.length > 5);
  const bad = proof!.findings.filter((f) => f.verdict !== 'compliant');
  assert.deepEqual(bad, []);
  assert.equal(evaluate(functionContract, model).verdict, 'compliant');
  assert.equal(evaluate(functionLeastPrivilege, model).verdict, 'compliant');
});

test('contracts: a denied call and a missing variable fail ENC-IAM-010; broader grants fail ENC-IAM-011', async () => {
  const noAudit = exactGrants.filter((g) => g.Resource !== exactGrants[4]!.Resource);
  const denied = evaluate(functionContract, await cfnModel(environment(noAudit)));
  assert.equal(denied.verdict, 'non-compliant');
  assert.ok(denied.checks.some((c) => c.verdict === 'non-compliant' && /dynamodb:PutItem/.test(c.message) && /AccessDenied/.test(c.message)));
  const missing = evaluate(functionContract, await cfnModel(environment(exactGrants, { dropVariable: 'AUDIT_TABLE' })));
  assert.ok(missing.checks.some((c) => c.verdict === 'non-compliant' && /AUDIT_TABLE/.test(c.message)));
  const broad = evaluate(functionLeastPrivilege, await cfnModel(environment([...exactGrants, { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: objects('Raw') }])));
  assert.equal(broad.verdict, 'non-compliant');
  assert.ok(broad.checks.some((c) => /s3:DeleteObject on Raw/.test(c.message)));
  assert.ok(broad.checks.some((c) => /s3:PutObject on Raw/.test(c.message)));
});

test('contracts: a function without a bundle link is unknown, never a pass', async () => {
  const model = await cfnModel(environment(exactGrants, { metadata: false }));
  assert.equal(evaluate(functionContract, model).verdict, 'unknown');
  assert.equal(evaluate(functionLeastPrivilege, model).verdict, 'unknown');
  void doc;
});

test('contracts: "any resource" calls are tried on a generic ARN of the action\'s resource type', () => {
  assert.equal(showSym(genericArn('s3:GetEncryptionConfiguration')), 'arn:aws:s3:::${any-BucketName}');
  assert.equal(showSym(genericArn('dynamodb:DescribeContinuousBackups')), 'arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${any-TableName}');
  assert.deepEqual(genericArn('logs:DescribeLogGroups'), ['*']);
});

test('contracts: decrypting the function\'s own environment key is the runtime\'s need, not excess', async () => {
  const envDecrypt = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn('EnvKey') };
  assert.equal(evaluate(functionLeastPrivilege, await cfnModel(environment([...exactGrants, envDecrypt], { envKey: true }))).verdict, 'compliant');
  const other = evaluate(functionLeastPrivilege, await cfnModel(environment([...exactGrants, envDecrypt])));
  assert.ok(other.checks.some((c) => c.verdict === 'non-compliant' && /kms:Decrypt on EnvKey/.test(c.message)));
});

test('evaluator: a VPC endpoint policy must also allow the request', async () => {
  const { evaluateRequest } = await import('../../../src/verifier/analysis/iam/evaluate.ts');
  const { contextOf } = await import('../../../src/verifier/analysis/iam/conditions.ts');
  const { sym } = await import('../../../src/verifier/model/iam/symbolic.ts');
  const model = await cfnModel({
    Raw: bucket('payments-raw-data'),
    Reader: role(lambdaTrust, [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objects('Raw') }]),
    Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: 'vpc-0abc', ServiceName: 'com.amazonaws.us-east-1.s3', PolicyDocument: doc({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: '*' }) } },
  });
  const iam = analysisOf(model).iam.view;
  const raw = iam.resourceByAddress.get('Raw')!;
  const request = { principal: iam.principalById.get('Reader')!, action: 's3:GetObject', resource: sym(raw.arn, '/a.csv'), context: contextOf({ 'aws:SecureTransport': 'true' }) };
  assert.equal(evaluateRequest(iam, request).decision, 'allowed');
  const through = evaluateRequest(iam, { ...request, endpoints: [iam.resourceByAddress.get('Endpoint')!] });
  assert.equal(through.decision, 'denied');
  assert.match(through.reason, /VPC endpoint Endpoint/);
});

test('contracts: without dist/, the source contract.ts is loaded', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { readContracts } = await import('../../../src/verifier/load/contracts.ts');
  const loadContract = async (bundle: string, roots: string[]) => (await readContracts([bundle], { roots, cwd: roots[0]! })).contracts.get(bundle)!;
  const root = mkdtempSync(join(tmpdir(), 'enclave-contract-'));
  mkdirSync(join(root, 'src', 'functions', 'demo'), { recursive: true });
  writeFileSync(join(root, 'src', 'functions', 'demo', 'contract.ts'), `export const contract = { function: 'demo', environment: [{ name: 'TABLE', required: true, description: 'the table' }], calls: [{ action: 'dynamodb:GetItem', resource: { kind: 'dynamodb-table', env: 'TABLE' }, why: 'read' }], services: ['dynamodb'] };\n`);
  const loaded = await loadContract('demo', [root]);
  assert.equal(loaded.contract?.function, 'demo');
  assert.match(loaded.source!, /contract\.ts$/);
  assert.match((await loadContract('missing', [root])).problem!, /no contract found/);
});

test('contracts: a built contract is used, unless its source was changed after the build (then the link is unknown)', async () => {
  const { mkdtempSync, mkdirSync, utimesSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { readContracts } = await import('../../../src/verifier/load/contracts.ts');
  const loadContract = async (bundle: string, roots: string[]) => (await readContracts([bundle], { roots, cwd: roots[0]! })).contracts.get(bundle)!;
  const contract = { function: 'demo', environment: [], calls: [], services: ['dynamodb'] };
  const layout = (root: string) => {
    mkdirSync(join(root, 'src', 'functions', 'demo'), { recursive: true });
    mkdirSync(join(root, 'dist', 'functions', 'demo'), { recursive: true });
    writeFileSync(join(root, 'src', 'functions', 'demo', 'contract.ts'), `export const contract = ${JSON.stringify(contract)};\n`);
    writeFileSync(join(root, 'dist', 'functions', 'demo', 'contract.json'), JSON.stringify(contract));
    return { source: join(root, 'src', 'functions', 'demo', 'contract.ts'), built: join(root, 'dist', 'functions', 'demo', 'contract.json') };
  };
  const fresh = mkdtempSync(join(tmpdir(), 'enclave-contract-'));
  const a = layout(fresh);
  utimesSync(a.source, new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:00:00Z'));
  utimesSync(a.built, new Date('2026-11-20T10:05:00Z'), new Date('2026-11-20T10:05:00Z'));
  const built = await loadContract('demo', [fresh]);
  assert.equal(built.contract?.function, 'demo');
  assert.match(built.source!, /contract\.json$/);

  const stale = mkdtempSync(join(tmpdir(), 'enclave-contract-'));
  const b = layout(stale);
  utimesSync(b.built, new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:00:00Z'));
  utimesSync(b.source, new Date('2026-11-20T10:05:00Z'), new Date('2026-11-20T10:05:00Z'));
  const loaded = await loadContract('demo', [stale]);
  assert.equal(loaded.contract, undefined);
  assert.match(loaded.problem!, /older than .*contract\.ts.*npm run build/);
});

test('contracts are optional: where the repository declares none, ENC-IAM-010/011 do not apply (only the inferred contract does), unless the template names a bundle', async () => {
  const { analyse } = await import('../../../src/verifier/analysis/index.ts');
  const unlinked = await cfnModel(environment(exactGrants, { metadata: false }));
  const foreign = analyse(unlinked, { contracts: new Map(), contractsDeclared: false });
  // Only the contract inferred from its role and environment applies: the services it calls are reachable.
  const inferred = functionContract.evaluate(unlinked, foreign);
  assert.ok(inferred.checks.length > 0 && inferred.checks.every((c) => /\(inferred: /.test(c.message)), inferred.checks.map((c) => c.message).join('\n'));
  assert.equal(functionLeastPrivilege.evaluate(unlinked, foreign).verdict, 'not-applicable');
  assert.match(foreign.contracts[0]!.link.notApplicable!, /declares no function contracts/);
  // Where the repository declares contracts, the same function is unknown (above); and a bundle named in Metadata
  // is a promise of a contract, so its absence stays unknown even where none is declared.
  const linked = await cfnModel(environment(exactGrants));
  const missing = analyse(linked, { contracts: new Map(), contractsDeclared: false });
  assert.equal(functionContract.evaluate(linked, missing).verdict, 'unknown');
  assert.equal(functionLeastPrivilege.evaluate(linked, missing).verdict, 'unknown');
});

test('contracts: a repository declares contracts when a root has dist/functions/<name>/contract.json or src/functions/<name>/contract.ts', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { declaresContracts } = await import('../../../src/verifier/load/contracts.ts');
  const root = () => mkdtempSync(join(tmpdir(), 'enclave-declared-'));
  const place = (dir: string, path: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '{}');
    return dir;
  };
  assert.equal(declaresContracts([root()]), false);
  // A serverless layout with handlers but no contracts is not an Enclave repository.
  assert.equal(declaresContracts([place(root(), 'src/functions/orders/handler.ts'), place(root(), 'dist/functions/orders.zip')]), false);
  assert.equal(declaresContracts([root(), place(root(), 'src/functions/orders/contract.ts')]), true);
  assert.equal(declaresContracts([place(root(), 'dist/functions/orders/contract.json')]), true);
  assert.equal(declaresContracts([process.cwd()]), true, 'this checkout declares its functions\' contracts');
});

test('contracts are looked up in the verified configuration\'s repository, not the working directory; --contracts names them explicitly', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { verify } = await import('../../../src/verifier/verify.ts');
  // A foreign repository: a Lambda function, no contracts. Verified from inside this Enclave checkout.
  const foreign = mkdtempSync(join(tmpdir(), 'enclave-foreign-'));
  mkdirSync(join(foreign, '.git'));
  mkdirSync(join(foreign, 'infra'));
  writeFileSync(join(foreign, 'infra', 'main.tf'), `
resource "aws_iam_role" "fn" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_lambda_function" "fn" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  s3_bucket     = "code"
  s3_key        = "orders.zip"
}
`);
  const fromHere = await verify([join(foreign, 'infra')], { cwd: process.cwd() });
  const contractRule = (v: typeof fromHere) => v.stacks[0]!.run!.outcomes.find((o) => o.id === 'ENC-IAM-010')!;
  assert.equal(contractRule(fromHere).verdict, 'not-applicable', JSON.stringify(contractRule(fromHere).checks));
  assert.ok(fromHere.stacks[0]!.diagnostics.some((d) => d.code === 'contracts-none'));
  // Naming this checkout's contracts explicitly makes them the foreign repository's: the function has none.
  const explicit = await verify([join(foreign, 'infra')], { cwd: process.cwd(), contracts: [process.cwd()] });
  assert.equal(contractRule(explicit).verdict, 'unknown');
  // Our own stacks still find our contracts from anywhere: the walk up stops at this repository's root.
  const ours = await verify([join(process.cwd(), 'infra/cloudformation/payment-files.json')], { cwd: tmpdir() });
  assert.equal(contractRule(ours).verdict, 'compliant');
});
