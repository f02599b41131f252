// The machine-readable report: everything the HTML shows, as data.
import type { Verification } from '../results.ts';
import { countsOf, requirementsOf } from './summary.ts';

interface MatrixLike { rows: unknown[]; columns: unknown[]; cells: unknown[] }

export function reportObject(v: Verification) {
  return {
    tool: v.tool,
    generatedAt: v.generatedAt,
    failed: v.failed,
    stacks: v.stacks.map((s) => {
      const matrix = s.iam.matrix as MatrixLike | undefined;
      return {
        path: s.path,
        dialect: s.dialect,
        failed: s.failed,
        files: s.stack?.files ?? [],
        counts: countsOf(s),
        diagnostics: s.diagnostics,
        notLoaded: s.stack?.skipped ?? [],
        ...(s.stack?.providerSchema ? { providerSchema: s.stack.providerSchema } : {}),
        requirements: s.run ? requirementsOf(s.run.outcomes) : [],
        rules: s.run?.outcomes ?? [],
        suppressions: s.run?.suppressions ?? [],
        network: s.network.map((r) => ({ place: r.place.address, kind: r.place.kind, inVpc: r.place.inVpc, internet: r.internet, services: r.services, subnets: r.subnets })),
        subnets: s.subnets,
        iam: matrix ? { rows: matrix.rows, columns: matrix.columns, cells: matrix.cells } : s.iam.error ? { error: s.iam.error } : undefined,
      };
    }),
  };
}

export function renderJson(v: Verification): string {
  return `${JSON.stringify(reportObject(v), null, 2)}\n`;
}
