// S3 read semantics without s3:ListBucket, reproduced on the emulator: S3 answers a HeadObject or GetObject of a key
// that does not exist with 404 only to a caller that may list the bucket, and with 403 to any other
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). moto answers 404 to everyone, so the
// caller's missing permission is put in front of it: the answers are rewritten exactly as S3 writes them for such a
// caller (HEAD: 403 Forbidden, no body; GET: 403 AccessDenied).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompleteMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { syntheticBatch } from '../../../src/local/synthetic.ts';
import { context, processorWith, s3Event, world, type World } from './harness.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator?.stop();
});

/** An S3 client for a caller without s3:ListBucket on `buckets`: a missing key is 403, as S3 answers such a caller. */
export function withoutListBucket(config: S3ClientConfig, buckets: string[]): S3Client {
  const client = new S3Client(config);
  client.middlewareStack.add((next, ctx) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const input = args.input as { Bucket?: string };
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404 || !buckets.includes(input.Bucket ?? '') || !['HeadObjectCommand', 'GetObjectCommand'].includes(ctx.commandName ?? '')) throw error;
      const head = ctx.commandName === 'HeadObjectCommand';
      throw new S3ServiceException({ name: head ? 'Forbidden' : 'AccessDenied', $fault: 'client', message: head ? 'UnknownError' : 'Access Denied', $metadata: { ...(error as S3ServiceException).$metadata, httpStatusCode: 403 } });
    }
  }, { step: 'initialize', name: 'enclaveWithoutListBucket' });
  return client;
}

/** An S3 client whose second CompleteMultipartUpload never returns: the process died between the two outputs. */
function dyingAtSecondComplete(s3: S3Client): { s3: S3Client; completes: () => number } {
  const send = s3.send.bind(s3) as (command: unknown) => Promise<unknown>;
  let completes = 0;
  (s3 as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command: unknown) => {
    if (command instanceof CompleteMultipartUploadCommand && ++completes === 2) return new Promise(() => undefined);
    return send(command);
  };
  return { s3, completes: () => completes };
}


test('the emulator, for a caller without s3:ListBucket, answers a missing key as S3 does: 403, not 404', async () => {
  const w = await world(emulator);
  const s3 = withoutListBucket({ ...emulator.clientConfig }, [w.plane.processedBucket]);
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: w.plane.processedBucket, Key: 'processed/absent' })), (e: S3ServiceException) => e.$metadata.httpStatusCode === 403 && e.name === 'Forbidden');
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: w.plane.processedBucket, Key: 'processed/absent' })), (e: S3ServiceException) => e.$metadata.httpStatusCode === 403 && e.name === 'AccessDenied');
  // A caller that may list the bucket still gets 404.
  await assert.rejects(w.plane.clients.s3.send(new HeadObjectCommand({ Bucket: w.plane.processedBucket, Key: 'processed/absent' })), (e: S3ServiceException) => e.$metadata.httpStatusCode === 404);
});

/** A crash between completing the processed and the quarantine object, then a retry by a processor whose S3 caller is `retryS3`. */
async function crashBetweenCompletes(w: World, retryS3: S3Client, name: string) {
  const batch = syntheticBatch(300, { seed: 33 });
  const version = await w.put(`in/${name}.jsonl`, batch.text);
  const event = s3Event(w.plane.rawBucket, `in/${name}.jsonl`, version);
  const { s3, completes } = dyingAtSecondComplete(new S3Client({ ...emulator.clientConfig }));
  void processorWith(w, s3)(event, context('req-crashed'));
  for (let i = 0; i < 400 && completes() < 2; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(completes() >= 2, 'the first attempt reached the crash point');
  w.clock.now += 10 * 60 * 1000;
  return processorWith(w, retryS3)(event, context('req-retry'));
}

test('without s3:ListBucket the crash recovery cannot tell a missing output from a denial: the retry fails, saying so', async () => {
  const w = await world(emulator);
  await assert.rejects(crashBetweenCompletes(w, withoutListBucket({ ...emulator.clientConfig }, [w.plane.processedBucket]), 'no-list'), (e: Error) => e.name === 'ConfigurationError' && /s3:ListBucket/.test(e.message) && /answered 403/.test(e.message));
});

test('with s3:ListBucket (as the environments grant it) the same crash is recovered: one processed and one quarantine object', async () => {
  const w = await world(emulator);
  const result = await crashBetweenCompletes(w, new S3Client({ ...emulator.clientConfig }), 'with-list');
  const job = result.jobs[0]!;
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.counts!.records, 300);
  assert.equal(job.outputs!.length, 2);
});
