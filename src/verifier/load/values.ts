// Helpers over loaded values, shared by every stage after the loaders: recognising the symbolic values (unknowns,
// templates) among ordinary ones, and finding where an argument was written.
import type { LoadedStack, RawResource, SourceLocation, TemplateValue, UnknownValue, Value } from './types.ts';

export function isUnknownValue(value: unknown): value is UnknownValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'unknown'
    && typeof (value as { address?: unknown }).address === 'string';
}

export function isTemplateValue(value: unknown): value is TemplateValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'template'
    && Array.isArray((value as { parts?: unknown }).parts);
}

/** An object or block body: not a list, not an unknown, not a template. */
export function isObjectValue(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknownValue(value) && !isTemplateValue(value);
}

/** The best location for a path: the path itself, its closest written ancestor, or the resource block. */
export function locate(raw: RawResource, path: string): SourceLocation {
  const candidates = [path, path.replace(/\.(\d+)(?=\.|$)/g, '.0')];
  for (const candidate of candidates) {
    let p = candidate;
    while (p !== '') {
      const found = raw.locations[p];
      if (found) return found;
      const cut = p.lastIndexOf('.');
      p = cut < 0 ? '' : p.slice(0, cut);
    }
  }
  return raw.locations[''] ?? { file: '(unknown)', line: 0 };
}

/** Every unknown inside a value (in templates too). */
export function unknownsIn(value: Value, out: UnknownValue[] = []): UnknownValue[] {
  if (value === null || typeof value !== 'object') return out;
  if (isUnknownValue(value)) {
    out.push(value);
  } else if (isTemplateValue(value)) {
    for (const part of value.parts) if (typeof part !== 'string') out.push(part);
  } else if (Array.isArray(value)) {
    for (const item of value as readonly Value[]) unknownsIn(item, out);
  } else {
    for (const item of Object.values(value as { readonly [key: string]: Value })) unknownsIn(item, out);
  }
  return out;
}

/**
 * Fills in `affects` for every skipped input: the resources whose arguments hold an unknown named after it (its
 * address, or anything under it: `module.vpc` covers `module.vpc.private_subnets`), that sit inside it, or whose
 * values it is given (`inputs`).
 */
export function linkSkipped(stack: LoadedStack): void {
  if (!stack.skipped || stack.skipped.length === 0) return;
  const under = (address: string, root: string) => root === '*' || address === root || address.startsWith(`${root}.`) || address.startsWith(`${root}[`);
  for (const skipped of stack.skipped) {
    const affected = new Set(skipped.affects);
    for (const resource of stack.resources) {
      if (under(resource.address, skipped.address)) affected.add(resource.address);
      else if (skipped.inputs?.some((input) => under(resource.address, input))) affected.add(resource.address);
      else if (unknownsIn(resource.attributes as Value).some((u) => under(u.address, skipped.address))) affected.add(resource.address);
    }
    skipped.affects = [...affected].sort();
  }
}
