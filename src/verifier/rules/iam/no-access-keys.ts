import { locate } from '../../model/fields.ts';
import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { iamOf } from './shared.ts';

export const noAccessKeys: Rule = {
  id: 'ENC-IAM-004',
  title: 'No long-lived access keys in infrastructure code',
  description: 'An access key created in code is a long-lived secret whose value lands in state files and outputs; workloads use roles and temporary credentials instead.',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['8.3.2', '8.6.2', '8.6.3'] },
  crossReference: { securityHub: ['IAM.3'] },
  evaluate(model) {
    const checks: Check[] = [];
    const keys = iamOf(model).accessKeys;
    for (const raw of keys) checks.push({ verdict: 'non-compliant', resource: raw.address, message: `${raw.address} creates a long-lived access key (${raw.type}); use a role with temporary credentials`, location: locate(raw, '') });
    for (const stack of model.stacks) {
      if (keys.some((k) => stack.resources.includes(k))) continue;
      if (stack.resources.length === 0) continue;
      checks.push({ verdict: 'compliant', resource: stack.root, message: `${stack.root} creates no IAM access keys`, location: { file: stack.files[0]?.path ?? stack.root, line: 1 } });
    }
    return resultOf(checks);
  },
};
