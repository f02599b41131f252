// CloudFormation → CloudWatch log groups, metric filters and alarms.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, field, locate, refAt, refsAt } from '../fields.ts';

export function adaptCloudFormationLogs(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'AWS::Logs::LogGroup')) {
    m.logGroups.push({
      ...base(raw, 'log-group'),
      name: field(raw, 'LogGroupName', asString),
      retentionDays: field(raw, 'RetentionInDays', asNumber, 0),
      kmsKey: refAt(raw, 'KmsKeyId', ctx.addresses),
      skipDestroy: { value: false, provenance: 'default', location: locate(raw, '') },
    });
  }
  for (const raw of ofType(ctx, 'AWS::Logs::MetricFilter')) {
    m.metricFilters.push({
      ...base(raw, 'metric-filter'),
      logGroup: refAt(raw, 'LogGroupName', ctx.addresses),
      logGroupName: field(raw, 'LogGroupName', asString),
      pattern: field(raw, 'FilterPattern', asString),
      metricName: field(raw, 'MetricTransformations.0.MetricName', asString),
      metricNamespace: field(raw, 'MetricTransformations.0.MetricNamespace', asString),
    });
  }
  for (const raw of ofType(ctx, 'AWS::Logs::SubscriptionFilter')) {
    m.logSubscriptions.push({
      ...base(raw, 'log-subscription'),
      logGroup: refAt(raw, 'LogGroupName', ctx.addresses),
      logGroupName: field(raw, 'LogGroupName', asString),
      filterPattern: field(raw, 'FilterPattern', asString),
      destination: refAt(raw, 'DestinationArn', ctx.addresses),
    });
  }
  for (const raw of ofType(ctx, 'AWS::KinesisFirehose::DeliveryStream')) {
    const s3 = raw.attributes.ExtendedS3DestinationConfiguration !== undefined ? 'ExtendedS3DestinationConfiguration' : 'S3DestinationConfiguration';
    m.deliveryStreams.push({
      ...base(raw, 'delivery-stream'),
      name: field(raw, 'DeliveryStreamName', asString),
      bucket: refAt(raw, `${s3}.BucketARN`, ctx.addresses),
    });
  }
  for (const raw of ofType(ctx, 'AWS::CloudWatch::Alarm')) {
    m.alarms.push({
      ...base(raw, 'alarm'),
      name: field(raw, 'AlarmName', asString),
      metricName: field(raw, 'MetricName', asString),
      namespace: field(raw, 'Namespace', asString),
      actions: refsAt(raw, 'AlarmActions', ctx.addresses),
      okActions: refsAt(raw, 'OKActions', ctx.addresses),
      actionsEnabled: field(raw, 'ActionsEnabled', asBoolean, true),
    });
  }
}
