// The PCI DSS v4.0.1 pack: every rule whose controls map to the standard, at the severity the rule declares
// unless this pack raises it. The exact list is pinned by test/verifier/rules/pack.test.ts.
import { allRules } from '../index.ts';
import type { Severity } from '../types.ts';
import type { Pack } from './types.ts';

/** Where the pack judges more severely than the rule's own default. */
const OVERRIDES: Record<string, Severity> = {
  'ENC-S3-006': 'critical', // audit records that can be deleted defeat 10.3.2 outright
  'ENC-LOGS-002': 'critical', // a shortened retention is the classic test setting left in production
};

export const pciDss401: Pack = {
  id: 'pci-dss-4.0.1',
  title: 'PCI DSS v4.0.1',
  entries: allRules
    .filter((rule) => rule.controls['pci-dss-4.0.1'].length > 0)
    .map((rule) => ({ rule, severity: OVERRIDES[rule.id] ?? rule.severity })),
};
