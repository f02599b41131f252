// Exactly-once effects under at-least-once delivery: duplicated events, a failed attempt, and a crashed attempt.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog, DynamoJobLedger } from '../../../src/aws/index.ts';
import type { AuditEvent } from '../../../src/core/index.ts';
import { createProcessor } from '../../../src/functions/processor/processor.ts';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { capturingLogger } from '../../../src/local/wiring.ts';
import { syntheticBatch } from '../../../src/local/synthetic.ts';
import { context, processorWith, s3Event, world, type World } from './harness.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator?.stop();
});

/** An S3 client whose n-th UploadPart fails (mode 'throw') or never returns, like a process that died (mode 'hang'). */
function faultyS3(config: S3ClientConfig, failOnPart: number, mode: 'throw' | 'hang'): S3Client {
  const client = new S3Client(config);
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let parts = 0;
  let fired = false;
  (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command: unknown) => {
    if (command instanceof UploadPartCommand && !fired && ++parts === failOnPart) {
      fired = true;
      return mode === 'throw' ? Promise.reject(new Error('simulated network failure')) : new Promise(() => undefined);
    }
    return send(command);
  };
  return client;
}

async function auditItems(w: World) {
  return (await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }))).Items ?? [];
}

async function processedLines(w: World, key: string): Promise<Record<string, unknown>[]> {
  const body = await (await w.plane.clients.s3.send(new GetObjectCommand({ Bucket: w.plane.processedBucket, Key: key }))).Body!.transformToString();
  return body.trim().split('\n').map((l) => JSON.parse(l));
}

function assertComplete(lines: Record<string, unknown>[], expected: number): void {
  assert.equal(lines.length, expected);
  const ids = new Set(lines.map((l) => l.transaction_id));
  assert.equal(ids.size, expected, 'no duplicated transaction in the output');
}

test('a duplicated event does no work twice', async () => {
  const w = await world(emulator);
  const batch = syntheticBatch(200, { seed: 3 });
  const version = await w.put('in/dup.jsonl', batch.text);
  const event = s3Event(w.plane.rawBucket, 'in/dup.jsonl', version);
  const first = await w.processor(event, context('req-a'));
  const second = await w.processor(event, context('req-b'));
  assert.equal(first.jobs[0]!.status, 'SUCCEEDED');
  assert.equal(second.jobs[0]!.status, 'DUPLICATE');
  assert.deepEqual(second.jobs[0]!.outputs, first.jobs[0]!.outputs);
  const versions = await w.plane.clients.s3.send(new ListObjectVersionsCommand({ Bucket: w.plane.processedBucket }));
  assert.equal(versions.Versions!.length, 2, 'one processed and one quarantine object, each written once');
  const audits = await auditItems(w);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.request_id, 'req-a');
});

test('an attempt that fails mid-file is retried to the same complete output', async () => {
  const w = await world(emulator, { s3: faultyS3({ ...emulator.clientConfig }, 1, 'throw'), partSize: 5 * 1024 * 1024 });
  const batch = syntheticBatch(30_000, { seed: 5 }); // ~6.5 MB of output: two parts
  const version = await w.put('in/fail.jsonl', batch.text);
  const event = s3Event(w.plane.rawBucket, 'in/fail.jsonl', version);
  await assert.rejects(w.processor(event, context('req-1')), /simulated network failure/);
  const retry = await w.processor(event, context('req-2'));
  const job = retry.jobs[0]!;
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.counts!.accepted! + job.counts!.rejected!, 30_000, 'nothing lost');
  assertComplete(await processedLines(w, job.outputs![0]!.key), 30_000 - batch.invalid);
  const uploads = await w.plane.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: w.plane.processedBucket }));
  assert.equal(uploads.Uploads?.length ?? 0, 0, 'no multipart upload left open');
  assert.equal((await auditItems(w)).length, 1);
});

