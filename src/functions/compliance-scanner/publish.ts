// Where a scan's results go: the full JSON report to S3 under SSE-KMS with the stack's key, a summary to SNS.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { reportKey, summarize, type ScanReport } from './findings.ts';
import { DEFAULT_BACKOFF, withBackoff, type BackoffOptions } from './retry.ts';

export interface Destinations {
  topicArn: string;
  reportsBucket: string;
  /** Key id, ARN or alias of the KMS key the report is encrypted under. */
  reportsKmsKeyId: string;
  /** The key SNS encrypts the topic's messages with (SNS picks it; the scanner only records it as evidence). */
  topicKmsKeyId?: string;
}

export interface Published {
  bucket: string;
  key: string;
  messageId: string;
}

export async function publishReport(
  clients: { s3: S3Client; sns: SNSClient },
  destinations: Destinations,
  report: ScanReport,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<Published> {
  const key = reportKey(report);
  // The report goes first: the SNS summary points at it, so it must exist when the message arrives.
  await withBackoff(
    () =>
      clients.s3.send(
        new PutObjectCommand({
          Bucket: destinations.reportsBucket,
          Key: key,
          Body: JSON.stringify(report, null, 2),
          ContentType: 'application/json',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: destinations.reportsKmsKeyId,
        }),
      ),
    backoff,
  );
  const summary = summarize(report, { bucket: destinations.reportsBucket, key });
  const answer = await withBackoff(
    () =>
      clients.sns.send(
        new PublishCommand({
          TopicArn: destinations.topicArn,
          Subject: summary.subject,
          Message: summary.message,
          MessageAttributes: {
            critical: { DataType: 'Number', StringValue: String(report.counts.CRITICAL) },
            high: { DataType: 'Number', StringValue: String(report.counts.HIGH) },
          },
        }),
      ),
    backoff,
  );
  return { bucket: destinations.reportsBucket, key, messageId: answer.MessageId ?? '' };
}
