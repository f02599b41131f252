import type { Rule } from '../types.ts';
import { providerLocked } from './provider-locked.ts';

export const terraformRules: Rule[] = [providerLocked];
