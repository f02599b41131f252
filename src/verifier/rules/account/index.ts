import type { Rule } from '../types.ts';
import { accountSingletons } from './singletons.ts';

export const accountRules: Rule[] = [accountSingletons];
