// The IAM analysis of one model: IAM's view of it, the default request each principal makes, and (for the reports
// that show it) the separation-of-duties matrix. Rules ask it questions through ./questions.ts and ./sod.ts.
import type { Model } from '../../model/model.ts';
import type { ContextFor } from './escalation.ts';
import { defaultContext, sodMatrix, type SodMatrix } from './sod.ts';
import { iamView, type ContractClassifications, type IamView } from './view.ts';

export interface IamAnalysis {
  view: IamView;
  /** The request a principal makes when it tries its best (TLS, SSE-KMS under the bucket's key, its own account). */
  contextFor: ContextFor;
  /** The separation-of-duties matrix, when asked for, or why it could not be built. */
  matrix?: SodMatrix;
  matrixError?: string;
}

export function analyseIam(model: Model, options: { matrix?: boolean; accountId?: string; classifications?: ContractClassifications } = {}): IamAnalysis {
  const view = iamView(model, { ...(options.accountId ? { accountId: options.accountId } : {}), ...(options.classifications ? { classifications: options.classifications } : {}) });
  const analysis: IamAnalysis = { view, contextFor: defaultContext(view) };
  // The full matrix costs seconds on a large stack; only reports that show it ask for it.
  if (options.matrix) {
    try {
      analysis.matrix = sodMatrix(view);
    } catch (error) {
      analysis.matrixError = (error as Error).message;
    }
  }
  return analysis;
}
