// CloudFormation → CloudTrail trails, with their event selectors (basic and advanced).
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field, refAt } from '../fields.ts';
import { createdAfter } from '../lambda/common.ts';
import { CLOUDFORMATION_SELECTORS, readSelectors } from './common.ts';

export function adaptCloudFormationCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::CloudTrail::Trail')) {
    const { management, data } = readSelectors(raw, ctx, CLOUDFORMATION_SELECTORS);
    ctx.model.trails.push({
      ...base(raw, 'cloudtrail'),
      name: field(raw, 'TrailName', asString),
      bucket: refAt(raw, 'S3BucketName', ctx.addresses),
      s3KeyPrefix: field(raw, 'S3KeyPrefix', asString, ''),
      logFileValidation: field(raw, 'EnableLogFileValidation', asBoolean, false),
      kmsKey: refAt(raw, 'KMSKeyId', ctx.addresses),
      multiRegion: field(raw, 'IsMultiRegionTrail', asBoolean, false),
      // IsLogging is required in CloudFormation; absent, the template is refused.
      isLogging: field(raw, 'IsLogging', asBoolean),
      logGroup: refAt(raw, 'CloudWatchLogsLogGroupArn', ctx.addresses),
      cloudWatchRole: refAt(raw, 'CloudWatchLogsRoleArn', ctx.addresses),
      includeGlobalEvents: field(raw, 'IncludeGlobalServiceEvents', asBoolean, true),
      managementEvents: management,
      dataSelectors: data,
      createdAfter: createdAfter(raw, ctx.addresses),
    });
  }
}
