// Audit events: one per processor job and one per validated object. They are written append-only (a
// conditional put on a deterministic id), so a retried job cannot write a second record or change the first.
// Nothing in an audit event is card data: object coordinates, counts, reason codes, principals and times.
import { redactPans } from './redact.ts';

export type AuditOutcome = 'SUCCEEDED' | 'FAILED' | 'PASSED';

export interface ObjectRef {
  bucket: string;
  key: string;
  /** S3 version id; "null" for objects written while versioning was off, as S3 itself names them. */
  versionId: string;
}

export interface AuditEvent {
  audit_id: string;
  event_type: 'processor.job' | 'validator.object' | 'processor.malformed-event' | 'validator.malformed-event';
  /** Who acted: the function's execution role ARN or name, as the runtime reports it. */
  principal: string;
  /** Who caused the event (the uploader's principal id from the S3 notification), when known. */
  initiator?: string;
  request_id: string;
  object: { bucket: string; key: string; version_id: string };
  outcome: AuditOutcome;
  reasons: string[];
  counts: Record<string, number>;
  outputs: { bucket: string; key: string; version_id?: string }[];
  started_at: string;
  finished_at: string;
}

/** The job id and audit ids are derived from the object version, so every retry of one event maps to them. */
export function jobIdFor(ref: ObjectRef): string {
  return `job#s3://${ref.bucket}/${ref.key}#${ref.versionId}`;
}

export function auditIdFor(eventType: AuditEvent['event_type'], ref: ObjectRef): string {
  return `${eventType}#s3://${ref.bucket}/${ref.key}#${ref.versionId}`;
}

/** An event record that could not be read has no object version to name it: the record's digest does. */
export function malformedAuditIdFor(
  eventType: 'processor.malformed-event' | 'validator.malformed-event',
  digest: string,
): string {
  return `${eventType}#sha256=${digest}`;
}

/** What an unreadable event record says about itself (all of it caller-supplied), and where it stood. */
export interface UnreadableRecord {
  index: number;
  bucket: string;
  key: string;
  versionId: string;
  digest: string;
}

/**
 * The audit record of an event record that could not be read: FAILED with MALFORMED_EVENT_RECORD, naming the object
 * as the record did, masked. One per record however often it is delivered (the id is the record's digest).
 */
export function malformedRecordAudit(
  eventType: 'processor.malformed-event' | 'validator.malformed-event',
  record: UnreadableRecord,
  by: { principal: string; requestId: string; at: string },
  counts: Record<string, number> = {},
): AuditEvent {
  return {
    audit_id: malformedAuditIdFor(eventType, record.digest),
    event_type: eventType,
    principal: by.principal,
    request_id: by.requestId,
    object: {
      bucket: redactPans(record.bucket),
      key: redactPans(record.key),
      version_id: redactPans(record.versionId),
    },
    outcome: 'FAILED',
    reasons: ['MALFORMED_EVENT_RECORD'],
    counts: { ...counts, record_index: record.index },
    outputs: [],
    started_at: by.at,
    finished_at: by.at,
  };
}
