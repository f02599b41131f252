// The processor's logic, with its AWS dependencies passed in: S3 event → for each object version, claim the job
// in the ledger, stream the object through the core pipeline into SSE-KMS outputs, write one audit record,
// finish the job. Exactly-once effects under at-least-once delivery:
//   - a job is claimed with a conditional write; a finished job is never redone (duplicate events are no-ops);
//   - outputs go to keys derived from the source version and appear atomically (multipart complete), so a crash
//     mid-file leaves no partial object, and a retry aborts the crashed attempt's upload and writes the same bytes;
//   - outputs are first uploaded in full and recorded as "completing" in the ledger (upload ids, part ETags,
//     counts), and only then made visible; a crash anywhere after that is finished by the next attempt, which
//     completes what is still open and recognises (HeadObject, by the attempt number in the object's metadata)
//     what the crashed attempt already completed, so no output is ever written twice;
//   - the audit record has a deterministic id and is written with a conditional put before the job is marked
//     finished, so a crash between the two still ends with exactly one audit record.
import type { S3Client } from '@aws-sdk/client-s3';
import {
  JobInProgressError,
  JobRejectedError,
  auditIdFor,
  formatForKey,
  jobIdFor,
  malformedRecordAudit,
  guardExits,
  redactPans,
  runPipeline,
  type AuditEvent,
  type JobReason,
  type PipelineSummary,
  type TokenKey,
} from '../../core/index.ts';
import {
  MultipartWriter,
  abortUpload,
  awsErrorName,
  completePrepared,
  discard,
  fromLedgerOutput,
  headObject,
  objectsFromEvent,
  openObject,
  toLedgerOutput,
  type AuditLog,
  type EventObject,
  type JobItem,
  type JobLedger,
  type MalformedRecord,
  type WrittenObject,
} from '../../aws/index.ts';

export interface ProcessorConfig {
  rawBucket: string;
  processedBucket: string;
  s3KmsKeyId: string;
  /** Fixed lease, or undefined to derive it from the invocation's remaining time. */
  leaseMs?: number;
  partSize?: number;
}

export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface ProcessorDeps {
  config: ProcessorConfig;
  s3: S3Client;
  ledger: JobLedger;
  audit: AuditLog;
  tokenKey: () => Promise<TokenKey>;
  logger: Log;
  now?: () => number;
}

export interface InvocationContext {
  awsRequestId: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis?: () => number;
}

export type JobStatusOut = 'SUCCEEDED' | 'FAILED' | 'DUPLICATE' | 'IN_PROGRESS' | 'REFUSED';

export interface JobResult {
  job_id: string;
  status: JobStatusOut;
  reasons: string[];
  counts?: Record<string, number>;
  outputs?: { bucket: string; key: string; version_id?: string }[];
}

export interface ProcessorResult {
  jobs: JobResult[];
}

/** Output object keys, derived from the source version so every attempt writes the same place. */
export function outputKeys(ref: { key: string; versionId: string }): { processed: string; quarantine: string } {
  const suffix = `${ref.key}@${ref.versionId}.jsonl`;
  return { processed: `processed/${suffix}`, quarantine: `quarantine/${suffix}` };
}

/** S3's limit on a key, in UTF-8 bytes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
export const S3_MAX_KEY_BYTES = 1024;

/** True when an output key made from this source would exceed S3's limit (moto accepts it; S3 refuses it). */
export function outputKeyTooLong(ref: { key: string; versionId: string }): boolean {
  const { processed, quarantine } = outputKeys(ref);
  return Math.max(Buffer.byteLength(processed), Buffer.byteLength(quarantine)) > S3_MAX_KEY_BYTES;
}

/**
 * The object as it may be written anywhere: every string the event supplied (bucket, key, version id, initiator)
 * with card numbers masked, and which of them had one.
 */
export function safeObject(source: EventObject): { object: EventObject; unsafe: JobReason | null } {
  const object: EventObject = {
    ...source,
    bucket: redactPans(source.bucket),
    key: redactPans(source.key),
    versionId: redactPans(source.versionId),
    ...(source.initiator !== undefined ? { initiator: redactPans(source.initiator) } : {}),
  };
  const unsafe =
    object.key !== source.key
      ? 'UNSAFE_OBJECT_KEY'
      : object.versionId !== source.versionId
        ? 'UNSAFE_VERSION_ID'
        : null;
  return { object, unsafe };
}

