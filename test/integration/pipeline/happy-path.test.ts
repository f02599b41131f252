import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { syntheticBatch } from '../../../src/local/synthetic.ts';
import { context, s3Event, world } from './harness.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator?.stop();
});

test('happy path: records are tokenized, masked, SSE-KMS encrypted, audited and validated', async () => {
  const w = await world(emulator);
  const batch = syntheticBatch(500, { seed: 7 });
  const version = await w.put('incoming/batch 1.jsonl', batch.text);
  const result = await w.processor(s3Event(w.plane.rawBucket, 'incoming/batch 1.jsonl', version), context());
  assert.equal(result.jobs.length, 1);
  const job = result.jobs[0]!;
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.counts!.accepted, 500 - batch.invalid);
  assert.equal(job.counts!.rejected, batch.invalid);
  for (const [reason, n] of Object.entries(batch.expectedReasons)) assert.equal(job.counts![`rejected.${reason}`], n, reason);

  const processed = job.outputs!.find((o) => o.key.startsWith('processed/'))!;
  const head = await w.plane.clients.s3.send(new HeadObjectCommand({ Bucket: processed.bucket, Key: processed.key }));
  assert.equal(head.ServerSideEncryption, 'aws:kms');
  assert.ok(head.SSEKMSKeyId?.endsWith(w.plane.s3KeyArn.split('/').pop()!), `SSE key ${head.SSEKMSKeyId}`);
  const body = await (await w.plane.clients.s3.send(new GetObjectCommand({ Bucket: processed.bucket, Key: processed.key }))).Body!.transformToString();
  const lines = body.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 500 - batch.invalid);
  assert.match(lines[0].token, /^tok_v1_[A-Za-f]{32}$/);
  assert.match(lines[0].pan_masked, /^\d{6}\*+\d{4}$/);

  const validation = await w.validator(s3Event(processed.bucket, processed.key, processed.version_id), context('req-v'));
  assert.equal(validation.results[0]!.outcome, 'PASSED', JSON.stringify(validation.results[0]));
  const quarantine = job.outputs!.find((o) => o.key.startsWith('quarantine/'))!;
  const qv = await w.validator(s3Event(quarantine.bucket, quarantine.key, quarantine.version_id), context('req-q'));
  assert.equal(qv.results[0]!.outcome, 'PASSED', JSON.stringify(qv.results[0]));

  const audit = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }));
  assert.equal(audit.Items!.length, 3);
  const jobAudit = audit.Items!.find((i) => i.event_type === 'processor.job')!;
  assert.equal(jobAudit.outcome, 'SUCCEEDED');
  assert.equal(jobAudit.request_id, 'req-1');
  assert.equal(jobAudit.initiator, 'AWS:AROAEXAMPLEUPLOADER:partner-sftp');
  assert.equal(jobAudit.object.version_id, version);
});
