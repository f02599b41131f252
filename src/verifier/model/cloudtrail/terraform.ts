// Terraform → CloudTrail trails, with their event selectors (basic and advanced).
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field, refAt } from '../fields.ts';
import { createdAfter } from '../lambda/common.ts';
import { TERRAFORM_SELECTORS, readSelectors } from './common.ts';

export function adaptTerraformCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_cloudtrail')) {
    const { management, data } = readSelectors(raw, ctx, TERRAFORM_SELECTORS);
    ctx.model.trails.push({
      ...base(raw, 'cloudtrail'),
      name: field(raw, 'name', asString),
      bucket: refAt(raw, 's3_bucket_name', ctx.addresses),
      s3KeyPrefix: field(raw, 's3_key_prefix', asString, ''),
      logFileValidation: field(raw, 'enable_log_file_validation', asBoolean, false),
      kmsKey: refAt(raw, 'kms_key_id', ctx.addresses),
      multiRegion: field(raw, 'is_multi_region_trail', asBoolean, false),
      isLogging: field(raw, 'enable_logging', asBoolean, true),
      logGroup: refAt(raw, 'cloud_watch_logs_group_arn', ctx.addresses),
      cloudWatchRole: refAt(raw, 'cloud_watch_logs_role_arn', ctx.addresses),
      includeGlobalEvents: field(raw, 'include_global_service_events', asBoolean, true),
      managementEvents: management,
      dataSelectors: data,
      createdAfter: createdAfter(raw, ctx.addresses),
    });
  }
}
