// What a rule is and what it returns. Rules are pure functions over the model and the analyses computed once before
// them (no I/O, no analysis of their own); control ids are data.
import type { Analysis } from '../analysis/index.ts';
import type { SourceLocation, Value } from '../load/types.ts';
import type { Model } from '../model/model.ts';

/** unknown is never a pass: a rule that needs a value only apply can tell says so. */
export type Verdict = 'compliant' | 'non-compliant' | 'not-applicable' | 'unknown';

/** The one order of verdicts: the worse, the higher (non-compliant > unknown > compliant > not applicable). */
export const VERDICT_ORDER: Readonly<Record<Verdict, number>> = {
  'not-applicable': 0,
  compliant: 1,
  unknown: 2,
  'non-compliant': 3,
};

/** The worst of some verdicts; not applicable when there are none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'not-applicable';
  for (const v of verdicts) if (VERDICT_ORDER[v] > VERDICT_ORDER[worst]) worst = v;
  return worst;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One decision about one resource (or one principal × action × resource, one network path…). */
export interface Check {
  verdict: Exclude<Verdict, 'not-applicable'>;
  /** Address of the resource the check is about (`module.raw.aws_s3_bucket.this`, a CFN logical id). */
  resource: string;
  /** Full sentence, no card data: what holds or what is wrong. */
  message: string;
  /** Where the deciding value was written (or the resource block, when the value is absent). */
  location?: SourceLocation;
  /** The deciding value, as evaluated (for the evidence report). */
  value?: Value;
}

export interface RuleResult {
  /** Worst of the checks (non-compliant > unknown > compliant); not-applicable when there are none. */
  verdict: Verdict;
  checks: Check[];
}

export interface Rule {
  /** Stable id, `ENC-<SERVICE>-<NNN>`, e.g. `ENC-S3-001`. */
  id: string;
  title: string;
  /** Why it matters, in a sentence or two. */
  description: string;
  service: string;
  severity: Severity;
  controls: { 'pci-dss-4.0.1': string[] };
  /** Well-known scanners' checks covering the same ground, for cross-reference and coverage measurement. */
  crossReference?: { checkov?: string[]; cdkNag?: string[]; securityHub?: string[]; trivy?: string[] };
  evaluate(model: Model, analysis: Analysis): RuleResult;
}

export function resultOf(checks: Check[]): RuleResult {
  return { verdict: worstVerdict(checks.map((c) => c.verdict)), checks };
}
