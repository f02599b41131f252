// ENC-LAMBDA-004: each function's log group is declared (with retention and KMS) and created before it.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const functionLogGroupFirst: Rule = {
  id: 'ENC-LAMBDA-004',
  title: "Each function's log group is declared with retention and KMS, before the function",
  description:
    'If the function starts before its log group exists, Lambda creates the group itself: unencrypted and never expiring. The group is declared, encrypted, with retention, and the function depends on it.',
  service: 'lambda',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.3.2', '10.5.1'] },
  evaluate(model) {
    return resultOf(
      model.functions.map((f) => {
        const group = model.logGroups.find((g) => g.address === f.logGroup.target);
        if (!group) {
          if (f.name.provenance === 'unknown' && model.logGroups.some((g) => g.name.provenance === 'unknown'))
            return check('unknown', f, `${f.address}'s log group name is known only after apply`, f.name.location);
          return check(
            'non-compliant',
            f,
            `no log group is declared for ${f.address}, so Lambda would create one unencrypted and never expiring`,
          );
        }
        // Created after the group: it depends on it, or refers to it (LoggingConfig naming the group by reference).
        const ordered = f.createdAfter.includes(group.address);
        if (!ordered)
          return check(
            'non-compliant',
            f,
            `${f.address} does not depend on ${group.address}; it may start first and Lambda would create the group itself`,
            f.location,
            group.address,
          );
        const missing = [
          group.retentionDays.value === 0 && group.retentionDays.provenance === 'default' ? 'retention' : '',
          group.kmsKey.provenance === 'default' ? 'a KMS key' : '',
        ].filter(Boolean);
        if (missing.length > 0)
          return check(
            'non-compliant',
            f,
            `${group.address} (the log group of ${f.address}) has no ${missing.join(' and no ')}`,
            group.location,
            group.address,
          );
        return check(
          'compliant',
          f,
          `${f.address} depends on ${group.address}, declared with retention and a KMS key`,
          group.location,
          group.address,
        );
      }),
    );
  },
};
