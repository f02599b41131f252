// ENC-RDS-011: enhanced monitoring writes to an RDSOSMetrics log group the stack created first, under its own key.
import type { DbInstance, LogGroup } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.CloudWatchLogs.html';

/** Whether the instance waits for the group: it names it, depends on it, or depends on the module that holds it. */
function orderedAfter(db: DbInstance, group: LogGroup): boolean {
  return db.createdAfter.some(
    (d) => d === group.address || group.address.startsWith(`${d}.`) || group.sources.includes(d),
  );
}

export const dbOsMetricsLogGroup: Rule = {
  id: 'ENC-RDS-011',
  title: 'Enhanced monitoring writes to an RDSOSMetrics log group the stack created first, with its own key',
  description: `RDS enhanced monitoring sends every instance's OS metrics (including its process list) to one log group per account and Region, RDSOSMetrics (${DOC}). When it does not exist RDS creates it on first use, with CloudWatch Logs' default encryption instead of a customer-managed key and a 30-day retention, and the stack's log rules never see it. An instance with a monitoring interval passes when the stack creates RDSOSMetrics (its key and retention are then judged like every log group's) and the instance is created after it; otherwise RDS may create it first, and the stack's CreateLogGroup then fails. Because the name is account-wide, the group belongs behind a switch (ENC-ACCT-001) for accounts where it already exists.`,
  service: 'rds',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '10.3.2', '10.5.1'] },
  evaluate(model) {
    const groups = model.logGroups.filter((g) => g.name.value === 'RDSOSMetrics');
    return resultOf(
      model.dbInstances.flatMap((db): Check[] => {
        const interval = db.monitoringInterval;
        if (interval.provenance === 'unknown')
          return [
            check(
              'unknown',
              db,
              `whether ${db.address} uses enhanced monitoring (monitoring_interval) is known only after apply`,
              interval.location,
            ),
          ];
        if (!interval.value) return [];
        const group = groups[0];
        if (!group)
          return [
            check(
              'non-compliant',
              db,
              `${db.address} sends enhanced-monitoring metrics every ${interval.value} s to RDSOSMetrics, which the stack does not create: RDS creates it on first use without a customer-managed key and keeps events 30 days`,
              interval.location,
              interval.value,
            ),
          ];
        if (!orderedAfter(db, group))
          return [
            check(
              'non-compliant',
              db,
              `${db.address} is not created after ${group.address}: RDS may create RDSOSMetrics first (without the stack's key), and the stack's CreateLogGroup then fails`,
              db.location,
            ),
          ];
        return [
          check(
            'compliant',
            db,
            `${db.address}'s enhanced monitoring writes to ${group.address}, which the stack creates before the instance`,
            interval.location,
            interval.value,
          ),
        ];
      }),
    );
  },
};
