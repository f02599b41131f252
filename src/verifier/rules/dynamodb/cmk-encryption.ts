// ENC-DDB-002: tables encrypted with a customer-managed key.
import { check, cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const tableCmk: Rule = {
  id: 'ENC-DDB-002',
  title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
  description:
    'Tables holding tokens, ledgers or audit records are encrypted with a key the entity controls, not the AWS owned or AWS managed key.',
  service: 'dynamodb',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1'] },
  crossReference: { checkov: ['CKV_AWS_119'] },
  evaluate(model) {
    return resultOf(
      model.tables.map((t) => {
        if (t.sseEnabled.provenance === 'unknown')
          return check(
            'unknown',
            t,
            `${t.address}: whether SSE uses KMS is known only after apply`,
            t.sseEnabled.location,
          );
        if (t.sseEnabled.value !== true)
          return check(
            'non-compliant',
            t,
            `${t.address} uses the AWS owned key (server-side encryption with KMS not enabled)`,
            t.sseEnabled.location,
            false,
          );
        return cmkCheck(
          model,
          t,
          t.kmsKey,
          t.address,
          'KMS encryption without a key ARN uses the AWS managed key aws/dynamodb',
        );
      }),
    );
  },
};
