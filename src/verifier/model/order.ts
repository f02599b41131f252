// Creation order: what a resource waits for before it is created (its explicit depends_on / DependsOn and every
// resource its arguments refer to), followed transitively. A Terraform module address in depends_on stands for every
// resource of that module.
import type { Model } from './model.ts';

function expand(model: Model, address: string): string[] {
  if (model.dependencies.has(address)) return [address];
  if (!address.startsWith('module.')) return [address];
  return [...model.dependencies.keys()].filter((a) => a.startsWith(`${address}.`) || a.startsWith(`${address}[`));
}

/** True when `later` is created only after `earlier` exists (or one of the addresses in `earlier`). */
export function waitsFor(model: Model, later: string, earlier: string | ((address: string) => boolean)): boolean {
  const match = typeof earlier === 'string' ? (a: string) => a === earlier : earlier;
  const seen = new Set<string>();
  const stack = [later];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const dep of model.dependencies.get(current) ?? []) {
      for (const a of expand(model, dep)) {
        if (seen.has(a)) continue;
        seen.add(a);
        if (match(a)) return true;
        stack.push(a);
      }
    }
  }
  return false;
}
