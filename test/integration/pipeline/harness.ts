// Test harness: one emulator per test file, a fresh data plane per test (moto reset), the processor and the
// validator wired in-process to it with the real AWS SDK, and every log line captured for leak checks.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { DynamoAuditLog, DynamoJobLedger, loadTokenKey } from '../../../src/aws/index.ts';
import type { TokenKey } from '../../../src/core/index.ts';
import { createProcessor, type InvocationContext } from '../../../src/functions/processor/processor.ts';
import { createValidator } from '../../../src/functions/validator/validator.ts';
import { provisionDataPlane, type DataPlane } from '../../../src/local/data-plane.ts';
import type { Emulator } from '../../../src/local/emulator.ts';

export const logLines: string[] = [];

/** Powertools logger whose output is kept in `logLines` (and not printed). */
export function capturingLogger(serviceName: string): Logger {
  const logger = new Logger({ serviceName });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // The logger writes through a Console bound to stdout/stderr at construction; rebind it to our sink.
  (logger as unknown as { console: Console }).console = new console.Console(sink, sink);
  return logger;
}

export function context(requestId = 'req-1'): InvocationContext {
  return {
    awsRequestId: requestId,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:lambda-data-processor-local',
    getRemainingTimeInMillis: () => 300_000,
  };
}

export function s3Event(bucket: string, key: string, versionId: string | undefined): unknown {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/events/s3/object-created-put.json', import.meta.url), 'utf8'));
  const record = fixture.Records[0];
  record.s3.bucket.name = bucket;
  record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
  record.s3.object.key = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
  record.s3.object.versionId = versionId;
  return fixture;
}

export interface World {
  plane: DataPlane;
  processor: ReturnType<typeof createProcessor>;
  validator: ReturnType<typeof createValidator>;
  tokenKey: () => Promise<TokenKey>;
  clock: { now: number };
  put(key: string, body: string | Buffer, encrypted?: boolean): Promise<string>;
}

export async function world(emulator: Emulator, options: { partSize?: number; leaseMs?: number; s3?: DataPlane['clients']['s3'] } = {}): Promise<World> {
  await emulator.reset();
  const plane = await provisionDataPlane(emulator.clientConfig);
  const clock = { now: Date.parse('2026-11-23T09:00:00Z') };
  let key: Promise<TokenKey> | undefined;
  const tokenKey = () =>
    (key ??= loadTokenKey({ kms: plane.clients.kms, dynamodb: plane.clients.dynamodb, table: plane.metadataTable, kmsKeyId: plane.tokenKeyArn, version: 1 }));
  const processor = createProcessor({
    config: {
      rawBucket: plane.rawBucket,
      processedBucket: plane.processedBucket,
      s3KmsKeyId: plane.s3KeyArn,
      ...(options.partSize ? { partSize: options.partSize } : {}),
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    },
    s3: options.s3 ?? plane.clients.s3,
    ledger: new DynamoJobLedger(plane.clients.dynamodb, plane.metadataTable),
    audit: new DynamoAuditLog(plane.clients.dynamodb, plane.auditTable),
    tokenKey,
    logger: capturingLogger('enclave-processor'),
    now: () => clock.now,
  });
  const validator = createValidator({
    config: { processedBucket: plane.processedBucket, s3KmsKeyId: plane.s3KeyArn },
    s3: plane.clients.s3,
    audit: new DynamoAuditLog(plane.clients.dynamodb, plane.auditTable),
    logger: capturingLogger('enclave-validator'),
    now: () => clock.now,
  });
  return {
    plane,
    processor,
    validator,
    tokenKey,
    clock,
    async put(objectKey, body, encrypted = true) {
      const out = await plane.clients.s3.send(
        new PutObjectCommand({
          Bucket: plane.rawBucket,
          Key: objectKey,
          Body: body,
          ...(encrypted ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: plane.s3KeyArn } : { ServerSideEncryption: 'AES256' }),
        }),
      );
      return out.VersionId ?? 'null';
    },
  };
}
