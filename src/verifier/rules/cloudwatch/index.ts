import type { Rule } from '../types.ts';
import { alarmMetricPublished } from './alarm-metric-published.ts';
import { alarmsNotify } from './alarms-notify.ts';

export const cloudwatchRules: Rule[] = [alarmsNotify, alarmMetricPublished];
