// The longest value each bounded string input accepts (a Terraform root variable with validation blocks, a
// CloudFormation String parameter with AllowedPattern or MaxLength), found by asking the declaration itself:
// candidate values of growing length are tested against it. Names built from inputs are then judged at their
// longest (a suffix the validation allows must still fit every name AWS limits).
import type { SourceLocation } from './types.ts';

export interface InputBound {
  name: string;
  /** The longest accepted value found among the candidates, or undefined when none of them is accepted. */
  longest: string | undefined;
  /** True when even the longest candidate is accepted: the declaration does not bound the length. */
  unbounded: boolean;
  location: SourceLocation;
}

/** Characters candidates are made of: most name-like patterns accept one of them throughout. */
const FILLS = ['a', '0', 'z', 'A', '9', '-'];
const LIMIT = 512;

/**
 * The longest candidate (`fill` repeated, or a letter then `fill`) that `accepts` takes, up to LIMIT characters.
 * Length bounds in validations are ranges ({m,n}, length(x) <= n): the shortest accepted length is found by counting
 * up from 1, the longest by bisecting above it, so a declaration is asked a few dozen times, not hundreds.
 */
export function longestAccepted(declarationAccepts: (candidate: string) => boolean): {
  longest: string | undefined;
  unbounded: boolean;
} {
  let best: string | undefined;
  // Fill 'a' after a first 'a' is fill 'a' alone, and bisection revisits lengths: each candidate is asked once.
  const asked = new Map<string, boolean>();
  const accepts = (candidate: string) => {
    let answer = asked.get(candidate);
    if (answer === undefined) {
      answer = declarationAccepts(candidate);
      asked.set(candidate, answer);
    }
    return answer;
  };
  for (const fill of FILLS) {
    for (const first of ['', 'a']) {
      const make = (length: number) => (first + fill.repeat(length)).slice(0, length);
      let low = 0;
      for (let length = 1; length <= 64; length++)
        if (accepts(make(length))) {
          low = length;
          break;
        }
      if (low === 0) continue;
      if (accepts(make(LIMIT))) return { longest: make(LIMIT), unbounded: true };
      let high = LIMIT;
      while (high - low > 1) {
        const mid = (low + high) >> 1;
        if (accepts(make(mid))) low = mid;
        else high = mid;
      }
      if (best === undefined || low > best.length) best = make(low);
    }
  }
  return { longest: best, unbounded: false };
}
