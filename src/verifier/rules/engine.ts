// Runs a pack over a model: each rule's result, with suppressions applied. A rule that throws is unknown (never a
// pass); a suppression needs a reason and an unexpired date, and every one is reported, used or not.
import type { Analysis } from '../analysis/index.ts';
import type { SourceLocation, Suppression } from '../load/types.ts';
import type { Model } from '../model/model.ts';
import type { Pack } from './packs/types.ts';
import { worstVerdict, type Check, type Rule, type Severity, type Verdict } from './types.ts';

export interface EvaluatedCheck extends Check {
  /** Set when a valid suppression covers this check: it no longer counts towards the verdict. */
  suppressedBy?: { reason: string; expires: string; location: SourceLocation };
}

export interface RuleOutcome {
  id: string;
  title: string;
  description: string;
  service: string;
  severity: Severity;
  controls: string[];
  crossReference: Rule['crossReference'];
  /** After suppressions. */
  verdict: Verdict;
  checks: EvaluatedCheck[];
  error?: string;
}

export interface SuppressionReport extends Suppression {
  resource: string;
  status: 'applied' | 'unused' | 'expired' | 'invalid';
  message: string;
}

export interface PackRun {
  pack: { id: string; title: string };
  outcomes: RuleOutcome[];
  suppressions: SuppressionReport[];
}

/**
 * Suppressions that apply to a check's resource: its model object's (which include those of its parts) and its
 * resource's.
 */
function suppressionsFor(model: Model, inventory: ReadonlyMap<string, Suppression[]>, resource: string): Suppression[] {
  const fromObject = model.objects.get(resource)?.suppressions ?? [];
  const fromRaw = inventory.get(resource) ?? [];
  const seen = new Set<string>();
  return [...fromObject, ...fromRaw].filter((s) => {
    const key = `${s.ruleId}|${s.location.file}:${s.location.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function runPack(model: Model, analysis: Analysis, pack: Pack, now: Date = new Date()): PackRun {
  const today = now.toISOString().slice(0, 10);
  const inventory = new Map(model.inventory.map((e) => [e.address, e.suppressions]));
  const used = new Map<string, SuppressionReport>();
  const keyOf = (s: Suppression, resource: string) => `${resource}|${s.ruleId}|${s.location.file}:${s.location.line}`;
  const outcomes: RuleOutcome[] = pack.entries.map(({ rule, severity }) => {
    const base = {
      id: rule.id,
      title: rule.title,
      description: rule.description,
      service: rule.service,
      severity,
      controls: rule.controls['pci-dss-4.0.1'],
      crossReference: rule.crossReference,
    };
    let checks: Check[];
    try {
      checks = rule.evaluate(model, analysis).checks;
    } catch (error) {
      return {
        ...base,
        verdict: 'unknown' as Verdict,
        checks: [],
        error: `the rule failed: ${(error as Error).message}`,
      };
    }
    const evaluated: EvaluatedCheck[] = checks.map((c) => {
      if (c.verdict === 'compliant') return c;
      const match = suppressionsFor(model, inventory, c.resource).find((s) => s.ruleId === rule.id);
      if (!match) return c;
      const valid = match.reason.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(match.expires);
      const expired = valid && match.expires < today;
      const status: SuppressionReport['status'] = !valid ? 'invalid' : expired ? 'expired' : 'applied';
      const message =
        status === 'applied'
          ? `suppresses a ${c.verdict} check`
          : status === 'expired'
            ? `expired on ${match.expires}; the finding counts again`
            : 'a suppression needs a reason and an expiry date (YYYY-MM-DD)';
      used.set(keyOf(match, c.resource), { ...match, resource: c.resource, status, message });
      return status === 'applied'
        ? { ...c, suppressedBy: { reason: match.reason, expires: match.expires, location: match.location } }
        : c;
    });
    const verdict = worstVerdict(evaluated.map((c): Verdict => (c.suppressedBy ? 'compliant' : c.verdict)));
    return { ...base, verdict, checks: evaluated };
  });
  // Every suppression written anywhere is listed, even when nothing needed it.
  const suppressions: SuppressionReport[] = [...used.values()];
  for (const entry of model.inventory) {
    for (const s of entry.suppressions) {
      const owner = entry.owner;
      if (
        [...used.values()].some(
          (u) => u.ruleId === s.ruleId && u.location.file === s.location.file && u.location.line === s.location.line,
        )
      )
        continue;
      const valid = s.reason.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(s.expires);
      const status: SuppressionReport['status'] = !valid ? 'invalid' : s.expires < today ? 'expired' : 'unused';
      suppressions.push({
        ...s,
        resource: owner,
        status,
        message:
          status === 'unused'
            ? 'nothing it covers fails'
            : status === 'expired'
              ? `expired on ${s.expires}`
              : 'a suppression needs a reason and an expiry date (YYYY-MM-DD)',
      });
    }
  }
  return { pack: { id: pack.id, title: pack.title }, outcomes, suppressions };
}

/**
 * True when the run has anything that must fail a build: a non-compliant or unknown rule, an expired or invalid
 * suppression.
 */
export function runFails(run: PackRun): boolean {
  return (
    run.outcomes.some((o) => o.verdict === 'non-compliant' || o.verdict === 'unknown') ||
    run.suppressions.some((s) => s.status === 'expired' || s.status === 'invalid')
  );
}
