import type { Rule } from '../types.ts';
import { dbAuxiliaryKeys } from './auxiliary-keys.ts';
import { dbBackups } from './backups.ts';
import { dbCmk } from './cmk-encryption.ts';
import { dbForceSsl } from './force-ssl.ts';
import { dbLogExports } from './log-exports.ts';
import { dbMultiAz } from './multi-az.ts';
import { dbNotPublic } from './not-public.ts';
import { dbNoMasterLogin } from './no-master-login.ts';
import { dbOsMetricsLogGroup } from './os-metrics-log-group.ts';
import { dbParameterFamily } from './parameter-family.ts';
import { dbTlsMinimum } from './tls-minimum.ts';

export const rdsRules: Rule[] = [
  dbCmk,
  dbMultiAz,
  dbBackups,
  dbNotPublic,
  dbForceSsl,
  dbTlsMinimum,
  dbLogExports,
  dbAuxiliaryKeys,
  dbParameterFamily,
  dbOsMetricsLogGroup,
  dbNoMasterLogin,
];
