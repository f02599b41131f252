// Inferred contracts for code that is not ours: the services a function's role grants and the resources its
// environment names are services it calls, and each one it cannot reach is a finding with the path that fails.
// The peer's answer to spec 000 (reconstructed in test/verifier/fixtures/peer-spec-000) reaches neither S3 nor
// DynamoDB: its security group allows egress only to the interface-endpoint group.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inferServices } from '../../../src/verifier/analysis/contracts/inferred.ts';
import { renderText } from '../../../src/verifier/report/text.ts';
import { verify } from '../../../src/verifier/verify.ts';
import { tfModel } from '../helpers.ts';

const PEER = join(process.cwd(), 'test/verifier/fixtures/peer-spec-000');

/** Verified as its owner would: no Enclave contracts within reach. */
async function verifyPeer(dir: string) {
  return verify([join(dir, 'lib')], { cwd: process.cwd(), contracts: [dir] });
}

describe('the peer\'s answer to spec 000', () => {
  test('each function gets an "unreachable S3/DynamoDB" finding with the path that fails', async () => {
    const v = await verifyPeer(PEER);
    const s = v.stacks[0]!;
    assert.deepEqual(s.diagnostics.filter((d) => d.severity === 'error'), []);
    const rule = s.run!.outcomes.find((o) => o.id === 'ENC-IAM-010')!;
    assert.equal(rule.verdict, 'non-compliant');
    const failing = rule.checks.filter((c) => c.verdict === 'non-compliant').map((c) => `${c.resource} ${c.message}`);
    for (const fn of ['aws_lambda_function.processor', 'aws_lambda_function.validator']) {
      for (const service of ['s3', 'dynamodb']) {
        const finding = failing.find((m) => m.startsWith(`${fn} `) && m.includes(`calls ${service} (inferred`));
        assert.ok(finding, `${fn} → ${service}:\n${failing.join('\n')}`);
        assert.match(finding, /cannot reach it: from \S+: security group egress to the \w+ prefix list on 443: no egress rule of aws_security_group\.lambda allows it/);
        assert.match(finding, new RegExp(`\\[path: ${fn.replace(/\./g, '\\.')} → aws_subnet\\.private\\[0\\] → aws_route_table\\.private → aws_vpc_endpoint\\.${service}\\]`));
      }
      // What the role and environment do not ask for is not claimed: no KMS call of its own, no logs API calls.
      assert.ok(!rule.checks.some((c) => c.resource === fn && /calls (kms|logs|ec2) /.test(c.message)));
    }
    assert.match(renderText(v), /aws_lambda_function\.processor: internet unreachable; reaches lambda, logs; cannot reach dynamodb, s3, which it calls/);
  });

  test('with egress to the gateway endpoints\' prefix lists, the same functions reach S3 and DynamoDB', async () => {
    const fixed = mkdtempSync(join(tmpdir(), 'enclave-peer-'));
    cpSync(PEER, fixed, { recursive: true });
    const main = join(fixed, 'lib', 'main.tf');
    writeFileSync(main, `${readFileSync(main, 'utf8')}
resource "aws_security_group_rule" "lambda_to_gateway_endpoints" {
  type              = "egress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  security_group_id = aws_security_group.lambda.id
  prefix_list_ids   = [aws_vpc_endpoint.s3.prefix_list_id, aws_vpc_endpoint.dynamodb.prefix_list_id]
}
`);
    const rule = (await verifyPeer(fixed)).stacks[0]!.run!.outcomes.find((o) => o.id === 'ENC-IAM-010')!;
    assert.equal(rule.verdict, 'compliant', rule.checks.map((c) => c.message).join('\n'));
    assert.equal(rule.checks.filter((c) => /reaches (s3|dynamodb), which it calls \(inferred/.test(c.message)).length, 4);
  });
});

describe('what the role and the environment say the code calls', () => {
  const ROLE = (statements: string) => `
resource "aws_iam_role" "fn" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "fn" {
  role   = aws_iam_role.fn.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })
}
`;
  const FUNCTION = (extra = '') => `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  s3_bucket     = "code"
  s3_key        = "fn.zip"
  ${extra}
}
`;

  test('what the Lambda service does with the role is not the code\'s call; KMS counts only when a variable names a key', async () => {
    const model = await tfModel(ROLE(`
  { Effect = "Allow", Action = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" },
  { Effect = "Allow", Action = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"], Resource = "*" },
  { Effect = "Allow", Action = ["xray:PutTraceSegments"], Resource = "*" },
  { Effect = "Allow", Action = ["kms:Decrypt"], Resource = "*" },
  { Effect = "Allow", Action = "*", Resource = "*" }`) + FUNCTION());
    assert.deepEqual(inferServices(model, model.functions[0]!), []);
  });

  test('granted services and the resources the environment names, each with why', async () => {
    const model = await tfModel(ROLE(`
  { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" },
  { Effect = "Allow", Action = ["cloudwatch:PutMetricData"], Resource = "*" },
  { Effect = "Deny", Action = ["s3:*"], Resource = "*" }`) + FUNCTION(`environment {
    variables = { TABLE = aws_dynamodb_table.t.name, KEY = aws_kms_key.k.arn }
  }`) + `
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
resource "aws_kms_key" "k" {}
`);
    const inferred = inferServices(model, model.functions[0]!);
    assert.deepEqual(inferred.map((s) => s.service), ['dynamodb', 'kms', 'monitoring', 'sqs']);
    assert.match(inferred.find((s) => s.service === 'dynamodb')!.because, /environment variable TABLE names aws_dynamodb_table\.t/);
    assert.match(inferred.find((s) => s.service === 'sqs')!.because, /allows sqs:SendMessage/);
  });

  test('the queue an event source mapping polls is read by the Lambda service, not the code', async () => {
    const model = await tfModel(ROLE(`{ Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = aws_sqs_queue.q.arn }`) + FUNCTION() + `
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_lambda_event_source_mapping" "q" {
  function_name    = aws_lambda_function.fn.arn
  event_source_arn = aws_sqs_queue.q.arn
}
`);
    assert.deepEqual(inferServices(model, model.functions[0]!), []);
  });
});

test('sending to its own dead-letter queue is the Lambda service\'s delivery, not a call of the code', async () => {
  const model = await (await import('../helpers.ts')).cfnModel({
    Resources: {
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'dlq' } },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'dlq', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Dlq', 'Arn'] } }] } }],
        },
      },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.12', Handler: 'app.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' }, DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } } },
    },
  });
  assert.deepEqual(inferServices(model, model.functions[0]!), []);
});
