// The validator's logic: for each processed or quarantine object version, check that it is SSE-KMS under the
// expected key, that every record conforms to its schema, and that no card number (src/core/card-numbers.md)
// appears anywhere in it: in every line as written, and in every key and value of every line once JSON escapes
// are decoded (a tab written `\t` only becomes a separator then). It is the second line behind the processor,
// with the same definition: any hit fails the object. One audit record per object version, written append-only;
// a failed check is an audit result, not an exception.
import type { S3Client } from '@aws-sdk/client-s3';
import { isUtf8 } from 'node:buffer';
import {
  auditIdFor,
  findPans,
  malformedRecordAudit,
  outputSchemaProblem,
  quarantineSchemaProblem,
  readLines,
  guardExits,
  redactPans,
  type AuditEvent,
  type PanFinding,
  type ValidationReason,
} from '../../core/index.ts';
import {
  discard,
  objectsFromEvent,
  openObject,
  sameKmsKey,
  type AuditLog,
  type EventObject,
  type MalformedRecord,
} from '../../aws/index.ts';
import type { InvocationContext, Log } from '../processor/processor.ts';

export interface ValidatorDeps {
  config: { processedBucket: string; s3KmsKeyId: string };
  s3: S3Client;
  audit: AuditLog;
  logger: Log;
  now?: () => number;
}

export interface ValidationResult {
  object: { bucket: string; key: string; version_id: string };
  outcome: 'PASSED' | 'FAILED' | 'SKIPPED';
  reasons: ValidationReason[];
  counts: { lines: number; records: number; schema_violations: number; pans_found: number };
  /** Line numbers of the first few problems, and masks of card numbers found: never the numbers themselves. */
  first_problem_lines: number[];
  pan_masks: string[];
}

/** Card numbers in every key and string or number value of a parsed line, at any depth. */
function findPansInValue(value: unknown, out: PanFinding[]): void {
  if (typeof value === 'string') out.push(...findPans(value));
  else if (typeof value === 'number') out.push(...findPans(String(value)));
  else if (Array.isArray(value)) for (const v of value) findPansInValue(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push(...findPans(k));
      findPansInValue(v, out);
    }
  }
}

