// ENC-LAMBDA-004: each function's log group is declared (with retention and KMS) and created before it.
import { isUnknownValue } from '../../model/fields.ts';
import type { LambdaFunction, LogGroup, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

function logGroupOf(model: Model, f: LambdaFunction): LogGroup | undefined {
  const configured = f.logGroupName;
  const raw = model.byAddress.get(f.address);
  const cfnRef = raw?.attributes.LoggingConfig && typeof raw.attributes.LoggingConfig === 'object' ? (raw.attributes.LoggingConfig as Record<string, unknown>).LogGroup : undefined;
  if (isUnknownValue(cfnRef)) return model.logGroups.find((g) => g.address === cfnRef.address);
  const name = configured.value ?? (f.name.value !== undefined ? `/aws/lambda/${f.name.value}` : undefined);
  if (name !== undefined) {
    const byName = model.logGroups.find((g) => g.name.value === name);
    if (byName) return byName;
  }
  return model.logGroups.find((g) => f.dependsOn.includes(g.address));
}

export const functionLogGroupFirst: Rule = {
  id: 'ENC-LAMBDA-004',
  title: "Each function's log group is declared with retention and KMS, before the function",
  description: 'If the function starts before its log group exists, Lambda creates the group itself: unencrypted and never expiring. The group is declared, encrypted, with retention, and the function depends on it.',
  service: 'lambda',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.3.2', '10.5.1'] },
  evaluate(model) {
    return resultOf(model.functions.map((f) => {
      const group = logGroupOf(model, f);
      if (!group) {
        if (f.name.provenance === 'unknown' && model.logGroups.some((g) => g.name.provenance === 'unknown')) return check('unknown', f, `${f.address}'s log group name is known only after apply`, f.name.location);
        return check('non-compliant', f, `no log group is declared for ${f.address}, so Lambda would create one unencrypted and never expiring`);
      }
      const raw = model.byAddress.get(f.address);
      const cfnRef = raw?.attributes.LoggingConfig && typeof raw.attributes.LoggingConfig === 'object' ? (raw.attributes.LoggingConfig as Record<string, unknown>).LogGroup : undefined;
      const ordered = f.dependsOn.includes(group.address) || (isUnknownValue(cfnRef) && cfnRef.address === group.address);
      if (!ordered) return check('non-compliant', f, `${f.address} does not depend on ${group.address}; it may start first and Lambda would create the group itself`, f.location, group.address);
      const missing = [group.retentionDays.value === 0 && group.retentionDays.provenance === 'default' ? 'retention' : '', group.kmsKey.provenance === 'default' ? 'a KMS key' : ''].filter(Boolean);
      if (missing.length > 0) return check('non-compliant', f, `${group.address} (the log group of ${f.address}) has no ${missing.join(' and no ')}`, group.location, group.address);
      return check('compliant', f, `${f.address} depends on ${group.address}, declared with retention and a KMS key`, group.location, group.address);
    }));
  },
};
