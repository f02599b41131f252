// What the IAM evaluator decides, and the one order of its decisions (how much a request gets through).
export type Decision = 'allowed' | 'denied' | 'conditional' | 'unknown';

/** denied < unknown < conditional < allowed: the higher, the more the principal gets. */
export const DECISION_RANK: Record<Decision, number> = { denied: 0, unknown: 1, conditional: 2, allowed: 3 };

/** The decision that lets less through. */
export function weakest(a: Decision, b: Decision): Decision {
  return DECISION_RANK[a] <= DECISION_RANK[b] ? a : b;
}

/** True when `a` lets more through than `b`. */
export function morePermissive(a: Decision, b: Decision): boolean {
  return DECISION_RANK[a] > DECISION_RANK[b];
}

/** The rank of an outcome, with an explicit deny below an implicit one (the most permissive of several wins). */
export function strength(result: { decision: Decision; explicitDeny: boolean }): number {
  return result.decision === 'denied' ? (result.explicitDeny ? 0 : 1) : DECISION_RANK[result.decision] + 1;
}
