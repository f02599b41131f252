// The validator's logic: for each processed or quarantine object version, check that it is SSE-KMS under the
// expected key, that every record conforms to its schema, and that no Luhn-valid card number appears anywhere
// in it (data-loss scan over every byte, not only the fields that should hold masks). One audit record per
// object version, written append-only; a failed check is an audit result, not an exception.
import type { S3Client } from '@aws-sdk/client-s3';
import { isUtf8 } from 'node:buffer';
import {
  RECORD_REASONS,
  auditIdFor,
  containsPan,
  findPans,
  outputSchemaProblem,
  readLines,
  redactPans,
  type AuditEvent,
  type ValidationReason,
} from '../../core/index.ts';
import { discard, objectsFromEvent, openObject, sameKmsKey, type AuditLog, type EventObject } from '../../aws/index.ts';
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

const KNOWN_RECORD_REASONS: ReadonlySet<string> = new Set(Object.keys(RECORD_REASONS));

function quarantineSchemaProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['line', 'reasons', 'transaction_id', 'pan_masked', 'detected_pan_masks'].includes(k)) return `unexpected ${k}`;
  }
  if (typeof o.line !== 'number' || !Number.isSafeInteger(o.line) || o.line < 1) return 'line';
  if (!Array.isArray(o.reasons) || o.reasons.length === 0 || !o.reasons.every((r) => KNOWN_RECORD_REASONS.has(r as string))) return 'reasons';
  return null;
}

export function createValidator(deps: ValidatorDeps) {
  const now = deps.now ?? Date.now;
  const { config, s3, audit, logger } = deps;

  async function validateObject(object: EventObject, context: InvocationContext): Promise<ValidationResult> {
    const startedAt = new Date(now()).toISOString();
    const safe = { bucket: object.bucket, key: redactPans(object.key), version_id: object.versionId };
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
    const kind = object.key.startsWith('processed/') ? 'processed' : object.key.startsWith('quarantine/') ? 'quarantine' : null;
    if (object.bucket !== config.processedBucket || kind === null) {
      logger.warn('object outside the processed bucket prefixes; not validated', { object: safe });
      return { ...result, outcome: 'SKIPPED' };
    }
    if (safe.key !== object.key) fail('UNSAFE_OBJECT_KEY');

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
          if (containsPan(text)) {
            const found = findPans(text);
            result.counts.pans_found += found.length;
            for (const f of found) if (result.pan_masks.length < 10) result.pan_masks.push(f.masked);
            fail('CLEAR_PAN_FOUND', segment.line);
          }
          if (!segment.last) {
            // Over-long line: scanned piecewise above; it cannot be a valid record.
            if (pending === null || pending.line !== segment.line) fail('SCHEMA_VIOLATION', segment.line);
            pending = { line: segment.line, text: '' };
            continue;
          }
          if (pending !== null && pending.line === segment.line) continue;
          result.counts.lines = segment.line;
          if (text.length === 0) continue;
          result.counts.records++;
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const problem = parsed === undefined ? 'not JSON' : kind === 'processed' ? outputSchemaProblem(parsed) : quarantineSchemaProblem(parsed);
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

  return async function handle(event: unknown, context: InvocationContext): Promise<{ results: ValidationResult[] }> {
    const { objects, unsupported } = objectsFromEvent(event);
    if (unsupported > 0) logger.warn('event records that are not S3 ObjectCreated notifications were ignored', { count: unsupported });
    const results: ValidationResult[] = [];
    for (const object of objects) results.push(await validateObject(object, context));
    return { results };
  };
}
