// ENC-LAMBDA-001: environment variables encrypted with a customer-managed key.
import { check, cmkCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const functionEnvironmentCmk: Rule = {
  id: 'ENC-LAMBDA-001',
  title: 'Lambda environment variables are encrypted with a customer-managed key',
  description:
    'Configuration that may carry key ids, table names or secrets references is encrypted at rest with a key the entity controls.',
  service: 'lambda',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1.2'] },
  crossReference: { checkov: ['CKV_AWS_173'] },
  evaluate(model) {
    return resultOf(
      model.functions.map((f) => {
        const env = f.environment;
        const empty =
          env.provenance === 'default' ||
          (env.value !== undefined &&
            typeof env.value === 'object' &&
            env.value !== null &&
            !Array.isArray(env.value) &&
            Object.keys(env.value).length === 0);
        if (empty && f.kmsKey.provenance === 'default')
          return check('compliant', f, `${f.address} has no environment variables to encrypt`, env.location);
        return cmkCheck(
          model,
          f,
          f.kmsKey,
          `${f.address}'s environment`,
          'without kms_key_arn Lambda uses the AWS managed key aws/lambda',
        );
      }),
    );
  },
};
