import type { Rule } from '../types.ts';
import { contextKeysSent } from './context-keys-sent.ts';
import { keyPolicyNoLockout } from './no-lockout.ts';
import { keyPolicyWriters } from './policy-writers.ts';
import { keyRotationEnabled } from './rotation-enabled.ts';
import { keyPolicyServicesScoped } from './service-principals-scoped.ts';

export const kmsRules: Rule[] = [keyRotationEnabled, keyPolicyServicesScoped, keyPolicyNoLockout, contextKeysSent, keyPolicyWriters];
