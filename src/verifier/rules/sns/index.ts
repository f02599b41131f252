import type { Rule } from '../types.ts';
import { topicCmk } from './cmk-encryption.ts';
import { topicTlsOnly } from './tls-only.ts';

export const snsRules: Rule[] = [topicCmk, topicTlsOnly];
