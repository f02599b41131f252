// Daily compliance scan of the live account and region (EventBridge schedule → this handler).
// Thin: read configuration → collect the inventory → evaluate (pure) → upload the report and publish the summary.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { collectInventory, type ScannerClients } from './collect.ts';
import { buildReport, evaluate, type ScanReport } from './findings.ts';
import { publishReport, type Destinations, type Published } from './publish.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './retry.ts';

export class ScannerConfigurationError extends Error {
  override name = 'ScannerConfigurationError';
}

export const ENVIRONMENT = {
  topicArn: 'SNS_TOPIC_ARN',
  reportsBucket: 'REPORTS_BUCKET',
  reportsKmsKeyId: 'REPORTS_KMS_KEY_ID',
} as const;
/** Optional: recorded in the report, not needed to publish. */
export const TOPIC_KMS_KEY_VARIABLE = 'SNS_TOPIC_KMS_KEY_ID';

export function readDestinations(env: NodeJS.ProcessEnv = process.env): Destinations {
  const missing = Object.values(ENVIRONMENT).filter((name) => !env[name]);
  if (missing.length > 0) throw new ScannerConfigurationError(`missing environment variables: ${missing.join(', ')}`);
  return {
    topicArn: env[ENVIRONMENT.topicArn]!,
    reportsBucket: env[ENVIRONMENT.reportsBucket]!,
    reportsKmsKeyId: env[ENVIRONMENT.reportsKmsKeyId]!,
    ...(env[TOPIC_KMS_KEY_VARIABLE] ? { topicKmsKeyId: env[TOPIC_KMS_KEY_VARIABLE] } : {}),
  };
}

export type AllClients = ScannerClients & { sns: SNSClient };

/** SDK clients with the SDK's own retries in adaptive mode (client-side rate limiting under throttling). */
export function createClients(region: string, extra: Record<string, unknown> = {}): AllClients {
  const config = { region, maxAttempts: 5, retryMode: 'adaptive', ...extra };
  return {
    s3: new S3Client(config),
    ec2: new EC2Client(config),
    logs: new CloudWatchLogsClient(config),
    kms: new KMSClient(config),
    dynamodb: new DynamoDBClient(config),
    sns: new SNSClient(config),
  };
}

export interface ScanOptions {
  accountId: string;
  region: string;
  destinations: Destinations;
  pageSize?: number;
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Most pages one listing follows (default collect.ts MAX_PAGES). */
  maxPages?: number;
  now?: () => Date;
}

export interface ScanOutcome {
  report: ScanReport;
  published: Published;
}

export async function runScan(clients: AllClients, options: ScanOptions): Promise<ScanOutcome> {
  const now = options.now ?? (() => new Date());
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const startedAt = now();
  const inventory = await collectInventory(clients, {
    accountId: options.accountId,
    region: options.region,
    backoff,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
  });
  const report: ScanReport = {
    ...buildReport(inventory, evaluate(inventory), startedAt, now()),
    protection: {
      reportKmsKeyId: options.destinations.reportsKmsKeyId,
      topicKmsKeyId: options.destinations.topicKmsKeyId ?? null,
    },
  };
  const published = await publishReport(clients, options.destinations, report, backoff);
  return { report, published };
}

/** The account id is the fifth field of the invoked function's ARN: no STS call, no extra permission. */
export function accountIdFrom(context: Pick<Context, 'invokedFunctionArn'> | undefined): string {
  const account = context?.invokedFunctionArn?.split(':')[4];
  if (!account || !/^\d{12}$/.test(account))
    throw new ScannerConfigurationError('cannot tell the account id: no invokedFunctionArn in the Lambda context');
  return account;
}

const logger = new Logger({ serviceName: 'compliance-scanner' });
let cachedClients: AllClients | undefined;

export interface ScanResponse {
  accountId: string;
  region: string;
  counts: ScanReport['counts'];
  totalFindings: number;
  report: string;
  messageId: string;
}

export async function handler(event: unknown, context?: Context): Promise<ScanResponse> {
  const destinations = readDestinations();
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new ScannerConfigurationError('AWS_REGION is not set');
  const accountId = accountIdFrom(context);
  cachedClients ??= createClients(region);
  const source =
    typeof event === 'object' && event !== null ? (event as Record<string, unknown>)['detail-type'] : undefined;
  logger.info('compliance scan started', {
    trigger: typeof source === 'string' ? source : 'direct invocation',
    region,
  });
  const { report, published } = await runScan(cachedClients, { accountId, region, destinations });
  const response: ScanResponse = {
    accountId,
    region,
    counts: report.counts,
    totalFindings: report.findings.length,
    report: `s3://${published.bucket}/${published.key}`,
    messageId: published.messageId,
  };
  logger.info('compliance scan finished', { counts: report.counts, scanned: report.scanned, report: response.report });
  return response;
}

/** The name the customer's specification gives the entry point. */
export const lambda_handler = handler;
