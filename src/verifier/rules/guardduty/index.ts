import type { Rule } from '../types.ts';
import { detectorEnabled } from './detector-enabled.ts';

export const guarddutyRules: Rule[] = [detectorEnabled];
