import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

export const functionLeastPrivilege: Rule = {
  id: 'ENC-IAM-011',
  title: 'Function roles hold nothing beyond their contract on card data and keys',
  description:
    'Least privilege, measured: every read, write, delete or decrypt a function role holds on card-data stores and keys must be one its code calls, so a compromised function cannot reach further.',
  service: 'lambda',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.5'] },
  evaluate(_model, analysis) {
    const checks: Check[] = [];
    for (const { link, findings } of analysis.contracts) {
      if (link.notApplicable) continue;
      if (!link.contract) {
        checks.push({
          verdict: 'unknown',
          resource: link.function,
          message: `${link.function}: ${link.problem ?? 'no contract'}; least privilege cannot be measured`,
          location: link.location,
        });
        continue;
      }
      const excess = findings.filter((f) => f.kind === 'excess');
      for (const f of excess)
        checks.push({ verdict: f.verdict, resource: link.function, message: f.message, location: f.location });
      if (excess.length === 0)
        checks.push({
          verdict: 'compliant',
          resource: link.function,
          message: `${link.function}'s role holds nothing on card-data resources or keys beyond its contract (${link.contract.function})`,
          location: link.location,
        });
    }
    return resultOf(checks);
  },
};