test('a crashed attempt (never returns) is taken over after its lease and leaves nothing behind', async () => {
  const w = await world(emulator, { s3: faultyS3({ ...emulator.clientConfig }, 2, 'hang'), partSize: 5 * 1024 * 1024 });
  const batch = syntheticBatch(30_000, { seed: 9 });
  const version = await w.put('in/crash.jsonl', batch.text);
  const event = s3Event(w.plane.rawBucket, 'in/crash.jsonl', version);
  void w.processor(event, context('req-crashed')); // hangs forever, as if the sandbox died mid-upload
  // Wait until the crashed attempt has opened its multipart upload.
  for (let i = 0; i < 200; i++) {
    const uploads = await w.plane.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: w.plane.processedBucket }));
    if ((uploads.Uploads?.length ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // A redelivery while the lease holds is refused (and will be retried by Lambda).
  await assert.rejects(w.processor(event, context('req-early')), { name: 'JobInProgressError' });
  w.clock.now += 10 * 60 * 1000; // past the lease: remaining time (300 s) + 30 s
  const retry = await w.processor(event, context('req-retry'));
  const job = retry.jobs[0]!;
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.counts!.records, 30_000);
  assertComplete(await processedLines(w, job.outputs![0]!.key), 30_000 - batch.invalid);
  // The output went up as a multipart upload: SSE-KMS under our key must hold for it too.
  const head = await w.plane.clients.s3.send(new HeadObjectCommand({ Bucket: w.plane.processedBucket, Key: job.outputs![0]!.key }));
  assert.equal(head.ServerSideEncryption, 'aws:kms');
  assert.ok(head.SSEKMSKeyId?.endsWith(w.plane.s3KeyArn.split('/').pop()!), `SSE key ${head.SSEKMSKeyId}`);
  assert.ok((head.ContentLength ?? 0) > 5 * 1024 * 1024, 'more than one part');
  const uploads = await w.plane.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: w.plane.processedBucket }));
  assert.equal(uploads.Uploads?.length ?? 0, 0, "the crashed attempt's upload was aborted");
  const ledger = await w.plane.clients.dynamodb.send(new GetCommand({ TableName: w.plane.metadataTable, Key: { job_id: job.job_id } }));
  assert.equal(ledger.Item!.status, 'SUCCEEDED');
  assert.equal(ledger.Item!.attempt, 2);
  const audits = await auditItems(w);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.request_id, 'req-retry');
});

test('a crash after the outputs are complete but before the audit record: the retry only audits and finishes', async () => {
  const w = await world(emulator);
  const audit = new DynamoAuditLog(w.plane.clients.dynamodb, w.plane.auditTable);
  let hang = true;
  const crashingAudit = { append: (event: AuditEvent) => (hang ? ((hang = false), new Promise<never>(() => undefined)) : audit.append(event)) };
  const processor = createProcessor({
    config: { rawBucket: w.plane.rawBucket, processedBucket: w.plane.processedBucket, s3KmsKeyId: w.plane.s3KeyArn },
    s3: w.plane.clients.s3,
    ledger: new DynamoJobLedger(w.plane.clients.dynamodb, w.plane.metadataTable),
    audit: crashingAudit,
    tokenKey: w.tokenKey,
    logger: capturingLogger('enclave-processor', w.logLines),
    now: () => w.clock.now,
  });
  const batch = syntheticBatch(300, { seed: 13 });
  const version = await w.put('in/late-crash.jsonl', batch.text);
  const event = s3Event(w.plane.rawBucket, 'in/late-crash.jsonl', version);
  void processor(event, context('req-crashed'));
  for (let i = 0; i < 200 && hang; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(hang, false, 'the first attempt reached the audit write');
  const before = await w.plane.clients.s3.send(new ListObjectVersionsCommand({ Bucket: w.plane.processedBucket }));
  w.clock.now += 10 * 60 * 1000;
  const retry = await processor(event, context('req-retry'));
  assert.equal(retry.jobs[0]!.status, 'SUCCEEDED');
  assert.equal(retry.jobs[0]!.counts!.accepted, 300 - batch.invalid);
  const after = await w.plane.clients.s3.send(new ListObjectVersionsCommand({ Bucket: w.plane.processedBucket }));
  assert.equal(after.Versions!.length, 2);
  assert.deepEqual(after.Versions!.map((v) => v.VersionId).sort(), before.Versions!.map((v) => v.VersionId).sort(), 'no object written again');
  const audits = await auditItems(w);
  assert.equal(audits.length, 1);
  assert.deepEqual(audits[0]!.outputs, retry.jobs[0]!.outputs);
});

// ---- Crashes while the outputs are being made visible -------------------------------------------------------
// The attempt records its fully uploaded outputs as "completing" before completing any of them; whatever the
// crash point after that, the retry finishes the job without processing the file again or writing any output twice.

/**
 * An S3 client whose n-th CompleteMultipartUpload never returns (the sandbox died), optionally after S3 did it;
 * `completes()` counts the CompleteMultipartUpload calls it was asked to make.
 */
function s3DyingAtComplete(config: S3ClientConfig, n: number, afterS3Completes: boolean): { s3: S3Client; completes: () => number } {
  const client = new S3Client(config);
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let completes = 0;
  (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command: unknown) => {
    if (command instanceof CompleteMultipartUploadCommand && ++completes === n) {
      if (afterS3Completes) await send(command);
      return new Promise(() => undefined);
    }
    return send(command);
  };
  return { s3: client, completes: () => completes };
}


async function outputVersions(w: World): Promise<string[]> {
  const listed = await w.plane.clients.s3.send(new ListObjectVersionsCommand({ Bucket: w.plane.processedBucket }));
  return (listed.Versions ?? []).map((v) => `${v.Key}#${v.VersionId}`).sort();
}

async function crashThenRetry(w: World, crashing: ReturnType<typeof processorWith>, name: string, reached: () => boolean) {
  const batch = syntheticBatch(400, { seed: 21 });
  const version = await w.put(`in/${name}.jsonl`, batch.text);
  const event = s3Event(w.plane.rawBucket, `in/${name}.jsonl`, version);
  void crashing(event, context('req-crashed'));
  for (let i = 0; i < 400 && !reached(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(reached(), 'the first attempt reached the crash point');
  const before = await outputVersions(w);
  w.clock.now += 10 * 60 * 1000; // past the crashed attempt's lease
  const retry = (await w.processor(event, context('req-retry'))).jobs[0]!;
  assert.equal(retry.status, 'SUCCEEDED');
  assert.equal(retry.counts!.records, 400, 'nothing lost');
  assert.equal(retry.counts!.accepted! + retry.counts!.rejected!, 400);
  assertComplete(await processedLines(w, retry.outputs![0]!.key), 400 - batch.invalid);
  const after = await outputVersions(w);
  assert.equal(after.length, 2, `one version each of the processed and the quarantine object: ${after.join(', ')}`);
  assert.deepEqual(
    after.map((v) => v.split("#")[0]).sort(),
    retry.outputs!.map((o) => o.key).sort(),
  );
  assert.ok(w.logLines.some((l) => l.includes('finished the outputs an earlier attempt had uploaded')), 'the file was not processed again');
  const uploads = await w.plane.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: w.plane.processedBucket }));
  assert.equal(uploads.Uploads?.length ?? 0, 0, 'no multipart upload left open');
  const audits = await auditItems(w);
  assert.equal(audits.length, 1);
  assert.deepEqual(audits[0]!.outputs, retry.outputs);
  return { before, after };
}

