// Reading one object version as a byte stream, with its encryption facts, never the whole object in memory.
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { ObjectRef } from '../core/index.ts';
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

/** The current version of an object and its user metadata (HeadObject: no body, no KMS use), or null if absent. */
export async function headObject(s3: S3Client, bucket: string, key: string): Promise<{ versionId?: string; metadata: Record<string, string> } | null> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { ...(out.VersionId ? { versionId: out.VersionId } : {}), metadata: out.Metadata ?? {} };
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'NotFound' || name === 'NoSuchKey') return null;
    throw error;
  }
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
