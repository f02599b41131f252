import type { Rule } from '../types.ts';
import { keyPolicyNoLockout } from './no-lockout.ts';
import { keyRotationEnabled } from './rotation-enabled.ts';
import { keyPolicyServicesScoped } from './service-principals-scoped.ts';

export const kmsRules: Rule[] = [keyRotationEnabled, keyPolicyServicesScoped, keyPolicyNoLockout];
