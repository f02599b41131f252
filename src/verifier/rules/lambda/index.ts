import type { Rule } from '../types.ts';
import { functionEnvironmentCmk } from './environment-cmk.ts';
import { functionFailureDestination } from './failure-destination.ts';
import { functionInVpc } from './in-vpc.ts';
import { functionLogGroupFirst } from './log-group-first.ts';
import { functionPermissionsScoped } from './permissions-scoped.ts';
import { functionReservedConcurrency } from './reserved-concurrency.ts';
import { functionReleasesSecurityGroups } from './security-groups-released.ts';
import { functionSupportedRuntime } from './supported-runtime.ts';

export const lambdaRules: Rule[] = [
  functionEnvironmentCmk,
  functionInVpc,
  functionSupportedRuntime,
  functionLogGroupFirst,
  functionFailureDestination,
  functionPermissionsScoped,
  functionReservedConcurrency,
  functionReleasesSecurityGroups,
];
