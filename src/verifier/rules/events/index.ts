import type { Rule } from '../types.ts';
import { changePatternsComplete } from './change-patterns-complete.ts';
import { eventRulesEnabled } from './rules-enabled.ts';

export const eventsRules: Rule[] = [eventRulesEnabled, changePatternsComplete];
