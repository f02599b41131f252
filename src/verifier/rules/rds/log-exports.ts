// ENC-RDS-007: databases export their logs to CloudWatch Logs, into groups the stack creates.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { engineKind } from './common.ts';

const DOC = 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html';

export const dbLogExports: Rule = {
  id: 'ENC-RDS-007',
  title: 'Databases export their logs to encrypted, retained log groups',
  description: `Database logins, failures and schema changes are audit events (PCI DSS 10.2.1.4, 10.2.1.5): PostgreSQL exports its postgresql log, MySQL and MariaDB their audit and error logs (${DOC}). RDS writes each export to /aws/rds/instance/<identifier>/<log>, creating that group itself — with no customer key and no expiry — unless the stack creates it first; so each exported group must be a log group of the stack.`,
  service: 'rds',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.2.1.4', '10.3.2', '10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_129'], securityHub: ['RDS.9'] },
  evaluate(model) {
    return resultOf(model.dbInstances.flatMap((d): Check[] => {
      if (d.engine.provenance === 'unknown' || d.logExports.provenance === 'unknown') return [check('unknown', d, `${d.address}'s engine or log exports are known only after apply`, d.logExports.location)];
      const kind = engineKind(d.engine.value);
      const required = kind === 'postgres' ? ['postgresql'] : kind === 'mysql' ? ['audit', 'error'] : [];
      const exports = d.logExports.value ?? [];
      const out: Check[] = [];
      const missing = required.filter((r) => !exports.includes(r));
      if (missing.length > 0) out.push(check('non-compliant', d, `${d.address} does not export its ${missing.join(' and ')} log to CloudWatch Logs`, d.logExports.location, exports.join(',')));
      for (const kindOfLog of exports) {
        if (d.identifier.provenance === 'unknown' || d.identifier.value === undefined) { out.push(check('unknown', d, `${d.address}'s identifier is known only after apply, so the group its ${kindOfLog} log goes to is unknown`, d.identifier.location)); continue; }
        const name = `/aws/rds/instance/${d.identifier.value}/${kindOfLog}`;
        const group = model.logGroups.find((g) => g.name.value === name);
        if (!group) out.push(check(model.logGroups.some((g) => g.name.provenance === 'unknown') ? 'unknown' : 'non-compliant', d, `${d.address} exports its ${kindOfLog} log to ${name}, which the stack does not create: RDS creates it without a customer-managed key and without expiry`, d.logExports.location, name));
      }
      return out.length > 0 ? out : [check('compliant', d, `${d.address} exports ${exports.join(', ') || 'nothing required'} into log groups the stack creates`, d.logExports.location)];
    }));
  },
};
