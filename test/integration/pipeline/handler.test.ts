// The Lambda entry points themselves: configuration from the environment their contracts declare, clients from
// the SDK's own environment (AWS_ENDPOINT_URL points them at the emulator), token key loaded on first use.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { provisionDataPlane } from '../../../src/local/data-plane.ts';
import { startEmulator, type Emulator } from '../../../src/local/emulator.ts';
import { objectCreatedEvent } from '../../../src/local/wiring.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator?.stop();
});

const lambdaContext = (name: string) =>
  ({
    awsRequestId: `req-${name}`,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    functionName: name,
    functionVersion: '$LATEST',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 300_000,
  }) as unknown as Context;

test('handler and lambda_handler run from environment variables alone', async () => {
  const plane = await provisionDataPlane(emulator.clientConfig);
  const saved = { ...process.env };
  Object.assign(process.env, plane.env, {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    stdout.push(String(chunk)), true
  )) as typeof process.stdout.write;
  try {
    const processor = await import('../../../src/functions/processor/handler.ts');
    const validator = await import('../../../src/functions/validator/handler.ts');
    assert.equal(processor.lambda_handler, processor.handler);
    assert.equal(validator.lambda_handler, validator.handler);
    const body =
      JSON.stringify({
        transaction_id: 'h-1',
        merchant_id: 'm-1',
        pan: '4242424242424242',
        expiry: '10/30',
        amount_minor: 4200,
        currency: 'EUR',
        timestamp: '2026-11-20T10:00:00Z',
      }) + '\n';
    const put = await plane.clients.s3.send(
      new PutObjectCommand({
        Bucket: plane.rawBucket,
        Key: 'in/h.jsonl',
        Body: body,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: plane.s3KeyArn,
      }),
    );
    const result = await processor.handler(
      objectCreatedEvent(plane.rawBucket, 'in/h.jsonl', put.VersionId),
      lambdaContext('processor'),
    );
    assert.equal(result.jobs[0]!.status, 'SUCCEEDED');
    assert.equal(result.jobs[0]!.counts!.accepted, 1);
    const out = result.jobs[0]!.outputs![0]!;
    const validated = await validator.lambda_handler(
      objectCreatedEvent(out.bucket, out.key, out.version_id),
      lambdaContext('validator'),
    );
    assert.equal(validated.results[0]!.outcome, 'PASSED');
    // Powertools metrics went out as embedded-metric-format lines, counts only.
    const emf = stdout.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
    assert.deepEqual(
      emf.map((m) => [m.service, m.RecordsAccepted ?? m.ObjectsPASSED]),
      [
        ['enclave-processor', 1],
        ['enclave-validator', 1],
      ],
    );
    assert.ok(stdout.every((l) => !l.includes('4242424242424242')));
  } finally {
    process.stdout.write = write;
    process.env = saved;
  }
});
