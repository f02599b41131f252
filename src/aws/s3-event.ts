// S3 event notifications → object references, each record checked against Powertools' S3 record schema. Keys
// arrive URL-encoded with '+' for spaces (as S3 sends them).
// Also accepts a direct invocation `{ bucket, key, versionId? }` so operators and tests can target one object.
// Every string taken from an event is caller-supplied (keys, version ids, principal ids): callers redact it
// before it goes anywhere.
import { createHash } from 'node:crypto';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import type { ObjectRef } from '../core/index.ts';

export interface EventObject extends ObjectRef {
  /** The principal that caused the event, as S3 reports it. */
  initiator?: string;
  eventName?: string;
}

/**
 * An event record that claims to be an object-created notification but cannot be read: it fails the schema, or its
 * key is not valid %-encoding. It is a failure to report, not something to skip: the object it names goes
 * unprocessed until someone looks.
 */
export interface MalformedRecord {
  /** Position in the event's Records (0 for an event that is neither a notification nor a direct invocation). */
  index: number;
  problem: 'SCHEMA' | 'KEY_NOT_DECODABLE' | 'NOT_AN_EVENT';
  /** What the record says, as sent (untrusted, possibly empty). */
  bucket: string;
  key: string;
  versionId: string;
  /**
   * SHA-256 (base64url: hex would hold Luhn-valid digit runs) of the record as sent; the same record delivered again
   * has the same digest.
   */
  digest: string;
}

export interface ParsedEvent {
  objects: EventObject[];
  /** Well-formed records of other kinds (ObjectRemoved…) and S3's test event: ignored. */
  ignored: number;
  malformed: MalformedRecord[];
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

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function malformed(index: number, problem: MalformedRecord['problem'], raw: unknown): MalformedRecord {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    s3?: { bucket?: { name?: unknown }; object?: { key?: unknown; versionId?: unknown } };
  };
  let serialised: string;
  try {
    serialised = JSON.stringify(raw) ?? String(raw);
  } catch {
    serialised = String(raw);
  }
  return {
    index,
    problem,
    bucket: text(r.s3?.bucket?.name),
    key: text(r.s3?.object?.key),
    versionId: text(r.s3?.object?.versionId),
    digest: createHash('sha256').update(serialised).digest('base64url'),
  };
}

/** S3's notification when a configuration is saved: `{"Service":"Amazon S3","Event":"s3:TestEvent",…}`. */
function isTestEvent(e: Record<string, unknown>): boolean {
  return e.Service === 'Amazon S3' && e.Event === 's3:TestEvent';
}

/** The objects an event names, the records ignored, and the records that cannot be read. */
export function objectsFromEvent(event: unknown): ParsedEvent {
  const objects: EventObject[] = [];
  const parsed: ParsedEvent = { objects, ignored: 0, malformed: [] };
  if (typeof event !== 'object' || event === null) {
    parsed.malformed.push(malformed(0, 'NOT_AN_EVENT', event));
    return parsed;
  }
  const e = event as { Records?: unknown; bucket?: unknown; key?: unknown; versionId?: unknown };
  if (Array.isArray(e.Records)) {
    (e.Records as unknown[]).forEach((raw, index) => {
      const eventName = (raw as { eventName?: unknown } | null)?.eventName;
      if (typeof eventName === 'string' && !eventName.startsWith('ObjectCreated:')) {
        parsed.ignored++;
        return;
      }
      // safeParse, not parse: one bad record is reported on its own, never a reason to drop the others.
      const result = S3NotificationRecord.safeParse(raw);
      if (!result.success) {
        parsed.malformed.push(malformed(index, 'SCHEMA', raw));
        return;
      }
      const record = result.data;
      let decoded: string;
      try {
        decoded = decodeKey(record.s3.object.key);
      } catch {
        parsed.malformed.push(malformed(index, 'KEY_NOT_DECODABLE', raw));
        return;
      }
      objects.push({
        bucket: record.s3.bucket.name,
        key: decoded,
        versionId: record.s3.object.versionId ?? 'null',
        eventName: record.eventName,
        ...(record.userIdentity.principalId ? { initiator: record.userIdentity.principalId } : {}),
      });
    });
    return parsed;
  }
  if (typeof e.bucket === 'string' && typeof e.key === 'string') {
    objects.push({ bucket: e.bucket, key: e.key, versionId: typeof e.versionId === 'string' ? e.versionId : 'null' });
    return parsed;
  }
  if (isTestEvent(event as Record<string, unknown>)) parsed.ignored++;
  else parsed.malformed.push(malformed(0, 'NOT_AN_EVENT', event));
  return parsed;
}
