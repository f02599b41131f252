// Exactly-once effects under at-least-once delivery: duplicated events, a failed attempt, and a crashed attempt.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand, S3Client, UploadPartCommand, type S3ClientConfig } from '@aws-sdk/client-s3';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog, DynamoJobLedger } from '../../../src/aws/index.ts';
import type { AuditEvent } from '../../../src/core/index.ts';
import { createProcessor } from '../../../src/functions/processor/processor.ts';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { capturingLogger } from '../../../src/local/wiring.ts';
import { syntheticBatch } from '../../../src/local/synthetic.ts';
import { context, s3Event, world, type World } from './harness.ts';

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
