import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

export const noAccessKeys: Rule = {
  id: 'ENC-IAM-004',
  title: 'No long-lived access keys in infrastructure code',
  description:
    'An access key created in code is a long-lived secret whose value lands in state files and outputs; workloads use roles and temporary credentials instead.',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['8.3.2', '8.6.2', '8.6.3'] },
  crossReference: { securityHub: ['IAM.3'] },
  evaluate(model) {
    const checks: Check[] = model.accessKeys.map((key) => ({
      verdict: 'non-compliant',
      resource: key.address,
      message: `${key.address} creates a long-lived access key (${key.resourceType}); use a role with temporary credentials`,
      location: key.location,
    }));
    if (checks.length === 0 && model.inventory.length > 0) {
      for (const stack of model.stacks)
        checks.push({
          verdict: 'compliant',
          resource: stack.root,
          message: `${stack.root} creates no IAM access keys`,
          location: { file: stack.files[0]?.path ?? stack.root, line: 1 },
        });
    }
    return resultOf(checks);
  },
};
