// The job ledger: one item per source object version (job_id = job#s3://bucket/key#versionId) in the metadata
// table. Every write is a conditional PutItem on the attempt number, so two workers can never both own a job,
// and a finished job is never reopened. Only GetItem and PutItem are used, nothing broader.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JobInProgressError, redactDeep, type ObjectRef } from '../core/index.ts';
import { awsErrorName } from './clients.ts';
import type { PreparedObject } from './s3-multipart.ts';

export type JobStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface JobItem {
  job_id: string;
  status: JobStatus;
  attempt: number;
  /**
   * Epoch seconds, not milliseconds: a 13-digit millisecond timestamp passes Luhn one time in ten and would be
   * flagged (rightly, by any DLP scanner) as a possible card number.
   */
  lease_expires_at: number;
  bucket: string;
  key: string;
  version_id: string;
  started_at: string;
  updated_at: string;
  finished_at?: string;
  /** Multipart uploads this job opened, so a later attempt can abort them. */
  uploads: { bucket: string; key: string; upload_id: string }[];
  counts?: Record<string, number>;
  reasons?: string[];
  outputs?: { bucket: string; key: string; version_id?: string }[];
  /** Set once every output object is complete: a later attempt then only audits and finishes, writing nothing. */
  outputs_written?: boolean;
  /**
   * Set once every byte of every output is uploaded, before any output is made visible: the attempt that set it,
   * the job's counts, and what it takes to complete each output. A later attempt finishes these outputs (or finds
   * them finished) instead of processing the file again, so a crash between completing the uploads and recording
   * them writes nothing twice.
   */
  completing?: { attempt: number; counts: Record<string, number>; outputs: LedgerOutput[] };
}

/** A prepared output (see PreparedObject in s3-multipart.ts) as the ledger keeps it. */
export interface LedgerOutput {
  bucket: string;
  key: string;
  bytes: number;
  upload_id?: string;
  /**
   * Part numbers and ETags. An ETag that is a quoted MD5 in hex is kept as `b64:` + its bytes in base64: hex holds
   * runs of 13 or more digits that pass Luhn about once in 250 ETags, and every card-number scan of the table
   * would report them.
   */
  parts?: { n: number; etag: string }[];
}

const MD5_ETAG = /^"([0-9a-f]{32})"$/;

export function toLedgerOutput(prepared: PreparedObject): LedgerOutput {
  const { bucket, key, bytes, upload } = prepared;
  if (upload === undefined) return { bucket, key, bytes };
  return {
    bucket,
    key,
    bytes,
    upload_id: upload.uploadId,
    parts: upload.parts.map((p) => {
      const md5 = MD5_ETAG.exec(p.ETag);
      return { n: p.PartNumber, etag: md5 ? `b64:${Buffer.from(md5[1]!, 'hex').toString('base64')}` : p.ETag };
    }),
  };
}

export function fromLedgerOutput(output: LedgerOutput): PreparedObject {
  const { bucket, key, bytes, upload_id, parts } = output;
  if (upload_id === undefined) return { bucket, key, bytes };
  return {
    bucket,
    key,
    bytes,
    upload: {
      uploadId: upload_id,
      parts: (parts ?? []).map((p) => ({
        PartNumber: p.n,
        ETag: p.etag.startsWith('b64:') ? `"${Buffer.from(p.etag.slice(4), 'base64').toString('hex')}"` : p.etag,
      })),
    },
  };
}

export type Claim = { kind: 'claimed'; job: JobItem; abandoned: JobItem['uploads'] } | { kind: 'done'; job: JobItem };

/** What the processor needs from a ledger; tests of the handler logic may substitute an in-memory one. */
export interface JobLedger {
  claim(jobId: string, ref: ObjectRef, now: number, leaseMs: number): Promise<Claim>;
  /** Persists a changed item; fails with JobInProgressError when another attempt has taken the job over. */
  save(job: JobItem): Promise<void>;
}

export class DynamoJobLedger implements JobLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(jobId: string, ref: ObjectRef, now: number, leaseMs: number): Promise<Claim> {
    const existing = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { job_id: jobId }, ConsistentRead: true }),
    );
    const previous = existing.Item as JobItem | undefined;
    if (previous !== undefined && previous.status !== 'IN_PROGRESS') return { kind: 'done', job: previous };
    if (previous !== undefined && previous.lease_expires_at * 1000 > now) {
      throw new JobInProgressError('another attempt holds the job lease');
    }
    const at = new Date(now).toISOString();
    const job: JobItem = {
      job_id: jobId,
      status: 'IN_PROGRESS',
      attempt: (previous?.attempt ?? 0) + 1,
      lease_expires_at: Math.ceil((now + leaseMs) / 1000),
      bucket: ref.bucket,
      key: ref.key,
      version_id: ref.versionId,
      started_at: previous?.started_at ?? at,
      updated_at: at,
      uploads: [],
      // Outputs a crashed attempt completed are kept, so the next attempt does not write them again.
      ...(previous?.outputs_written
        ? { outputs_written: true, outputs: previous.outputs ?? [], counts: previous.counts ?? {} }
        : {}),
      // So are outputs a crashed attempt had fully uploaded: the next attempt completes them.
      ...(previous?.completing && !previous.outputs_written ? { completing: previous.completing } : {}),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: redactDeep(job),
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(job_id)' }
            : {
                ConditionExpression: '#status = :inProgress AND attempt = :previousAttempt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':previousAttempt': previous.attempt },
              }),
        }),
      );
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') {
        throw new JobInProgressError('another attempt claimed the job first', { cause: error });
      }
      throw error;
    }
    return { kind: 'claimed', job, abandoned: previous?.uploads ?? [] };
  }

  async save(job: JobItem): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          // Every attribute passes the card-number detector on its way in: the last guard, whatever the caller built.
          Item: redactDeep(job),
          ConditionExpression: '#status = :inProgress AND attempt = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':attempt': job.attempt },
        }),
      );
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') {
        throw new JobInProgressError('the job was taken over by a later attempt', { cause: error });
      }
      throw error;
    }
  }
}