function countsOf(summary: PipelineSummary): Record<string, number> {
  const counts: Record<string, number> = {
    records: summary.records,
    accepted: summary.accepted,
    rejected: summary.rejected,
    bytes: summary.bytes,
  };
  for (const [reason, n] of Object.entries(summary.rejectedByReason)) counts[`rejected.${reason}`] = n ?? 0;
  return counts;
}

export function createProcessor(deps: ProcessorDeps) {
  const now = deps.now ?? Date.now;
  const { config, s3, ledger, audit, logger } = deps;

  async function finish(
    job: JobItem,
    object: EventObject,
    context: InvocationContext,
    outcome: {
      status: 'SUCCEEDED' | 'FAILED';
      reasons: string[];
      counts: Record<string, number>;
      outputs: JobItem['outputs'];
    },
  ): Promise<JobResult> {
    const finishedAt = new Date(now()).toISOString();
    const event: AuditEvent = {
      audit_id: auditIdFor('processor.job', object),
      event_type: 'processor.job',
      principal: context.invokedFunctionArn,
      ...(object.initiator ? { initiator: object.initiator } : {}),
      request_id: context.awsRequestId,
      object: { bucket: object.bucket, key: object.key, version_id: object.versionId },
      outcome: outcome.status,
      reasons: outcome.reasons,
      counts: outcome.counts,
      outputs: outcome.outputs ?? [],
      started_at: job.started_at,
      finished_at: finishedAt,
    };
    const written = await audit.append(event);
    job.status = outcome.status;
    job.reasons = outcome.reasons;
    job.counts = outcome.counts;
    job.outputs = outcome.outputs ?? [];
    job.finished_at = finishedAt;
    job.updated_at = finishedAt;
    await ledger.save(job);
    logger.info('job finished', {
      job: job.job_id,
      outcome: outcome.status,
      reasons: outcome.reasons,
      counts: outcome.counts,
      audit: written,
    });
    return {
      job_id: job.job_id,
      status: outcome.status,
      reasons: outcome.reasons,
      counts: outcome.counts,
      outputs: job.outputs,
    };
  }

  async function processObject(source: EventObject, context: InvocationContext): Promise<JobResult> {
    // Everything the event names is caller-chosen text: only its masked form goes anywhere (card-numbers.md).
    const { object, unsafe } = safeObject(source);
    const jobId = jobIdFor(object);
    if (object.bucket !== config.rawBucket) {
      logger.warn('event for a bucket this function does not process', { job: jobId });
      return { job_id: jobId, status: 'REFUSED', reasons: ['UNSUPPORTED_EVENT'] };
    }
    const remaining = context.getRemainingTimeInMillis?.() ?? 15 * 60 * 1000;
    const leaseMs = config.leaseMs ?? remaining + 30_000;
    let claim: Awaited<ReturnType<typeof ledger.claim>>;
    try {
      claim = await ledger.claim(jobId, object, now(), leaseMs);
    } catch (error) {
      if (error instanceof JobInProgressError) {
        logger.warn('job held by another attempt; will be retried', { job: jobId });
        return { job_id: jobId, status: 'IN_PROGRESS', reasons: [] };
      }
      throw error;
    }
    if (claim.kind === 'done') {
      logger.info('duplicate event: job already finished', { job: jobId, outcome: claim.job.status });
      return {
        job_id: jobId,
        status: 'DUPLICATE',
        reasons: claim.job.reasons ?? [],
        counts: claim.job.counts ?? {},
        outputs: claim.job.outputs ?? [],
      };
    }
    const job = claim.job;
    // Uploads a crashed attempt left open are aborted, except those it had fully uploaded: those are completed below.
    const completable = new Set(
      (job.completing?.outputs ?? []).map((o) => o.upload_id).filter((id) => id !== undefined),
    );
    for (const upload of claim.abandoned) {
      if (completable.has(upload.upload_id)) continue;
      await abortUpload(s3, upload.bucket, upload.key, upload.upload_id);
      logger.info('aborted upload left by an earlier attempt', { job: jobId, attempt: job.attempt });
    }
    const failed = (reason: string, counts: Record<string, number> = {}) =>
      finish(job, object, context, { status: 'FAILED', reasons: [reason], counts, outputs: [] });

    if (unsafe !== null) return failed(unsafe);
    if (outputKeyTooLong(object)) return failed('SOURCE_KEY_TOO_LONG');
    if (job.outputs_written) {
      logger.info('outputs already written by an earlier attempt; finishing the job', {
        job: jobId,
        attempt: job.attempt,
      });
      return finish(job, object, context, {
        status: 'SUCCEEDED',
        reasons: [],
        counts: job.counts ?? {},
        outputs: job.outputs ?? [],
      });
    }
    if (job.completing) {
      const completing = job.completing;
      let written: WrittenObject[] | null;
      try {
        written = await finishOutputsOf(completing, object);
      } catch (error) {
        return releaseAndRethrow(job, error);
      }
      if (written !== null) {
        logger.info('finished the outputs an earlier attempt had uploaded', {
          job: jobId,
          attempt: job.attempt,
          of: completing.attempt,
        });
        return recordOutputs(job, object, context, completing.counts, written);
      }
      // An upload is gone (aborted by hand, or by a lifecycle rule): process the file again from the start.
      logger.warn('outputs of an earlier attempt can no longer be completed; processing again', {
        job: jobId,
        attempt: job.attempt,
      });
      for (const output of completing.outputs)
        if (output.upload_id) await abortUpload(s3, output.bucket, output.key, output.upload_id);
      delete job.completing;
    }
    const opened = await openObject(s3, object);
    if (opened === null) return failed('SOURCE_NOT_FOUND');
    if (opened.serverSideEncryption !== 'aws:kms') {
      discard(opened.body);
      return failed('SOURCE_NOT_SSE_KMS');
    }

    const keys = outputKeys(object);
    const track = (key: string) => async (uploadId: string) => {
      job.uploads.push({ bucket: config.processedBucket, key, upload_id: uploadId });
      job.updated_at = new Date(now()).toISOString();
      await ledger.save(job);
    };
    const writerFor = (key: string) =>
      new MultipartWriter(s3, {
        bucket: config.processedBucket,
        key,
        ...settingsFor(object, job.attempt),
        ...(config.partSize ? { partSize: config.partSize } : {}),
        onUploadStarted: track(key),
      });
    const processed = writerFor(keys.processed);
    const quarantine = writerFor(keys.quarantine);
    let summary: PipelineSummary;
    try {
      const tokenKey = await deps.tokenKey();
      summary = await runPipeline(
        opened.body,
        { format: formatForKey(object.key), tokenKey },
        { processed, quarantine },
      );
      const prepared = [await processed.prepare()];
      if (summary.rejected > 0) prepared.push(await quarantine.prepare());
      job.completing = { attempt: job.attempt, counts: countsOf(summary), outputs: prepared.map(toLedgerOutput) };
      job.updated_at = new Date(now()).toISOString();
      await ledger.save(job);
    } catch (error) {
      discard(opened.body);
      await Promise.allSettled([processed.abort(), quarantine.abort()]);
      if (error instanceof JobRejectedError) return failed(error.reason);
      return releaseAndRethrow(job, error);
    }
    // From here on the outputs are recorded as completing: an error leaves them for the next attempt to finish.
    let written: WrittenObject[];
    try {
      written = [];
      for (const output of job.completing.outputs)
        written.push(await completePrepared(s3, fromLedgerOutput(output), settingsFor(object, job.attempt)));
    } catch (error) {
      return releaseAndRethrow(job, error);
    }
    return recordOutputs(job, object, context, job.completing.counts, written);
  }

  /** How each output is written: SSE-KMS under our key; metadata naming the source version and the attempt. */
  function settingsFor(object: EventObject, attempt: number) {
    return {
      kmsKeyId: config.s3KmsKeyId,
      metadata: { 'source-version-id': object.versionId, 'job-attempt': String(attempt) },
    };
  }

  /**
   * Completes the outputs an earlier attempt recorded as completing. One that attempt already completed is
   * recognised by its metadata (same source version, same attempt) and taken as it is. Returns null when an
   * output is neither complete nor completable any more.
   */
  async function finishOutputsOf(
    completing: NonNullable<JobItem['completing']>,
    object: EventObject,
  ): Promise<WrittenObject[] | null> {
    const written: WrittenObject[] = [];
    for (const output of completing.outputs) {
      const head = await headObject(s3, output.bucket, output.key);
      if (
        head !== null &&
        head.metadata['job-attempt'] === String(completing.attempt) &&
        head.metadata['source-version-id'] === object.versionId
      ) {
        written.push({
          bucket: output.bucket,
          key: output.key,
          ...(head.versionId ? { versionId: head.versionId } : {}),
          bytes: output.bytes,
        });
        continue;
      }
      try {
        written.push(await completePrepared(s3, fromLedgerOutput(output), settingsFor(object, completing.attempt)));
      } catch (error) {
        if (awsErrorName(error) === 'NoSuchUpload') return null;
        throw error;
      }
    }
    return written;
  }

  /** Records the completed outputs before auditing: from here a crash is finished without writing anything. */
  async function recordOutputs(
    job: JobItem,
    object: EventObject,
    context: InvocationContext,
    counts: Record<string, number>,
    written: WrittenObject[],
  ): Promise<JobResult> {
    const outputs = written.map((w) => ({
      bucket: w.bucket,
      key: w.key,
      ...(w.versionId ? { version_id: w.versionId } : {}),
    }));
    job.outputs = outputs;
    job.counts = counts;
    job.outputs_written = true;
    delete job.completing;
    job.updated_at = new Date(now()).toISOString();
    await ledger.save(job);
    return finish(job, object, context, { status: 'SUCCEEDED', reasons: [], counts, outputs });
  }

  /** Anything unexpected may be transient: release the lease so the retry need not wait for it, then rethrow. */
  async function releaseAndRethrow(job: JobItem, error: unknown): Promise<never> {
    job.lease_expires_at = 0;
    await ledger.save(job).catch(() => undefined);
    throw error;
  }

  /** A record that cannot be read is a failed job of its own: audited, logged as an error, returned as FAILED. */
  async function reportMalformed(record: MalformedRecord, context: InvocationContext): Promise<JobResult> {
    const event = malformedRecordAudit('processor.malformed-event', record, {
      principal: context.invokedFunctionArn,
      requestId: context.awsRequestId,
      at: new Date(now()).toISOString(),
    });
    const written = await audit.append(event);
    logger.error('event record cannot be read; its object is not processed', {
      record: record.index,
      problem: record.problem,
      audit: event.audit_id,
      written,
    });
    return { job_id: event.audit_id, status: 'FAILED', reasons: event.reasons };
  }

  async function handle(event: unknown, context: InvocationContext): Promise<ProcessorResult> {
    const { objects, ignored, malformed } = objectsFromEvent(event);
    if (ignored > 0)
      logger.warn('event records that are not S3 ObjectCreated notifications were ignored', { count: ignored });
    const jobs: JobResult[] = [];
    let retry: unknown;
    for (const record of malformed) jobs.push(await reportMalformed(record, context));
    for (const object of objects) {
      try {
        jobs.push(await processObject(object, context));
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        logger.error('job attempt failed; the event will be retried', {
          job: jobIdFor(safeObject(object).object),
          error: name,
        });
        retry ??= error;
      }
    }
    // At-least-once delivery does the rest: a thrown error makes Lambda deliver the event again, and everything
    // already finished is a no-op the second time.
    if (retry !== undefined) throw retry;
    if (jobs.some((j) => j.status === 'IN_PROGRESS')) throw new JobInProgressError('a job is held by another attempt');
    return { jobs };
  }

  // The last guard on what leaves an invocation: the return value and any error (the Lambda runtime prints a thrown
  // error's message and stack itself, outside our logger).
  return guardExits(handle);
}
