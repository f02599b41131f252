// ENC-DLV-005: CloudWatch Logs may use the key of every log group encrypted with a customer-managed key.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { keyOf, logGroupArn, needsChecks, regional, resource, type Need } from './common.ts';

const DOC = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html';

export const logGroupKeysUsable: Rule = {
  id: 'ENC-DLV-005',
  title: 'CloudWatch Logs may use the key of each encrypted log group',
  description: `A log group encrypted with a customer-managed key accepts events only if the key policy lets logs.<region>.amazonaws.com encrypt, decrypt and generate data keys under the encryption context kms:EncryptionContext:aws:logs:arn = the group's ARN (${DOC}); otherwise creating the group fails or every PutLogEvents is refused. kms:Encrypt, kms:Decrypt and kms:GenerateDataKey are demanded under that context, as the guide's statement grants them.`,
  service: 'delivery',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.3.2'] },
  evaluate(model, analysis) {
    return resultOf(model.logGroups.flatMap((group): Check[] => {
      if (group.kmsKey.provenance === 'default') return [];
      const key = keyOf(model, group.kmsKey);
      if (!key) return [check('unknown', group, `${group.address} is encrypted with a key that is not in this stack; whether CloudWatch Logs may use it is unknown`, group.kmsKey.location)];
      const logs = regional(analysis, 'logs');
      const needs: Need[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'].map((action) => ({
        what: `CloudWatch Logs uses ${key.address} for ${group.address}`, asker: { service: logs, forAccount: 'this' as const }, action, resource: resource(analysis, key.address),
        request: { 'kms:encryptioncontext:aws:logs:arn': [logGroupArn(analysis, group)], 'kms:encryptioncontext:*': null, 'kms:viaservice': null }, doc: DOC,
      }));
      return needsChecks(analysis, group, needs, `CloudWatch Logs may use ${key.address} for ${group.address}`);
    }));
  },
};
