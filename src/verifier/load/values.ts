// Helpers over loaded values, shared by every stage after the loaders: recognising the symbolic values (unknowns,
// templates) among ordinary ones, and finding where an argument was written.
import type { RawResource, SourceLocation, TemplateValue, UnknownValue, Value } from './types.ts';

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
