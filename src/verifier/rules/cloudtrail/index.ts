import type { Rule } from '../types.ts';
import { trailCmk } from './cmk-encryption.ts';
import { trailLogValidation } from './log-file-validation.ts';

export const cloudtrailRules: Rule[] = [trailLogValidation, trailCmk];
