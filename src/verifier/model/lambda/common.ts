// What the Lambda adapters of both dialects share: environment variables one by one, what a function is created
// after, and the bundle name in a path.
import type { RawResource, Value } from '../../load/types.ts';
import { at, isTemplateValue, isUnknownValue, locate, refOf } from '../fields.ts';
import type { EnvironmentVariable } from '../model.ts';

/** Each variable of the environment at `path`; undefined when the environment as a whole is known only after apply. */
export function variablesAt(
  raw: RawResource,
  path: string,
  locationPath: (name: string) => string,
  addresses: ReadonlySet<string>,
): Record<string, EnvironmentVariable> | undefined {
  const value = at(raw.attributes, path);
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || isUnknownValue(value) || isTemplateValue(value))
    return undefined;
  const out: Record<string, EnvironmentVariable> = {};
  for (const [name, v] of Object.entries(value as Record<string, Value>)) {
    if (v === null) continue;
    const location = locate(raw, locationPath(name));
    out[name] = { value: v, ref: refOf(v, location, addresses), sym: [], location };
  }
  return out;
}

/** Addresses a resource is created after: its explicit dependencies and every resource its arguments refer to. */
export function createdAfter(raw: RawResource, addresses: ReadonlySet<string>): string[] {
  const out = new Set<string>(raw.dependsOn);
  const walk = (v: Value | undefined): void => {
    if (v === null || v === undefined || typeof v !== 'object') return;
    if (isUnknownValue(v)) {
      if (addresses.has(v.address)) out.add(v.address);
      return;
    }
    if (isTemplateValue(v)) {
      for (const p of v.parts) if (typeof p !== 'string' && addresses.has(p.address)) out.add(p.address);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const x of Object.values(v as Record<string, Value>)) walk(x);
  };
  walk(raw.attributes as Value);
  return [...out];
}

/** `…/dist/functions/<name>`, `…/dist/functions/<name>.zip` or `…/functions/<name>` → `<name>`. */
export function bundleFromPath(path: string): string | undefined {
  const m =
    path.match(/(?:^|[\\/])dist[\\/]functions[\\/]([^\\/]+?)(?:\.zip)?[\\/]?$/) ??
    path.match(/(?:^|[\\/])functions[\\/]([^\\/]+?)[\\/]?$/);
  return m?.[1];
}

/** A path as text, with what only apply can tell shown as `${address.attribute}`. */
export function pathText(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (isTemplateValue(v))
    return v.parts.map((p) => (typeof p === 'string' ? p : `\${${p.address}.${p.attribute}}`)).join('');
  return undefined;
}
