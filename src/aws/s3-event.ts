// S3 event notifications → object references. Keys arrive URL-encoded with '+' for spaces (as S3 sends them).
// Also accepts a direct invocation `{ bucket, key, versionId? }` so operators and tests can target one object.
import type { ObjectRef } from '../core/index.ts';

export interface EventObject extends ObjectRef {
  /** The principal that caused the event, as S3 reports it. */
  initiator?: string;
  eventName?: string;
}

interface S3RecordLike {
  eventSource?: string;
  eventName?: string;
  userIdentity?: { principalId?: string };
  s3?: { bucket?: { name?: string }; object?: { key?: string; versionId?: string | null } };
}

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
    for (const raw of e.Records as S3RecordLike[]) {
      const bucket = raw?.s3?.bucket?.name;
      const key = raw?.s3?.object?.key;
      if (raw?.eventSource !== 'aws:s3' || !raw.eventName?.startsWith('ObjectCreated:') || !bucket || typeof key !== 'string') {
        unsupported++;
        continue;
      }
      let decoded: string;
      try {
        decoded = decodeKey(key);
      } catch {
        unsupported++;
        continue;
      }
      objects.push({
        bucket,
        key: decoded,
        versionId: raw.s3?.object?.versionId ?? 'null',
        eventName: raw.eventName,
        ...(raw.userIdentity?.principalId ? { initiator: raw.userIdentity.principalId } : {}),
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
