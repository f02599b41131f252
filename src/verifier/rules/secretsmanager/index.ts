import type { Rule } from '../types.ts';
import { secretCmk } from './cmk-encryption.ts';
import { secretRecreatable } from './recreate-after-destroy.ts';

export const secretsmanagerRules: Rule[] = [secretCmk, secretRecreatable];
