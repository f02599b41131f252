// Terraform → CloudWatch log groups, metric filters and alarms.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asNumber, asString, field, refAt, refsAt } from '../fields.ts';

export function adaptTerraformLogs(ctx: AdaptContext): void {
  const m = ctx.model;
  for (const raw of ofType(ctx, 'aws_cloudwatch_log_group')) {
    m.logGroups.push({
      ...base(raw, 'log-group'),
      name: field(raw, 'name', asString),
      // 0 means "never expire", which is also the AWS default.
      retentionDays: field(raw, 'retention_in_days', asNumber, 0),
      kmsKey: refAt(raw, 'kms_key_id', ctx.addresses),
      skipDestroy: field(raw, 'skip_destroy', asBoolean, false),
    });
  }
  for (const raw of ofType(ctx, 'aws_cloudwatch_log_metric_filter')) {
    m.metricFilters.push({
      ...base(raw, 'metric-filter'),
      logGroup: refAt(raw, 'log_group_name', ctx.addresses),
      logGroupName: field(raw, 'log_group_name', asString),
      pattern: field(raw, 'pattern', asString),
      metricName: field(raw, 'metric_transformation.name', asString),
      metricNamespace: field(raw, 'metric_transformation.namespace', asString),
    });
  }
  for (const raw of ofType(ctx, 'aws_cloudwatch_log_subscription_filter')) {
    m.logSubscriptions.push({
      ...base(raw, 'log-subscription'),
      logGroup: refAt(raw, 'log_group_name', ctx.addresses),
      logGroupName: field(raw, 'log_group_name', asString),
      filterPattern: field(raw, 'filter_pattern', asString),
      destination: refAt(raw, 'destination_arn', ctx.addresses),
    });
  }
  for (const raw of ofType(ctx, 'aws_kinesis_firehose_delivery_stream')) {
    m.deliveryStreams.push({
      ...base(raw, 'delivery-stream'),
      name: field(raw, 'name', asString),
      bucket: refAt(raw, 'extended_s3_configuration.bucket_arn', ctx.addresses),
    });
  }
  for (const raw of ofType(ctx, 'aws_cloudwatch_metric_alarm')) {
    m.alarms.push({
      ...base(raw, 'alarm'),
      name: field(raw, 'alarm_name', asString),
      metricName: field(raw, 'metric_name', asString),
      namespace: field(raw, 'namespace', asString),
      actions: refsAt(raw, 'alarm_actions', ctx.addresses),
      okActions: refsAt(raw, 'ok_actions', ctx.addresses),
      actionsEnabled: field(raw, 'actions_enabled', asBoolean, true),
    });
  }
}
