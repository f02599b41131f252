import type { Rule } from '../types.ts';
import { trailCmk } from './cmk-encryption.ts';
import { trailDataEvents } from './data-events.ts';
import { trailLogValidation } from './log-file-validation.ts';
import { trailRecords } from './trail-records.ts';

export const cloudtrailRules: Rule[] = [trailLogValidation, trailCmk, trailRecords, trailDataEvents];
