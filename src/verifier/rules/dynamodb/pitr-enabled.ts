// ENC-DDB-001: point-in-time recovery on every table.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const tablePitr: Rule = {
  id: 'ENC-DDB-001',
  title: 'DynamoDB tables have point-in-time recovery',
  description:
    'Ledger and audit tables can be restored to any second of the last 35 days after corruption or a bad write.',
  service: 'dynamodb',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.5.1', '12.10.1'] },
  crossReference: { checkov: ['CKV_AWS_28'], securityHub: ['DynamoDB.2'], cdkNag: ['PCI.DSS.321-DynamoDBPITREnabled'] },
  evaluate(model) {
    return resultOf(
      model.tables.map((t) =>
        fieldCheck(t, t.pointInTimeRecovery, (v) => v === true, {
          ok: `${t.address} has point-in-time recovery`,
          bad: `${t.address} has no point-in-time recovery`,
        }),
      ),
    );
  },
};
