import type { Rule } from '../types.ts';
import { detectorEnabled } from './detector-enabled.ts';
import { detectorProtectionPlans } from './protection-plans.ts';

export const guarddutyRules: Rule[] = [detectorEnabled, detectorProtectionPlans];
