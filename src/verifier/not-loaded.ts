// What the loaders did not load (LoadedStack.skipped: registry modules, nested stacks, macros, files plan would
// make) weakens the verdicts it could change.
// - A value that comes from it (a module output, a file's hash, a macro's result) is a named unknown already, and a
//   rule that reads an unknown is unknown: nothing more to do for those.
// - What the loaders cannot see is what it does: a module or nested stack given a resource may configure it (a
//   policy on the bucket whose name it is given), and it may create resources of its own. So a pass on a resource it
//   is given is not proven and becomes unknown, and every rule gets an unknown check naming it: neither "every
//   bucket here denies plain HTTP" nor "nothing here to check" is proven. A macro over the whole template (address
//   `*`) may rewrite anything: every pass is unknown.
// Findings stay findings: what is written is wrong whatever the missing part adds.
import type { SkippedInput } from './load/types.ts';
import type { Model } from './model/model.ts';
import type { PackRun, RuleOutcome } from './rules/engine.ts';
import { worstVerdict, type Verdict } from './rules/types.ts';

const ADDS_RESOURCES: ReadonlySet<SkippedInput['kind']> = new Set(['remote-module', 'missing-module', 'nested-stack']);

/** Whether a skipped input can contribute resources the model does not have. */
export function addsResources(skipped: SkippedInput): boolean {
  return ADDS_RESOURCES.has(skipped.kind) || skipped.address === '*';
}

function describe(skipped: SkippedInput): string {
  return `${skipped.kind} ${skipped.source}`;
}

/** The pack's outcomes with every verdict the skipped inputs could change made unknown. */
export function applyNotLoaded(run: PackRun, model: Model, skipped: readonly SkippedInput[] | undefined): PackRun {
  if (!skipped || skipped.length === 0) return run;
  // A resource's model object answers for it (a bucket for its policy resource), so both addresses count.
  const ownerOf = new Map(model.inventory.map((e) => [e.address, e.owner]));
  const reasons = new Map<string, SkippedInput[]>();
  const note = (address: string, s: SkippedInput) => {
    const list = reasons.get(address) ?? [];
    if (!list.includes(s)) list.push(s);
    reasons.set(address, list);
  };
  const under = (address: string, root: string) => root === '*' || address === root || address.startsWith(`${root}.`) || address.startsWith(`${root}[`);
  for (const s of skipped) {
    if (!addsResources(s)) continue;
    for (const address of s.affects) {
      // Holding a value from it is an unknown already; being given to it, or sitting inside it, is not.
      if (s.address !== '*' && !under(address, s.address) && !(s.inputs ?? []).some((input) => under(address, input))) continue;
      note(address, s);
      const owner = ownerOf.get(address);
      if (owner) note(owner, s);
    }
  }
  const adders = skipped.filter(addsResources);
  const outcomes = run.outcomes.map((o): RuleOutcome => {
    const checks = o.checks.map((c) => {
      if (c.verdict !== 'compliant' || c.suppressedBy) return c;
      const why = reasons.get(c.resource);
      if (!why) return c;
      return { ...c, verdict: 'unknown' as const, message: `not proven: ${c.resource} depends on ${why.map(describe).join(', ')}, which was not loaded (${c.message})` };
    });
    if (!o.error) {
      for (const s of adders) {
        const check = { verdict: 'unknown' as const, resource: s.address, message: `${describe(s)} was not loaded: resources it creates are not checked by this rule (${s.reason})` };
        checks.push(s.location ? { ...check, location: s.location } : check);
      }
    }
    const verdict: Verdict = o.error ? o.verdict : worstVerdict(checks.map((c): Verdict => (c.suppressedBy ? 'compliant' : c.verdict)));
    return { ...o, checks, verdict };
  });
  return { ...run, outcomes };
}
