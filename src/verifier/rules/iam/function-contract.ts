import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

export const functionContract: Rule = {
  id: 'ENC-IAM-010',
  title: 'Each function gets what its contract needs: variables set, calls allowed, services reachable',
  description:
    'The build declares what each function reads and calls; the environment must set every variable, allow every call on the resource the variable names (identity, resource and key policies together) and give a network path to every service — otherwise the function fails with AccessDenied or times out at run time.',
  service: 'lambda',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.5', '6.4.1'] },
  evaluate(_model, analysis) {
    const checks: Check[] = [];
    for (const { link, findings } of analysis.contracts) {
      for (const f of findings)
        if (f.kind !== 'excess')
          checks.push({ verdict: f.verdict, resource: link.function, message: f.message, location: f.location });
    }
    return resultOf(checks);
  },
};
