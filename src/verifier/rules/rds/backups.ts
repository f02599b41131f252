// ENC-RDS-003: automated backups kept at least 7 days.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const dbBackups: Rule = {
  id: 'ENC-RDS-003',
  title: 'RDS backups are kept at least 7 days',
  description: 'Automated backups allow the database to be restored after corruption or an incident.',
  service: 'rds',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['12.10.1', '10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_133'], securityHub: ['RDS.11'], cdkNag: ['PCI.DSS.321-RDSInBackupPlan'] },
  evaluate(model) {
    return resultOf(
      model.dbInstances.map((d) =>
        fieldCheck(d, d.backupRetentionDays, (v) => v !== undefined && v >= 7, {
          ok: `${d.address} keeps backups ${d.backupRetentionDays.value} days`,
          bad: `${d.address} keeps backups ${d.backupRetentionDays.value ?? 0} days (< 7)`,
        }),
      ),
    );
  },
};
