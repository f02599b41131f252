// Test harness: one emulator per test file, a fresh data plane per test (moto reset), the processor and the
// validator wired in-process to it with the real AWS SDK (src/local/wiring.ts), every log line kept for leak checks.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoAuditLog, DynamoJobLedger, type AwsClients } from '../../../src/aws/index.ts';
import { createProcessor } from '../../../src/functions/processor/processor.ts';
import { provisionDataPlane, type DataPlane } from '../../../src/local/data-plane.ts';
import type { Emulator } from '../../../src/local/emulator.ts';
import { capturingLogger, localContext, localFunctions, objectCreatedEvent, type LocalFunctions } from '../../../src/local/wiring.ts';

export const context = (requestId = 'req-1') => localContext(requestId);
export const s3Event = objectCreatedEvent;

export interface World extends LocalFunctions {
  plane: DataPlane;
  clock: { now: number };
  logLines: string[];
  put(key: string, body: string | Buffer, encrypted?: boolean): Promise<string>;
}

export async function world(emulator: Emulator, options: { partSize?: number; leaseMs?: number; s3?: AwsClients['s3'] } = {}): Promise<World> {
  await emulator.reset();
  const plane = await provisionDataPlane(emulator.clientConfig);
  const clock = { now: Date.parse('2026-11-23T09:00:00Z') };
  const logLines: string[] = [];
  const fns = localFunctions(plane, { logLines, now: () => clock.now, ...options });
  return {
    ...fns,
    plane,
    clock,
    logLines,
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

/** A processor over the world's data plane with its own S3 client (for crash injection, or a caller with other permissions). */
export function processorWith(w: World, s3: S3Client) {
  return createProcessor({
    config: { rawBucket: w.plane.rawBucket, processedBucket: w.plane.processedBucket, s3KmsKeyId: w.plane.s3KeyArn },
    s3,
    ledger: new DynamoJobLedger(w.plane.clients.dynamodb, w.plane.metadataTable),
    audit: new DynamoAuditLog(w.plane.clients.dynamodb, w.plane.auditTable),
    tokenKey: w.tokenKey,
    logger: capturingLogger('enclave-processor', w.logLines),
    now: () => w.clock.now,
  });
}
