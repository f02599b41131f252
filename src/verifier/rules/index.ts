// Every rule Enclave has, grouped by service. Packs (./packs) select from these.
import { accountRules } from './account/index.ts';
import { cloudtrailRules } from './cloudtrail/index.ts';
import { cloudwatchRules } from './cloudwatch/index.ts';
import { dataRules } from './data/index.ts';
import { deliveryRules } from './delivery/index.ts';
import { dynamodbRules } from './dynamodb/index.ts';
import { eventsRules } from './events/index.ts';
import { guarddutyRules } from './guardduty/index.ts';
import { iamRules } from './iam/index.ts';
import { kmsRules } from './kms/index.ts';
import { lambdaRules } from './lambda/index.ts';
import { logsRules } from './logs/index.ts';
import { namesRules } from './names/index.ts';
import { rdsRules } from './rds/index.ts';
import { s3Rules } from './s3/index.ts';
import { secretsmanagerRules } from './secretsmanager/index.ts';
import { snsRules } from './sns/index.ts';
import { terraformRules } from './terraform/index.ts';
import type { Rule } from './types.ts';
import { vpcRules } from './vpc/index.ts';

export const allRules: Rule[] = [
  ...vpcRules,
  ...kmsRules,
  ...dataRules,
  ...s3Rules,
  ...dynamodbRules,
  ...lambdaRules,
  ...logsRules,
  ...rdsRules,
  ...cloudtrailRules,
  ...guarddutyRules,
  ...secretsmanagerRules,
  ...snsRules,
  ...iamRules,
  ...deliveryRules,
  ...eventsRules,
  ...cloudwatchRules,
  ...namesRules,
  ...accountRules,
  ...terraformRules,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
