// CloudFormation → CloudTrail trails.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field, refAt } from '../fields.ts';

export function adaptCloudFormationCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::CloudTrail::Trail')) {
    ctx.model.trails.push({
      ...base(raw, 'cloudtrail'),
      name: field(raw, 'TrailName', asString),
      bucket: refAt(raw, 'S3BucketName', ctx.addresses),
      logFileValidation: field(raw, 'EnableLogFileValidation', asBoolean, false),
      kmsKey: refAt(raw, 'KMSKeyId', ctx.addresses),
      multiRegion: field(raw, 'IsMultiRegionTrail', asBoolean, false),
      isLogging: field(raw, 'IsLogging', asBoolean),
      logGroup: refAt(raw, 'CloudWatchLogsLogGroupArn', ctx.addresses),
      includeGlobalEvents: field(raw, 'IncludeGlobalServiceEvents', asBoolean, true),
    });
  }
}
