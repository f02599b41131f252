// The job ledger: one item per source object version (job_id = job#s3://bucket/key#versionId) in the metadata
// table. Every write is a conditional PutItem on the attempt number, so two workers can never both own a job,
// and a finished job is never reopened. Only GetItem and PutItem are used, nothing broader.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JobInProgressError, type ObjectRef } from '../core/index.ts';
import { awsErrorName } from './clients.ts';

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
    const existing = await this.db.send(new GetCommand({ TableName: this.table, Key: { job_id: jobId }, ConsistentRead: true }));
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
      ...(previous?.outputs_written ? { outputs_written: true, outputs: previous.outputs ?? [], counts: previous.counts ?? {} } : {}),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: job,
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
          Item: job,
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
