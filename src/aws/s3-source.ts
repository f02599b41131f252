// Reading one object version as a byte stream, with its encryption facts, never the whole object in memory.
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { ConfigurationError, type ObjectRef } from '../core/index.ts';
import { awsErrorName } from './clients.ts';

export interface OpenedObject {
  body: AsyncIterable<Uint8Array> & { destroy?: () => void };
  serverSideEncryption: string | undefined;
  kmsKeyId: string | undefined;
  contentLength: number | undefined;
  versionId: string | undefined;
}

/** Opens the object version, or returns null when the object or version does not exist. */
export async function openObject(s3: S3Client, ref: ObjectRef): Promise<OpenedObject | null> {
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ...(ref.versionId !== 'null' ? { VersionId: ref.versionId } : {}),
      }),
    );
    const body = out.Body as unknown as Readable | undefined;
    if (body === undefined) throw new Error('GetObject returned no body');
    return {
      body,
      serverSideEncryption: out.ServerSideEncryption,
      kmsKeyId: out.SSEKMSKeyId,
      contentLength: out.ContentLength,
      versionId: out.VersionId,
    };
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'NoSuchKey' || name === 'NoSuchVersion' || name === 'NotFound') return null;
    throw error;
  }
}

/**
 * The current version of an object and its user metadata (HeadObject: no body, no KMS use), or null if absent.
 * S3 tells "absent" (404) only to a caller that may s3:ListBucket the bucket; to any other caller a missing key is
 * 403, the same answer as a real denial, so "absent" cannot be told apart and the call fails with a
 * ConfigurationError that says so (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). The
 * function's contract asks for s3:ListBucket on the buckets it probes, and the verifier proves the grant.
 */
export async function headObject(s3: S3Client, bucket: string, key: string): Promise<{ versionId?: string; metadata: Record<string, string> } | null> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { ...(out.VersionId ? { versionId: out.VersionId } : {}), metadata: out.Metadata ?? {} };
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'NotFound' || name === 'NoSuchKey') return null;
    if (name === 'Forbidden' || name === 'AccessDenied' || httpStatus(error) === 403) {
      throw new ConfigurationError(`HeadObject in ${bucket} was answered 403: without s3:ListBucket on the bucket S3 answers 403 for a key that does not exist, so whether this output exists cannot be told; grant s3:ListBucket on ${bucket} (the function's contract asks for it)`, { cause: error });
    }
    throw error;
  }
}

function httpStatus(error: unknown): number | undefined {
  const meta = typeof error === 'object' && error !== null ? (error as { $metadata?: { httpStatusCode?: number } }).$metadata : undefined;
  return meta?.httpStatusCode;
}

/** True when the key S3 reports (an ARN, usually) is the expected key given as ARN, key id or alias ARN. */
export function sameKmsKey(reported: string | undefined, expected: string): boolean {
  if (reported === undefined) return false;
  if (reported === expected) return true;
  const keyId = (s: string) => (s.includes(':key/') ? s.slice(s.indexOf(':key/') + 5) : s);
  return keyId(reported) === keyId(expected);
}

/** Destroys a body stream that will not be read further, so its socket is released. */
export function discard(body: OpenedObject['body']): void {
  body.destroy?.();
}
