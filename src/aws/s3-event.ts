// S3 event notifications → object references, each record checked against Powertools' S3 record schema. Keys
// arrive URL-encoded with '+' for spaces (as S3 sends them).
// Also accepts a direct invocation `{ bucket, key, versionId? }` so operators and tests can target one object.
import { S3Schema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import type { ObjectRef } from '../core/index.ts';

export interface EventObject extends ObjectRef {
  /** The principal that caused the event, as S3 reports it. */
  initiator?: string;
  eventName?: string;
}

/**
 * One S3 event notification record, as Powertools' parser defines it, with one correction: Powertools accepts
 * only an IPv4 address (or s3.amazonaws.com) as `sourceIPAddress`, but S3 reports IPv6 addresses for requests
 * over its dual-stack endpoints, and an upload must not go unprocessed because its client used IPv6.
 */
const S3NotificationRecord = S3Schema.shape.Records.element.extend({
  requestParameters: z.object({ sourceIPAddress: z.string() }),
});

function decodeKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The objects an event names. Records that are not S3 ObjectCreated notifications are returned as `unsupported`. */
export function objectsFromEvent(event: unknown): { objects: EventObject[]; unsupported: number } {
  const objects: EventObject[] = [];
  let unsupported = 0;
  if (typeof event !== 'object' || event === null) return { objects, unsupported: 1 };
  const e = event as { Records?: unknown; bucket?: unknown; key?: unknown; versionId?: unknown };
  if (Array.isArray(e.Records)) {
    for (const raw of e.Records as unknown[]) {
      // safeParse, not parse: one odd record is counted and skipped, never a reason to drop the others.
      const parsed = S3NotificationRecord.safeParse(raw);
      if (!parsed.success || !parsed.data.eventName.startsWith('ObjectCreated:')) {
        unsupported++;
        continue;
      }
      const record = parsed.data;
      let decoded: string;
      try {
        decoded = decodeKey(record.s3.object.key);
      } catch {
        unsupported++;
        continue;
      }
      objects.push({
        bucket: record.s3.bucket.name,
        key: decoded,
        versionId: record.s3.object.versionId ?? 'null',
        eventName: record.eventName,
        ...(record.userIdentity.principalId ? { initiator: record.userIdentity.principalId } : {}),
      });
    }
    return { objects, unsupported };
  }
  if (typeof e.bucket === 'string' && typeof e.key === 'string') {
    objects.push({ bucket: e.bucket, key: e.key, versionId: typeof e.versionId === 'string' ? e.versionId : 'null' });
    return { objects, unsupported };
  }
  return { objects, unsupported: 1 };
}
