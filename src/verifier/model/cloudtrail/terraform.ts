// Terraform → CloudTrail trails.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field, refAt } from '../fields.ts';

export function adaptTerraformCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_cloudtrail')) {
    ctx.model.trails.push({
      ...base(raw, 'cloudtrail'),
      name: field(raw, 'name', asString),
      bucket: refAt(raw, 's3_bucket_name', ctx.addresses),
      logFileValidation: field(raw, 'enable_log_file_validation', asBoolean, false),
      kmsKey: refAt(raw, 'kms_key_id', ctx.addresses),
      multiRegion: field(raw, 'is_multi_region_trail', asBoolean, false),
      isLogging: field(raw, 'enable_logging', asBoolean, true),
      logGroup: refAt(raw, 'cloud_watch_logs_group_arn', ctx.addresses),
      includeGlobalEvents: field(raw, 'include_global_service_events', asBoolean, true),
    });
  }
}