test('a crash after the outputs are uploaded but before any is completed: the retry completes them', async () => {
  const w = await world(emulator);
  const { s3, completes } = s3DyingAtComplete({ ...emulator.clientConfig }, 1, false);
  const { before } = await crashThenRetry(w, processorWith(w, s3), 'before-complete', () => completes() >= 1);
  assert.deepEqual(before, [], 'nothing was visible before the retry');
});

test('a crash between completing the processed and the quarantine object: the retry keeps one and completes the other', async () => {
  const w = await world(emulator);
  const { s3, completes } = s3DyingAtComplete({ ...emulator.clientConfig }, 2, false);
  const { before, after } = await crashThenRetry(w, processorWith(w, s3), 'between-completes', () => completes() >= 2);
  assert.equal(before.length, 1);
  assert.ok(after.includes(before[0]!), 'the processed object the crashed attempt completed is the one kept');
});

test('a crash after S3 completed both objects but before the ledger recorded them: the retry writes nothing', async () => {
  const w = await world(emulator);
  const { s3, completes } = s3DyingAtComplete({ ...emulator.clientConfig }, 2, true); // S3 completes the second, the reply never arrives
  let both = false;
  const { before, after } = await crashThenRetry(w, processorWith(w, s3), 'after-completes', () => {
    if (completes() >= 2 && !both) void outputVersions(w).then((v) => (both = v.length === 2));
    return both;
  });
  assert.deepEqual(after, before, 'both objects are the ones the crashed attempt completed');
});

test('outputs whose upload was aborted meanwhile are produced again from the file, still once each', async () => {
  const w = await world(emulator);
  const { s3, completes } = s3DyingAtComplete({ ...emulator.clientConfig }, 1, false);
  const batch = syntheticBatch(300, { seed: 22 });
  const version = await w.put('in/aborted.jsonl', batch.text);
  const event = s3Event(w.plane.rawBucket, 'in/aborted.jsonl', version);
  void processorWith(w, s3)(event, context('req-crashed'));
  for (let i = 0; i < 400 && completes() < 1; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(completes() >= 1);
  // An operator (or a lifecycle rule) aborts the open uploads before the retry.
  const open = await w.plane.clients.s3.send(new ListMultipartUploadsCommand({ Bucket: w.plane.processedBucket }));
  assert.ok((open.Uploads?.length ?? 0) > 0);
  for (const u of open.Uploads ?? []) await w.plane.clients.s3.send(new AbortMultipartUploadCommand({ Bucket: w.plane.processedBucket, Key: u.Key, UploadId: u.UploadId }));
  w.clock.now += 10 * 60 * 1000;
  const retry = (await w.processor(event, context('req-retry'))).jobs[0]!;
  assert.equal(retry.status, 'SUCCEEDED');
  assertComplete(await processedLines(w, retry.outputs![0]!.key), 300 - batch.invalid);
  assert.equal((await outputVersions(w)).length, 2);
  assert.ok(w.logLines.some((l) => l.includes('can no longer be completed; processing again')));
  assert.equal((await auditItems(w)).length, 1);
});

test('the emulator answers like S3: completing an aborted upload is NoSuchUpload', async () => {
  const w = await world(emulator);
  const s3 = w.plane.clients.s3;
  const bucket = w.plane.processedBucket;
  const key = 'probe/aborted.jsonl';
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: w.plane.s3KeyArn }));
  const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: '{}\n' }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
  await assert.rejects(
    s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] } })),
    { name: 'NoSuchUpload' },
  );
});
