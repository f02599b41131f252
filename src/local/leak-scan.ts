// The leak scan: every object version in the given buckets, every item in the given tables and every log line,
// searched for Luhn-valid card numbers. Findings are reported as locations and masks only.
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Readable } from 'node:stream';
import type { AwsClients } from '../aws/index.ts';
import { findPans, readLines } from '../core/index.ts';

export interface LeakReport {
  objects: number;
  items: number;
  logLines: number;
  findings: { where: string; masks: string[] }[];
}

export async function scanForLeaks(clients: AwsClients, buckets: string[], tables: string[], logLines: string[]): Promise<LeakReport> {
  const report: LeakReport = { objects: 0, items: 0, logLines: logLines.length, findings: [] };
  for (const bucket of buckets) {
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
      for (const v of page.Versions ?? []) {
        report.objects++;
        const out = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: v.Key!, VersionId: v.VersionId }));
        for await (const segment of readLines(out.Body as Readable)) {
          const found = findPans(segment.bytes.toString('latin1'));
          if (found.length > 0) report.findings.push({ where: `s3://${bucket}/${v.Key}#${v.VersionId}:${segment.line}`, masks: found.map((f) => f.masked) });
        }
        const keyFound = findPans(v.Key!);
        if (keyFound.length > 0) report.findings.push({ where: `s3://${bucket} key`, masks: keyFound.map((f) => f.masked) });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
  }
  for (const table of tables) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await clients.dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        report.items++;
        const found = findPans(JSON.stringify(item));
        if (found.length > 0) report.findings.push({ where: `dynamodb://${table}`, masks: found.map((f) => f.masked) });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
  logLines.forEach((line, i) => {
    const found = findPans(line);
    if (found.length > 0) report.findings.push({ where: `log line ${i + 1}`, masks: found.map((f) => f.masked) });
  });
  return report;
}
