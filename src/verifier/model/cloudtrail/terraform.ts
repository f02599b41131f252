// Terraform → CloudTrail trails, with their event selectors (basic and advanced).
import type { RawResource, Value } from '../../load/types.ts';
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, objects, refOf, refAt } from '../fields.ts';
import { createdAfter } from '../lambda/common.ts';
import type { Field, Ref, TrailDataSelector } from '../model.ts';

function selectors(raw: RawResource, ctx: AdaptContext): { management: Field<boolean>; data: TrailDataSelector[] } {
  const data: TrailDataSelector[] = [];
  const basic = objects(at(raw.attributes, 'event_selector'));
  const advanced = objects(at(raw.attributes, 'advanced_event_selector'));
  let management: Field<boolean> = { value: true, provenance: 'default', location: locate(raw, '') };
  if (basic.length > 0) {
    // With event selectors, management events are recorded only where a selector asks for them.
    const any = basic.some((s) => s.include_management_events !== false);
    management = { value: any, provenance: 'explicit', location: locate(raw, 'event_selector.0') };
    basic.forEach((s, i) => {
      for (const [j, r] of objects(s.data_resource).entries()) {
        const location = locate(raw, `event_selector.${i}.data_resource.${j}`);
        data.push({
          resourceType: typeof r.type === 'string' ? { value: r.type, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location, ...(r.type !== undefined ? { unknown: r.type } : {}) },
          resources: (Array.isArray(r.values) ? r.values : [r.values]).map((v: Value) => refOf(v, location, ctx.addresses)),
          readWrite: typeof s.read_write_type === 'string' ? { value: s.read_write_type, provenance: 'explicit', location } : { value: 'All', provenance: 'default', location },
          location,
        });
      }
    });
  }
  if (advanced.length > 0) {
    management = { value: false, provenance: 'explicit', location: locate(raw, 'advanced_event_selector.0') };
    advanced.forEach((s, i) => {
      const location = locate(raw, `advanced_event_selector.${i}`);
      const fields = objects(s.field_selector);
      const equals = (name: string) => fields.find((f) => f.field === name)?.equals;
      const category = equals('eventCategory');
      const categories = Array.isArray(category) ? category : [];
      if (categories.includes('Management')) management = { value: true, provenance: 'explicit', location };
      if (!categories.includes('Data')) return;
      const type = equals('resources.type');
      const arn = fields.find((f) => f.field === 'resources.ARN');
      const readOnly = equals('readOnly');
      const values = arn ? [...(Array.isArray(arn.starts_with) ? arn.starts_with : []), ...(Array.isArray(arn.equals) ? arn.equals : [])] : undefined;
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

export function adaptTerraformCloudTrail(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_cloudtrail')) {
    const { management, data } = selectors(raw, ctx);
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
