import type { Rule } from '../types.ts';
import { logGroupCmk } from './cmk-encryption.ts';
import { metricFilterSource } from './metric-filter-source.ts';
import { logGroupRetention } from './retention.ts';

export const logsRules: Rule[] = [logGroupCmk, logGroupRetention, metricFilterSource];
