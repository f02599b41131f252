import type { Rule } from '../types.ts';
import { auditTrailReadable } from './audit-trail-readable.ts';
import { flowLogsDelivered } from './flow-logs-delivered.ts';
import { logGroupKeysUsable } from './log-group-keys-usable.ts';
import { functionLogsWritten } from './logs-written.ts';
import { notificationsDelivered } from './notifications-delivered.ts';
import { trailsDelivered } from './trails-delivered.ts';

export const deliveryRules: Rule[] = [flowLogsDelivered, trailsDelivered, notificationsDelivered, functionLogsWritten, logGroupKeysUsable, auditTrailReadable];
