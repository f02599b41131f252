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

/** The longest candidate (`fill` repeated, or a letter then `fill`) that `accepts` takes, up to LIMIT characters. */
export function longestAccepted(accepts: (candidate: string) => boolean): { longest: string | undefined; unbounded: boolean } {
  let best: string | undefined;
  for (const fill of FILLS) {
    for (const first of ['', 'a']) {
      for (let length = LIMIT; length >= 1; length--) {
        if (best !== undefined && length <= best.length) break;
        const candidate = (first + fill.repeat(length)).slice(0, length);
        if (accepts(candidate)) { best = candidate; break; }
      }
    }
  }
  return { longest: best, unbounded: best !== undefined && best.length >= LIMIT };
}