export function createValidator(deps: ValidatorDeps) {
  const now = deps.now ?? Date.now;
  const { config, s3, audit, logger } = deps;

  async function validateObject(object: EventObject, context: InvocationContext): Promise<ValidationResult> {
    const startedAt = new Date(now()).toISOString();
    // The object's name came with the event: only its masked form goes anywhere.
    const safe = {
      bucket: redactPans(object.bucket),
      key: redactPans(object.key),
      version_id: redactPans(object.versionId),
    };
    const result: ValidationResult = {
      object: safe,
      outcome: 'PASSED',
      reasons: [],
      counts: { lines: 0, records: 0, schema_violations: 0, pans_found: 0 },
      first_problem_lines: [],
      pan_masks: [],
    };
    const fail = (reason: ValidationReason, line?: number) => {
      result.outcome = 'FAILED';
      if (!result.reasons.includes(reason)) result.reasons.push(reason);
      if (line !== undefined && result.first_problem_lines.length < 10 && !result.first_problem_lines.includes(line)) {
        result.first_problem_lines.push(line);
      }
    };
    const found = (line: number, findings: PanFinding[]) => {
      if (findings.length === 0) return;
      result.counts.pans_found += findings.length;
      for (const f of findings) if (result.pan_masks.length < 10) result.pan_masks.push(f.masked);
      fail('CLEAR_PAN_FOUND', line);
    };
    const kind = object.key.startsWith('processed/')
      ? 'processed'
      : object.key.startsWith('quarantine/')
        ? 'quarantine'
        : null;
    if (safe.bucket !== object.bucket || object.bucket !== config.processedBucket || kind === null) {
      logger.warn('object outside the processed bucket prefixes; not validated', { object: safe });
      return { ...result, outcome: 'SKIPPED' };
    }
    if (safe.key !== object.key) fail('UNSAFE_OBJECT_KEY');
    if (safe.version_id !== object.versionId) fail('UNSAFE_VERSION_ID');

    const opened = await openObject(s3, object);
    if (opened === null) fail('OBJECT_NOT_FOUND');
    else {
      if (opened.serverSideEncryption !== 'aws:kms') fail('NOT_SSE_KMS');
      else if (!sameKmsKey(opened.kmsKeyId, config.s3KmsKeyId)) fail('WRONG_KMS_KEY');
      try {
        let pending: { line: number; text: string } | null = null;
        for await (const segment of readLines(opened.body)) {
          if (!isUtf8(segment.bytes)) fail('INVALID_UTF8', segment.line);
          const text = segment.bytes.toString('utf8');
          const raw = findPans(text);
          if (!segment.last) {
            // Over-long line: scanned piecewise as written; it cannot be a valid record.
            found(segment.line, raw);
            if (pending === null || pending.line !== segment.line) fail('SCHEMA_VIOLATION', segment.line);
            pending = { line: segment.line, text: '' };
            continue;
          }
          if (pending !== null && pending.line === segment.line) {
            found(segment.line, raw);
            continue;
          }
          result.counts.lines = segment.line;
          if (text.length === 0) continue;
          result.counts.records++;
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          // Every key and value, decoded: a separator written as a JSON escape is only a separator once decoded.
          const decoded: PanFinding[] = [];
          if (parsed !== undefined) findPansInValue(parsed, decoded);
          found(segment.line, decoded.length > raw.length ? decoded : raw);
          const problem =
            parsed === undefined
              ? 'not JSON'
              : kind === 'processed'
                ? outputSchemaProblem(parsed)
                : quarantineSchemaProblem(parsed);
          if (problem !== null) {
            result.counts.schema_violations++;
            fail('SCHEMA_VIOLATION', segment.line);
          }
        }
      } finally {
        discard(opened.body);
      }
    }
    const event: AuditEvent = {
      audit_id: auditIdFor('validator.object', { bucket: safe.bucket, key: safe.key, versionId: safe.version_id }),
      event_type: 'validator.object',
      principal: context.invokedFunctionArn,
      request_id: context.awsRequestId,
      object: safe,
      outcome: result.outcome === 'PASSED' ? 'PASSED' : 'FAILED',
      reasons: result.reasons,
      counts: { ...result.counts },
      outputs: [],
      started_at: startedAt,
      finished_at: new Date(now()).toISOString(),
    };
    const written = await audit.append(event);
    const log = result.outcome === 'PASSED' ? logger.info.bind(logger) : logger.error.bind(logger);
    log('object validated', {
      object: safe,
      outcome: result.outcome,
      reasons: result.reasons,
      counts: result.counts,
      first_problem_lines: result.first_problem_lines,
      audit: written,
    });
    return result;
  }

  /** A record that cannot be read is a failed validation of its own, audited and logged as an error. */
  async function reportMalformed(record: MalformedRecord, context: InvocationContext): Promise<ValidationResult> {
    const counts = { lines: 0, records: 0, schema_violations: 0, pans_found: 0 };
    const event = malformedRecordAudit(
      'validator.malformed-event',
      record,
      { principal: context.invokedFunctionArn, requestId: context.awsRequestId, at: new Date(now()).toISOString() },
      counts,
    );
    const written = await audit.append(event);
    logger.error('event record cannot be read; its object is not validated', {
      record: record.index,
      problem: record.problem,
      audit: event.audit_id,
      written,
    });
    return {
      object: event.object,
      outcome: 'FAILED',
      reasons: ['MALFORMED_EVENT_RECORD'],
      counts,
      first_problem_lines: [],
      pan_masks: [],
    };
  }

  async function handle(event: unknown, context: InvocationContext): Promise<{ results: ValidationResult[] }> {
    const { objects, ignored, malformed } = objectsFromEvent(event);
    if (ignored > 0)
      logger.warn('event records that are not S3 ObjectCreated notifications were ignored', { count: ignored });
    const results: ValidationResult[] = [];
    for (const record of malformed) results.push(await reportMalformed(record, context));
    for (const object of objects) results.push(await validateObject(object, context));
    return { results };
  }

  // The last guard on what leaves an invocation: the return value and any error (the Lambda runtime prints a thrown
  // error's message and stack itself, outside our logger).
  return guardExits(handle);
}
