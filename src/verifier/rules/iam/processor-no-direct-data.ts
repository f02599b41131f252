import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';
import { dutyPrincipals, mustBeDenied, principalCheck } from './shared.ts';

export const processorNoDirectData: Rule = {
  id: 'ENC-IAM-008',
  title: 'Data-processor roles reach card data only through the functions',
  description:
    'People and services that start processing jobs invoke the functions; they must not read, write or delete the raw or processed card data themselves, directly or by escalation.',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.2.3'] },
  evaluate(_model, analysis) {
    const { iam, principals } = dutyPrincipals(analysis, 'data-processor');
    const checks: Check[] = [];
    for (const p of principals) {
      const before = checks.length;
      for (const r of iam.resources.filter((x) => x.classification === 'card-data')) {
        for (const cap of ['read-data', 'write-data', 'delete-data'] as const) {
          const c = mustBeDenied(analysis, p, cap, r, {
            explicit: false,
            why: 'The data-processor role may only invoke the processing functions.',
          });
          if (c) checks.push(c);
        }
      }
      for (const key of iam.resources.filter((x) => x.kind === 'kms-key')) {
        const c = mustBeDenied(analysis, p, 'decrypt', key, {
          explicit: false,
          why: 'The data-processor role may only invoke the processing functions.',
        });
        if (c) checks.push(c);
      }
      if (checks.length === before)
        checks.push(
          principalCheck('compliant', p, `${p.id} is a data-processor role and no card-data resource is in scope`),
        );
    }
    return resultOf(checks);
  },
};
