// ENC-LOGS-002 follows a log group's archive: an unfiltered subscription → Firehose → S3 bucket whose lifecycle keeps
// the copies a year (90 days immediately available) makes a short CloudWatch retention compliant; nothing less does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logGroupRetention } from '../../../src/verifier/rules/logs/retention.ts';
import { cfnModel, judge, tfModel } from '../helpers.ts';

function archive(opts: { expiration?: string; filter?: string; subscribe?: boolean } = {}): string {
  return `
resource "aws_cloudwatch_log_group" "app" {
  name              = "/aws/lambda/app"
  retention_in_days = 30
}
resource "aws_s3_bucket" "archive" { bucket = "log-archive" }
resource "aws_s3_bucket_lifecycle_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    id     = "keep"
    status = "Enabled"
    filter {}
    expiration { days = ${opts.expiration ?? '400'} }
  }
}
resource "aws_kinesis_firehose_delivery_stream" "archive" {
  name        = "log-archive"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = aws_s3_bucket.archive.arn
  }
}
${
  opts.subscribe === false
    ? ''
    : `resource "aws_cloudwatch_log_subscription_filter" "archive" {
  name            = "archive"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = "${opts.filter ?? ''}"
  destination_arn = aws_kinesis_firehose_delivery_stream.archive.arn
}`
}
`;
}

describe('ENC-LOGS-002 with an S3 archive', () => {
  test('30 days hot, archived a year: compliant, with the path as evidence', async () => {
    const { verdict, messages } = judge(logGroupRetention, await tfModel(archive()));
    assert.equal(verdict, 'compliant', messages);
    assert.match(
      messages,
      /aws_cloudwatch_log_group\.app \(30 days in CloudWatch Logs\) → aws_cloudwatch_log_subscription_filter\.archive → aws_kinesis_firehose_delivery_stream\.archive → aws_s3_bucket\.archive/,
    );
  });

  test('an archive that expires copies after 30 days: non-compliant', async () => {
    const { verdict, messages } = judge(logGroupRetention, await tfModel(archive({ expiration: '30' })));
    assert.equal(verdict, 'non-compliant', messages);
    assert.match(messages, /expires objects after 30 days/);
  });

  test('an archive lifetime known only after apply: unknown', async () => {
    const model = await tfModel(`variable "days" { type = number }\n${archive({ expiration: 'var.days' })}`);
    assert.equal(judge(logGroupRetention, model).verdict, 'unknown');
  });

  test('a filtered subscription, or none, archives nothing: non-compliant', async () => {
    assert.equal(judge(logGroupRetention, await tfModel(archive({ filter: 'ERROR' }))).verdict, 'non-compliant');
    assert.equal(judge(logGroupRetention, await tfModel(archive({ subscribe: false }))).verdict, 'non-compliant');
  });

  test('CloudFormation: a destination named by ARN text is followed to the stream of that name', async () => {
    const model = await cfnModel({
      Resources: {
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/app', RetentionInDays: 30 } },
        Archive: {
          Type: 'AWS::S3::Bucket',
          Properties: { LifecycleConfiguration: { Rules: [{ Id: 'keep', Status: 'Enabled', ExpirationInDays: 365 }] } },
        },
        Stream: {
          Type: 'AWS::KinesisFirehose::DeliveryStream',
          Properties: {
            DeliveryStreamName: 'log-archive',
            ExtendedS3DestinationConfiguration: {
              BucketARN: { 'Fn::GetAtt': ['Archive', 'Arn'] },
              RoleARN: 'arn:aws:iam::123456789012:role/f',
            },
          },
        },
        Subscription: {
          Type: 'AWS::Logs::SubscriptionFilter',
          Properties: {
            LogGroupName: { Ref: 'Logs' },
            FilterPattern: '',
            DestinationArn: {
              'Fn::Sub': 'arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/log-archive',
            },
          },
        },
      },
    });
    const { verdict, messages } = judge(logGroupRetention, model);
    assert.equal(verdict, 'compliant', messages);
  });
});
