// CloudFormation → CloudTrail trails, with their event selectors (basic and advanced).
import type { RawResource, Value } from '../../load/types.ts';
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, objects, refOf, refAt } from '../fields.ts';
import { createdAfter } from '../lambda/common.ts';
import type { Field, Ref, TrailDataSelector } from '../model.ts';

function selectors(raw: RawResource, ctx: AdaptContext): { management: Field<boolean>; data: TrailDataSelector[] } {
  const data: TrailDataSelector[] = [];
  const basic = objects(at(raw.attributes, 'EventSelectors'));
  const advanced = objects(at(raw.attributes, 'AdvancedEventSelectors'));
  let management: Field<boolean> = { value: true, provenance: 'default', location: locate(raw, '') };
  if (basic.length > 0) {
    management = { value: basic.some((s) => s.IncludeManagementEvents !== false), provenance: 'explicit', location: locate(raw, 'EventSelectors') };
    basic.forEach((s, i) => {
      for (const [j, r] of objects(s.DataResources).entries()) {
        const location = locate(raw, `EventSelectors.${i}.DataResources.${j}`);
        data.push({
          resourceType: typeof r.Type === 'string' ? { value: r.Type, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location },
          resources: (Array.isArray(r.Values) ? r.Values : r.Values === undefined ? [] : [r.Values]).map((v: Value) => refOf(v, location, ctx.addresses)),
          readWrite: typeof s.ReadWriteType === 'string' ? { value: s.ReadWriteType, provenance: 'explicit', location } : { value: 'All', provenance: 'default', location },
          location,
        });
      }
    });
  }
  if (advanced.length > 0) {
    management = { value: false, provenance: 'explicit', location: locate(raw, 'AdvancedEventSelectors') };
    advanced.forEach((s, i) => {
      const location = locate(raw, `AdvancedEventSelectors.${i}`);
      const fields = objects(s.FieldSelectors);
      const equals = (name: string) => fields.find((f) => f.Field === name)?.Equals;
      const category = equals('eventCategory');
      const categories = Array.isArray(category) ? category : [];
      if (categories.includes('Management')) management = { value: true, provenance: 'explicit', location };
      if (!categories.includes('Data')) return;
      const type = equals('resources.type');
      const arn = fields.find((f) => f.Field === 'resources.ARN');
      const readOnly = equals('readOnly');
      const values = arn ? [...(Array.isArray(arn.StartsWith) ? arn.StartsWith : []), ...(Array.isArray(arn.Equals) ? arn.Equals : [])] : undefined;
      data.push({
        resourceType: Array.isArray(type) && typeof type[0] === 'string' ? { value: type[0], provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location },
        resources: values === undefined ? 'all' : values.map((v: Value) => refOf(v, location, ctx.addresses)) as Ref[],
        readWrite: Array.isArray(readOnly) ? { value: readOnly[0] === 'true' ? 'ReadOnly' : 'WriteOnly', provenance: 'explicit', location } : { value: 'All', provenance: 'default', location },
        location,
      });
    });
  }
  return { management, data };
}

export function adaptCloudFormationCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::CloudTrail::Trail')) {
    const { management, data } = selectors(raw, ctx);
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
