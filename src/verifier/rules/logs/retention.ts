// ENC-LOGS-002: log groups keep logs for at least a year.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const logGroupRetention: Rule = {
  id: 'ENC-LOGS-002',
  title: 'Log groups keep logs at least 365 days',
  description: 'Audit log history is retained for at least 12 months with at least the most recent 3 months immediately available; CloudWatch Logs is immediately available, so its retention must be ≥ 365 days (or never expire). A shorter test setting shows here.',
  service: 'logs',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_338'], cdkNag: ['PCI.DSS.321-CloudWatchLogGroupRetentionPeriod'] },
  evaluate(model) {
    return resultOf(model.logGroups.map((g) => {
      const r = g.retentionDays;
      if (r.provenance === 'unknown') return check('unknown', g, `${g.address}'s retention is known only after apply`, r.location);
      if (r.value === 0 || r.value === undefined) return check('compliant', g, `${g.address} never expires its logs`, r.location, 0);
      if (r.value < 365) return check('non-compliant', g, `${g.address} keeps logs ${r.value} days (< 365)`, r.location, r.value);
      return check('compliant', g, `${g.address} keeps logs ${r.value} days`, r.location, r.value);
    }));
  },
};
