// Lambda entry point of the processor: configuration from the environment (as its contract declares), clients
// and the token key once per cold start, then the logic in processor.ts. Exported as `handler` and `lambda_handler`.
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import {
  DynamoAuditLog,
  DynamoJobLedger,
  createClients,
  createLogger,
  loadTokenKey,
  readEnvironment,
} from '../../aws/index.ts';
import { redactError, type TokenKey } from '../../core/index.ts';
import { contract } from './contract.ts';
import { createProcessor, type ProcessorResult } from './processor.ts';

const logger = createLogger('enclave-processor');
// Embedded-metric-format lines on stdout: CloudWatch Logs turns them into metrics, no extra API call or permission.
const metrics = new Metrics({ namespace: 'Enclave', serviceName: 'enclave-processor' });
let instance: ReturnType<typeof createProcessor> | undefined;

function build(): ReturnType<typeof createProcessor> {
  const env = readEnvironment(contract);
  const clients = createClients();
  let key: Promise<TokenKey> | undefined;
  return createProcessor({
    config: {
      rawBucket: env.RAW_BUCKET!,
      processedBucket: env.PROCESSED_BUCKET!,
      s3KmsKeyId: env.S3_KMS_KEY_ARN!,
      ...(env.JOB_LEASE_SECONDS ? { leaseMs: Number(env.JOB_LEASE_SECONDS) * 1000 } : {}),
    },
    s3: clients.s3,
    ledger: new DynamoJobLedger(clients.dynamodb, env.METADATA_TABLE!),
    audit: new DynamoAuditLog(clients.dynamodb, env.AUDIT_TABLE!),
    // Decrypted once per cold start and kept only in memory; a failed load is retried on the next invocation.
    tokenKey: () =>
      (key ??= loadTokenKey({
        kms: clients.kms,
        dynamodb: clients.dynamodb,
        table: env.METADATA_TABLE!,
        kmsKeyId: env.TOKEN_KMS_KEY_ARN!,
        version: Number(env.TOKEN_KEY_VERSION ?? '1'),
      }).catch((error) => {
        key = undefined;
        throw error;
      })),
    logger,
  });
}

export async function handler(event: unknown, context: Context): Promise<ProcessorResult> {
  logger.addContext(context);
  instance ??= build();
  try {
    const result = await instance(event, context);
    for (const job of result.jobs) {
      metrics.addMetric(`Jobs${job.status}`, MetricUnit.Count, 1);
      if (job.status === 'SUCCEEDED') {
        metrics.addMetric('RecordsAccepted', MetricUnit.Count, job.counts?.accepted ?? 0);
        metrics.addMetric('RecordsRejected', MetricUnit.Count, job.counts?.rejected ?? 0);
      }
    }
    return result;
  } catch (error) {
    metrics.addMetric('AttemptsRetried', MetricUnit.Count, 1);
    throw redactError(error); // a configuration or client error thrown before the processor's own guard
  } finally {
    metrics.publishStoredMetrics();
  }
}

export const lambda_handler = handler;
