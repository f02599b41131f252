// Audit events: one per processor job and one per validated object. They are written append-only (a
// conditional put on a deterministic id), so a retried job cannot write a second record or change the first.
// Nothing in an audit event is card data: object coordinates, counts, reason codes, principals and times.

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
export function malformedAuditIdFor(eventType: 'processor.malformed-event' | 'validator.malformed-event', digest: string): string {
  return `${eventType}#sha256=${digest}`;
}
