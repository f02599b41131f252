// Writing one output object as a stream: parts of `partSize` bytes go up as they fill (multipart upload, at most
// two parts in flight), every request carries SSE-KMS with the configured key id explicitly, so the object is
// encrypted under our key even if the bucket default were changed. Even a small object is a multipart upload (an
// empty one is one empty PutObject), so that prepare() always leaves it completable by whoever holds the prepared
// record. The upload id is reported as soon as it exists, so a retried job can abort what a crashed attempt left.
// The processor records the prepared upload (its id and part ETags) before completePrepared(), so that another
// attempt can finish it after a crash.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RecordSink } from '../core/index.ts';
import { awsErrorName } from './clients.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;

export interface MultipartWriterOptions {
  bucket: string;
  key: string;
  kmsKeyId: string;
  partSize?: number;
  contentType?: string;
  metadata?: Record<string, string>;
  onUploadStarted?: (uploadId: string) => Promise<void>;
}

/** Everything needed to finish an object whose bytes are all uploaded: by this process or, after a crash, another. */
export interface PreparedObject {
  bucket: string;
  key: string;
  bytes: number;
  /** Absent for an empty object, which is completed by an empty PutObject. */
  upload?: { uploadId: string; parts: { ETag: string; PartNumber: number }[] };
}

/** How every object is written: SSE-KMS under an explicit key, content type, metadata. */
export interface ObjectSettings {
  kmsKeyId: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

function settingsOf(options: ObjectSettings) {
  return {
    ServerSideEncryption: 'aws:kms' as const,
    SSEKMSKeyId: options.kmsKeyId,
    ContentType: options.contentType ?? 'application/x-ndjson',
    ...(options.metadata ? { Metadata: options.metadata } : {}),
  };
}

export interface WrittenObject {
  bucket: string;
  key: string;
  versionId?: string;
  bytes: number;
}

export class MultipartWriter implements RecordSink {
  private readonly partSize: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private uploadId: string | undefined;
  private parts: { ETag: string; PartNumber: number }[] = [];
  private inFlight: Promise<void>[] = [];
  private bytes = 0;
  private nextPart = 1;

  constructor(
    private readonly s3: S3Client,
    private readonly options: MultipartWriterOptions,
  ) {
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, MIN_PART_SIZE);
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private get encryption() {
    return settingsOf(this.options);
  }

  async write(chunk: Buffer): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.bytes += chunk.length;
    if (this.pendingBytes >= this.partSize) await this.sendPart();
  }

  private async sendPart(): Promise<void> {
    const body = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.uploadId === undefined) {
      const created = await this.s3.send(
        new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: this.options.key, ...this.encryption }),
      );
      if (!created.UploadId) throw new Error('CreateMultipartUpload returned no upload id');
      this.uploadId = created.UploadId;
      await this.options.onUploadStarted?.(created.UploadId);
    }
    const partNumber = this.nextPart++;
    const uploadId = this.uploadId;
    // Bound memory: wait for the oldest part when two are already on their way.
    if (this.inFlight.length >= 2) await this.inFlight.shift();
    const upload = this.s3
      .send(
        new UploadPartCommand({
          Bucket: this.options.bucket,
          Key: this.options.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
        }),
      )
      .then((out) => {
        if (!out.ETag) throw new Error('UploadPart returned no ETag');
        this.parts.push({ ETag: out.ETag, PartNumber: partNumber });
      });
    upload.catch(() => undefined); // observed in complete()
    this.inFlight.push(upload);
  }

  /** Uploads every remaining byte and returns what completePrepared() needs; the object is not visible yet. */
  async prepare(): Promise<PreparedObject> {
    const { bucket, key } = this.options;
    if (this.pendingBytes > 0) await this.sendPart();
    await Promise.all(this.inFlight);
    this.inFlight = [];
    if (this.uploadId === undefined) return { bucket, key, bytes: 0 };
    const parts = [...this.parts].sort((a, b) => a.PartNumber - b.PartNumber);
    return { bucket, key, bytes: this.bytes, upload: { uploadId: this.uploadId, parts } };
  }

  /** Abandons the object: an incomplete multipart upload is aborted so no part lingers. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.inFlight = [];
    this.pending = [];
    if (this.uploadId !== undefined) await abortUpload(this.s3, this.options.bucket, this.options.key, this.uploadId);
  }
}

/**
 * Makes a prepared object visible: completes its multipart upload (an empty object is put instead). Fails with
 * NoSuchUpload when the upload no longer exists: completed or aborted since it was prepared.
 */
export async function completePrepared(
  s3: S3Client,
  prepared: PreparedObject,
  settings: ObjectSettings,
): Promise<WrittenObject> {
  const { bucket, key, bytes, upload } = prepared;
  const out =
    upload === undefined
      ? await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(0), ...settingsOf(settings) }),
        )
      : await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: upload.uploadId,
            MultipartUpload: { Parts: upload.parts },
          }),
        );
  return { bucket, key, ...(out.VersionId ? { versionId: out.VersionId } : {}), bytes };
}

/** Aborts a multipart upload; one that is already gone counts as aborted. */
export async function abortUpload(s3: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  try {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  } catch (error) {
    if (awsErrorName(error) !== 'NoSuchUpload') throw error;
  }
}
