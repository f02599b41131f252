import type { Rule } from '../types.ts';
import { dbBackups } from './backups.ts';
import { dbCmk } from './cmk-encryption.ts';
import { dbForceSsl } from './force-ssl.ts';
import { dbMultiAz } from './multi-az.ts';
import { dbNotPublic } from './not-public.ts';
import { dbOsMetricsLogGroup } from './os-metrics-log-group.ts';
import { dbNoMasterLogin } from './no-master-login.ts';

export const rdsRules: Rule[] = [dbCmk, dbMultiAz, dbBackups, dbNotPublic, dbForceSsl,
  dbOsMetricsLogGroup, dbNoMasterLogin,
];
