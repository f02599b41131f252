// What every report format shows, computed once: verdicts per requirement, findings, counts. Pure.
import type { Value } from '../load/types.ts';
import { inferServices } from '../analysis/contracts/inferred.ts';
import { show } from '../model/fields.ts';
import type { StackVerification, Verification } from '../results.ts';
import type { RuleOutcome } from '../rules/engine.ts';
import { VERDICT_ORDER, type Verdict } from '../rules/types.ts';

export interface RequirementVerdict {
  id: string;
  verdict: Verdict;
  rules: { id: string; title: string; verdict: Verdict }[];
}

function compareIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function requirementsOf(outcomes: RuleOutcome[]): RequirementVerdict[] {
  const byId = new Map<string, RequirementVerdict>();
  for (const o of outcomes) {
    for (const id of o.controls) {
      const r = byId.get(id) ?? { id, verdict: 'not-applicable' as Verdict, rules: [] };
      r.rules.push({ id: o.id, title: o.title, verdict: o.verdict });
      if (VERDICT_ORDER[o.verdict] > VERDICT_ORDER[r.verdict]) r.verdict = o.verdict;
      byId.set(id, r);
    }
  }
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}

export interface Counts { compliant: number; 'non-compliant': number; unknown: number; 'not-applicable': number; suppressed: number }

export function countsOf(stack: StackVerification): Counts {
  const counts: Counts = { compliant: 0, 'non-compliant': 0, unknown: 0, 'not-applicable': 0, suppressed: 0 };
  for (const o of stack.run?.outcomes ?? []) counts[o.verdict]++;
  counts.suppressed = (stack.run?.suppressions ?? []).filter((s) => s.status === 'applied').length;
  return counts;
}

/** A value for display: short, one line. */
export function brief(value: Value | undefined, max = 160): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : show(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function allFailed(v: Verification): boolean {
  return v.failed;
}

/** The services a function calls: its contract's, or, for code that is not ours, what its role and environment say. */
export function servicesCalled(s: StackVerification, place: string): string[] {
  const proof = s.analysis?.contracts.find((c) => c.link.function === place);
  if (proof?.link.contract) return proof.link.contract.services;
  const fn = s.model?.functions.find((f) => f.address === place);
  return fn && s.model ? inferServices(s.model, fn).map((x) => x.service) : [];
}
