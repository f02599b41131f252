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
  for (const [reason, n] of Object.entries(batch.expectedReasons))
    assert.equal(job.counts![`rejected.${reason}`], n, reason);

  const processed = job.outputs!.find((o) => o.key.startsWith('processed/'))!;
  const head = await w.plane.clients.s3.send(new HeadObjectCommand({ Bucket: processed.bucket, Key: processed.key }));
  assert.equal(head.ServerSideEncryption, 'aws:kms');
  assert.ok(head.SSEKMSKeyId?.endsWith(w.plane.s3KeyArn.split('/').pop()!), `SSE key ${head.SSEKMSKeyId}`);
  const body = await (
    await w.plane.clients.s3.send(new GetObjectCommand({ Bucket: processed.bucket, Key: processed.key }))
  ).Body!.transformToString();
  const lines = body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 500 - batch.invalid);
  assert.match(lines[0].token, /^tok_v1_[A-Za-f]{32}$/);
  assert.match(lines[0].pan_masked, /^\d{6}\*+\d{4}$/);

  const validation = await w.validator(
    s3Event(processed.bucket, processed.key, processed.version_id),
    context('req-v'),
  );
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

test('the validator catches a planted clear card number and a wrongly encrypted object, and audits each', async () => {
  const w = await world(emulator);
  const record = {
    transaction_id: 'p-1',
    merchant_id: 'm-001',
    token: 'tok_v1_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef',
    pan_masked: '411111******1111',
    brand: 'visa',
    expiry: '12/29',
    amount_minor: 100,
    currency: 'USD',
    timestamp: '2026-11-20T10:00:00Z',
    line: 1,
  };
  const planted =
    [
      JSON.stringify(record),
      JSON.stringify({ ...record, transaction_id: 'p-2', line: 2 }).replace(
        '"line":2',
        '"line":2,"note":"card 5555 5555 5555 4444"',
      ),
    ].join('\n') + '\n';
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const put = async (key: string, sse: 'aws:kms' | 'AES256') =>
    (
      await w.plane.clients.s3.send(
        new PutObjectCommand({
          Bucket: w.plane.processedBucket,
          Key: key,
          Body: planted,
          ServerSideEncryption: sse,
          ...(sse === 'aws:kms' ? { SSEKMSKeyId: w.plane.s3KeyArn } : {}),
        }),
      )
    ).VersionId;
  const v1 = await put('processed/planted.jsonl', 'aws:kms');
  const v2 = await put('processed/sse-s3.jsonl', 'AES256');
  const r1 = (await w.validator(s3Event(w.plane.processedBucket, 'processed/planted.jsonl', v1), context('req-p1')))
    .results[0]!;
  assert.equal(r1.outcome, 'FAILED');
  assert.deepEqual(r1.reasons.sort(), ['CLEAR_PAN_FOUND', 'SCHEMA_VIOLATION']);
  assert.deepEqual(r1.pan_masks, ['555555******4444']);
  assert.deepEqual(r1.first_problem_lines, [2]);
  const r2 = (await w.validator(s3Event(w.plane.processedBucket, 'processed/sse-s3.jsonl', v2), context('req-p2')))
    .results[0]!;
  assert.ok(r2.reasons.includes('NOT_SSE_KMS'), JSON.stringify(r2.reasons));
  const audit = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: w.plane.auditTable }));
  assert.deepEqual(audit.Items!.map((i) => i.outcome).sort(), ['FAILED', 'FAILED']);
  assert.ok(w.logLines.every((l) => !l.includes('5555555555554444') && !l.includes('5555 5555 5555 4444')));
  assert.ok(w.logLines.some((l) => l.includes('CLEAR_PAN_FOUND')));
});
