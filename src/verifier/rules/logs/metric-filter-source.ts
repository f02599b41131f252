// ENC-LOGS-003: every metric filter watches a log group something in the stack writes.
import type { LogGroup, Model } from '../../model/model.ts';
import { check, tagValue } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

/** What writes to a log group: functions, flow logs, trails, RDS log exports, or a writer declared with the tag enclave:writer. */
export function writersOf(model: Model, group: LogGroup): string[] {
  const name = group.name.value;
  const out: string[] = [];
  for (const fn of model.functions) if (fn.logGroup.target === group.address) out.push(fn.address);
  for (const flow of model.flowLogs) if (flow.destinationType.value === 'cloud-watch-logs' && flow.logGroup.target === group.address) out.push(flow.address);
  for (const trail of model.trails) if (trail.logGroup.target === group.address) out.push(trail.address);
  for (const db of model.dbInstances) {
    const id = db.identifier.value;
    if (id === undefined || name === undefined) continue;
    for (const kind of db.logExports.value ?? []) if (name === `/aws/rds/instance/${id}/${kind}`) out.push(`${db.address} (${kind} log export)`);
  }
  const declared = tagValue(group.tags, 'enclave:writer');
  if (declared) out.push(`${declared} (declared by the tag enclave:writer)`);
  return out;
}

export const metricFilterSource: Rule = {
  id: 'ENC-LOGS-003',
  title: 'Metric filters watch log groups something writes',
  description: 'A metric filter — and every alarm on its metric — only ever fires on events in the log group it watches. A filter on a group that no function, flow log, trail or database log export of the stack writes, and that declares no outside writer (tag enclave:writer), is a detection that never fires (PCI DSS 10.4.1, 10.7.1). A group that only exists by name (not in the stack) is judged by who would create it: /aws/lambda/<function> for a function of the stack, /aws/rds/instance/<id>/<log> for an exported database log.',
  service: 'logs',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.4.1.1', '10.7.1'] },
  evaluate(model) {
    return resultOf(model.metricFilters.map((filter): Check => {
      const group = model.logGroups.find((g) => g.address === filter.logGroup.target || (filter.logGroupName.value !== undefined && g.name.value === filter.logGroupName.value));
      const where = `${filter.address} (pattern ${filter.pattern.value ?? '(known after apply)'})`;
      if (!group) {
        const name = filter.logGroupName.value;
        if (name === undefined) return check('unknown', filter, `${where} watches a log group known only after apply`, filter.logGroupName.location);
        const fn = model.functions.find((f) => f.name.value !== undefined && name === `/aws/lambda/${f.name.value}`);
        if (fn) return check('compliant', filter, `${where} watches ${name}, which ${fn.address} writes`, filter.logGroupName.location);
        const db = model.dbInstances.find((d) => d.identifier.value !== undefined && (d.logExports.value ?? []).some((k) => name === `/aws/rds/instance/${d.identifier.value}/${k}`));
        if (db) return check('compliant', filter, `${where} watches ${name}, which ${db.address} exports`, filter.logGroupName.location);
        return check('unknown', filter, `${where} watches ${name}, which is not in this stack; what writes to it is unknown`, filter.logGroupName.location);
      }
      const writers = writersOf(model, group);
      if (writers.length > 0) return check('compliant', filter, `${where} watches ${group.address}, written by ${writers.join(', ')}`, filter.location);
      return check('non-compliant', filter, `${where} watches ${group.address}${group.name.value ? ` (${group.name.value})` : ''}, which nothing in the stack writes: the filter never counts anything and its alarms never fire (point it at the log that carries the event, or tag the group enclave:writer with what writes it)`, filter.logGroup.location);
    }));
  },
};
