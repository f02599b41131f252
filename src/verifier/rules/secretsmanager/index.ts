import type { Rule } from '../types.ts';
import { secretCmk } from './cmk-encryption.ts';

export const secretsmanagerRules: Rule[] = [secretCmk];
