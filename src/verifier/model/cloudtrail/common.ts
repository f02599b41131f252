// Event selectors of a trail, basic and advanced, read the same way in both dialects (only the argument names differ).
import type { RawResource, Value } from '../../load/types.ts';
import type { AdaptContext } from '../context.ts';
import { at, locate, objects, refOf } from '../fields.ts';
import type { Field, Ref, TrailDataSelector } from '../model.ts';

export interface SelectorNames {
  basic: string; includeManagement: string; readWrite: string; dataResources: string; type: string; values: string;
  advanced: string; fields: string; field: string; equals: string; startsWith: string;
}

export const TERRAFORM_SELECTORS: SelectorNames = {
  basic: 'event_selector', includeManagement: 'include_management_events', readWrite: 'read_write_type', dataResources: 'data_resource', type: 'type', values: 'values',
  advanced: 'advanced_event_selector', fields: 'field_selector', field: 'field', equals: 'equals', startsWith: 'starts_with',
};

export const CLOUDFORMATION_SELECTORS: SelectorNames = {
  basic: 'EventSelectors', includeManagement: 'IncludeManagementEvents', readWrite: 'ReadWriteType', dataResources: 'DataResources', type: 'Type', values: 'Values',
  advanced: 'AdvancedEventSelectors', fields: 'FieldSelectors', field: 'Field', equals: 'Equals', startsWith: 'StartsWith',
};

const list = (v: Value | undefined): Value[] => (Array.isArray(v) ? [...v] : v === undefined ? [] : [v]);

/** Whether management events are recorded, and the data events selected. */
export function readSelectors(raw: RawResource, ctx: AdaptContext, n: SelectorNames): { management: Field<boolean>; data: TrailDataSelector[] } {
  const data: TrailDataSelector[] = [];
  const basic = objects(at(raw.attributes, n.basic));
  const advanced = objects(at(raw.attributes, n.advanced));
  let management: Field<boolean> = { value: true, provenance: 'default', location: locate(raw, '') };
  if (basic.length > 0) {
    // With event selectors, management events are recorded only where a selector asks for them.
    management = { value: basic.some((s) => s[n.includeManagement] !== false), provenance: 'explicit', location: locate(raw, `${n.basic}.0`) };
    basic.forEach((s, i) => {
      for (const [j, r] of objects(s[n.dataResources]).entries()) {
        const location = locate(raw, `${n.basic}.${i}.${n.dataResources}.${j}`);
        const type = r[n.type];
        const rw = s[n.readWrite];
        data.push({
          resourceType: typeof type === 'string' ? { value: type, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location },
          resources: list(r[n.values]).map((v) => refOf(v, location, ctx.addresses)),
          readWrite: typeof rw === 'string' ? { value: rw, provenance: 'explicit', location } : { value: 'All', provenance: 'default', location },
          location,
        });
      }
    });
  }
  if (advanced.length > 0) {
    management = { value: false, provenance: 'explicit', location: locate(raw, `${n.advanced}.0`) };
    advanced.forEach((s, i) => {
      const location = locate(raw, `${n.advanced}.${i}`);
      const fields = objects(s[n.fields]);
      const equals = (name: string) => list(fields.find((f) => f[n.field] === name)?.[n.equals]);
      const categories = equals('eventCategory');
      if (categories.includes('Management')) management = { value: true, provenance: 'explicit', location };
      if (!categories.includes('Data')) return;
      const type = equals('resources.type')[0];
      const arn = fields.find((f) => f[n.field] === 'resources.ARN');
      const readOnly = equals('readOnly')[0];
      data.push({
        resourceType: typeof type === 'string' ? { value: type, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location },
        resources: arn ? [...list(arn[n.startsWith]), ...list(arn[n.equals])].map((v) => refOf(v, location, ctx.addresses)) as Ref[] : 'all',
        readWrite: readOnly !== undefined ? { value: readOnly === 'true' || readOnly === true ? 'ReadOnly' : 'WriteOnly', provenance: 'explicit', location } : { value: 'All', provenance: 'default', location },
        location,
      });
    });
  }
  return { management, data };
}
