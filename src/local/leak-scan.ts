// The leak scan: every object version in the given buckets, every item in the given tables and every log line,
// searched for card numbers (src/core/card-numbers.md). Text is read as UTF-8, and JSON values are searched
// decoded, so digits in any script and separators written as escapes are seen. Findings are locations and masks.
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Readable } from 'node:stream';
import type { AwsClients } from '../aws/index.ts';
import { findPans, readLines, type PanFinding } from '../core/index.ts';

/** Findings in every key and string or number value of a value, at any depth. */
function findInValue(value: unknown, out: PanFinding[] = []): PanFinding[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(...findPans(String(value)));
  else if (Array.isArray(value)) for (const v of value) findInValue(v, out);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))
    for (const [k, v] of Object.entries(value)) {
      out.push(...findPans(k));
      findInValue(v, out);
    }
  return out;
}

/** Findings in a line as written and, when it is JSON, in its decoded keys and values. */
function findInLine(line: string): PanFinding[] {
  const found = findPans(line);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return found;
  }
  const decoded = findInValue(parsed);
  return decoded.length > found.length ? decoded : found;
}

export interface LeakReport {
  objects: number;
  items: number;
  logLines: number;
  findings: { where: string; masks: string[] }[];
}

export async function scanForLeaks(
  clients: AwsClients,
  buckets: string[],
  tables: string[],
  logLines: string[],
): Promise<LeakReport> {
  const report: LeakReport = { objects: 0, items: 0, logLines: logLines.length, findings: [] };
  for (const bucket of buckets) {
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await clients.s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
      );
      for (const v of page.Versions ?? []) {
        report.objects++;
        const out = await clients.s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: v.Key!, VersionId: v.VersionId }),
        );
        for await (const segment of readLines(out.Body as Readable)) {
          const found = findInLine(segment.bytes.toString('utf8'));
          if (found.length > 0)
            report.findings.push({
              where: `s3://${bucket}/${v.Key}#${v.VersionId}:${segment.line}`,
              masks: found.map((f) => f.masked),
            });
        }
        const keyFound = findPans(v.Key!);
        if (keyFound.length > 0)
          report.findings.push({ where: `s3://${bucket} key`, masks: keyFound.map((f) => f.masked) });
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
        const found = findInValue(item);
        if (found.length > 0) report.findings.push({ where: `dynamodb://${table}`, masks: found.map((f) => f.masked) });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
  logLines.forEach((line, i) => {
    const found = findInLine(line);
    if (found.length > 0) report.findings.push({ where: `log line ${i + 1}`, masks: found.map((f) => f.masked) });
  });
  return report;
}
