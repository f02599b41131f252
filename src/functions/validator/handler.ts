// Lambda entry point of the validator. Exported as `handler` and `lambda_handler`.
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { DynamoAuditLog, createClients, createLogger, readEnvironment } from '../../aws/index.ts';
import { redactError } from '../../core/index.ts';
import { contract } from './contract.ts';
import { createValidator, type ValidationResult } from './validator.ts';

const logger = createLogger('enclave-validator');
const metrics = new Metrics({ namespace: 'Enclave', serviceName: 'enclave-validator' });
let instance: ReturnType<typeof createValidator> | undefined;

function build(): ReturnType<typeof createValidator> {
  const env = readEnvironment(contract);
  const clients = createClients();
  return createValidator({
    config: { processedBucket: env.PROCESSED_BUCKET!, s3KmsKeyId: env.S3_KMS_KEY_ARN! },
    s3: clients.s3,
    audit: new DynamoAuditLog(clients.dynamodb, env.AUDIT_TABLE!),
    logger,
  });
}

export async function handler(event: unknown, context: Context): Promise<{ results: ValidationResult[] }> {
  logger.addContext(context);
  instance ??= build();
  try {
    const result = await instance(event, context);
    for (const r of result.results) {
      metrics.addMetric(`Objects${r.outcome}`, MetricUnit.Count, 1);
      if (r.counts.pans_found > 0) metrics.addMetric('ClearCardNumbersFound', MetricUnit.Count, r.counts.pans_found);
    }
    return result;
  } catch (error) {
    throw redactError(error);
  } finally {
    metrics.publishStoredMetrics();
  }
}

export const lambda_handler = handler;
