// ENC-SNS-002 through the real loaders, in both dialects: a topic policy that denies publishing over plain HTTP, one
// that does not, none at all, and one whose deciding value only apply can tell.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { topicTlsOnly } from '../../../src/verifier/rules/sns/tls-only.ts';
import type { Verdict } from '../../../src/verifier/rules/types.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

/** A topic and its policy: the alarms may publish; `deny` is the TLS statement, if any. */
function terraform(deny: string): string {
  return `
variable "unknown" {}
data "aws_caller_identity" "current" {}
resource "aws_sns_topic" "alerts" { name = "alerts" }
data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  ${deny}
}
resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}
`;
}
const tlsDeny = (value: string) => `
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [${value}]
    }
  }`;

function cloudFormation(extra: object[]): object {
  return {
    Parameters: { Unknown: { Type: 'String' } },
    Resources: {
      Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
      AlertsPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [{ Ref: 'Alerts' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AlarmsPublish',
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: 'sns:Publish',
                Resource: { Ref: 'Alerts' },
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
              ...extra,
            ],
          },
        },
      },
    },
  };
}
const cfnDeny = (value: unknown) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: { Ref: 'Alerts' },
  Condition: { Bool: { 'aws:SecureTransport': value } },
});

async function expectTf(hcl: string, verdict: Verdict, message?: RegExp) {
  const result = judge(topicTlsOnly, await tfModel(hcl));
  assert.equal(result.verdict, verdict, result.messages);
  if (message) assert.match(result.messages, message);
}
async function expectCfn(template: object, verdict: Verdict, message?: RegExp) {
  const result = judge(topicTlsOnly, await cfnModel(template));
  assert.equal(result.verdict, verdict, result.messages);
  if (message) assert.match(result.messages, message);
}

describe('ENC-SNS-002 topic policies deny publishing without TLS', () => {
  test('Terraform: a Deny of sns:Publish when aws:SecureTransport is false is compliant', () =>
    expectTf(terraform(tlsDeny('"false"')), 'compliant'));
  test('Terraform: a policy without it is non-compliant, with the request that gets through', () =>
    expectTf(terraform(''), 'non-compliant', /sns:Publish over plain HTTP by .* is not denied/));
  test('Terraform: a topic with no policy is non-compliant', () =>
    expectTf(
      'resource "aws_sns_topic" "alerts" { name = "alerts" }',
      'non-compliant',
      /no topic policy, so publishing without TLS is not denied/,
    ));
  test('Terraform: a Deny on the wrong value (true) denies TLS, not plain HTTP: non-compliant', () =>
    expectTf(terraform(tlsDeny('"true"')), 'non-compliant'));
  test('Terraform: a condition value known only after apply is unknown', () =>
    expectTf(terraform(tlsDeny('var.unknown')), 'unknown', /depends on values known only after apply/));
  test('Terraform: a policy known only after apply is unknown', () =>
    expectTf(
      `variable "unknown" {}
resource "aws_sns_topic" "alerts" { name = "alerts" }
resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = var.unknown
}`,
      'unknown',
    ));
  test('Terraform: no topic is not applicable', () => expectTf('variable "unknown" {}', 'not-applicable'));

  test('CloudFormation: a Deny of sns:Publish when aws:SecureTransport is false is compliant', () =>
    expectCfn(cloudFormation([cfnDeny('false')]), 'compliant'));
  test('CloudFormation: a policy without it is non-compliant', () =>
    expectCfn(cloudFormation([]), 'non-compliant', /is not denied/));
  test('CloudFormation: a topic with no policy is non-compliant', () =>
    expectCfn({ Resources: { Alerts: { Type: 'AWS::SNS::Topic', Properties: {} } } }, 'non-compliant'));
  test('CloudFormation: a condition value from a parameter is unknown', () =>
    expectCfn(cloudFormation([cfnDeny({ Ref: 'Unknown' })]), 'unknown'));
});
