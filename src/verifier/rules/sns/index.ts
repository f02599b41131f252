import type { Rule } from '../types.ts';
import { topicCmk } from './cmk-encryption.ts';

export const snsRules: Rule[] = [topicCmk];
