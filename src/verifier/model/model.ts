// The one resource model both dialects are adapted into. Service objects are added here by the adapters
// (src/verifier/model/<service>/); the IAM part is built by src/verifier/analysis/iam.
import type { LoadedStack, RawResource } from '../load/types.ts';

export interface Model {
  /** What was loaded, verbatim (for digests, diagnostics and rules that need the raw view). */
  stacks: LoadedStack[];
  resources: RawResource[];
  /** Service objects by kind; filled by the adapters. */
  [kind: string]: unknown;
}
