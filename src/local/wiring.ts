// The processor and validator wired in-process to a local data plane, as Lambda would wire them from their
// environment, but with injectable logger, clock, lease and part size for tests and the main job.
import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from '../aws/logger.ts';
import { DynamoAuditLog, DynamoJobLedger, loadTokenKey, type AwsClients } from '../aws/index.ts';
import type { TokenKey } from '../core/index.ts';
import { createProcessor, type InvocationContext } from '../functions/processor/processor.ts';
import { createValidator } from '../functions/validator/validator.ts';
import type { DataPlane } from './data-plane.ts';

export { objectCreatedEvent } from './s3-events.ts';

/** The functions' own logger (redacting formatter included), with its lines appended to `lines` instead of printed. */
export function capturingLogger(serviceName: string, lines: string[]): Logger {
  return createLogger(serviceName, { lines });
}

export interface LocalFunctions {
  processor: ReturnType<typeof createProcessor>;
  validator: ReturnType<typeof createValidator>;
  tokenKey: () => Promise<TokenKey>;
}

export function localFunctions(
  plane: DataPlane,
  options: { logLines: string[]; now?: () => number; partSize?: number; leaseMs?: number; s3?: AwsClients['s3'] },
): LocalFunctions {
  let key: Promise<TokenKey> | undefined;
  const tokenKey = () =>
    (key ??= loadTokenKey({
      kms: plane.clients.kms,
      dynamodb: plane.clients.dynamodb,
      table: plane.metadataTable,
      kmsKeyId: plane.tokenKeyArn,
      version: 1,
    }));
  const now = options.now ?? Date.now;
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
    logger: capturingLogger('enclave-processor', options.logLines),
    now,
  });
  const validator = createValidator({
    config: { processedBucket: plane.processedBucket, s3KmsKeyId: plane.s3KeyArn },
    s3: plane.clients.s3,
    audit: new DynamoAuditLog(plane.clients.dynamodb, plane.auditTable),
    logger: capturingLogger('enclave-validator', options.logLines),
    now,
  });
  return { processor, validator, tokenKey };
}

export function localContext(requestId: string, functionName = 'lambda-data-processor-local'): InvocationContext {
  return {
    awsRequestId: requestId,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    getRemainingTimeInMillis: () => 300_000,
  };
}
