import type { Rule } from '../types.ts';
import { tableCmk } from './cmk-encryption.ts';
import { tablePitr } from './pitr-enabled.ts';

export const dynamodbRules: Rule[] = [tablePitr, tableCmk];
