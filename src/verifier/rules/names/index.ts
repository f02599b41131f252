import type { Rule } from '../types.ts';
import { awsNameLimits } from './aws-name-limits.ts';

export const namesRules: Rule[] = [awsNameLimits];
