// Everything the processor and validator leave behind on the emulator, gathered for a leak check: every object
// version in the processed bucket (key, body and user metadata), every item of the ledger and audit tables, and the
// log lines. Only the raw bucket, the input, is left out: card numbers belong there.
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { World } from './harness.ts';

export interface Exits {
  objects: { key: string; body: string; metadata: Record<string, string> }[];
  items: Record<string, unknown>[];
  logLines: string[];
}

/**
 * The exits. `seen` (versions already read) skips object versions gathered before, so repeated calls stay cheap;
 * `planted` names objects a test put there itself.
 */
export async function gatherExits(
  w: World,
  seen = new Set<string>(),
  planted: (key: string) => boolean = () => false,
): Promise<Exits> {
  const objects: Exits['objects'] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await w.plane.clients.s3.send(
      new ListObjectVersionsCommand({
        Bucket: w.plane.processedBucket,
        KeyMarker: keyMarker,
        VersionIdMarker: versionMarker,
      }),
    );
    for (const v of page.Versions ?? []) {
      const id = `${v.Key}#${v.VersionId}`;
      if (seen.has(id) || planted(v.Key!)) continue;
      seen.add(id);
      const out = await w.plane.clients.s3.send(
        new GetObjectCommand({ Bucket: w.plane.processedBucket, Key: v.Key!, VersionId: v.VersionId }),
      );
      objects.push({ key: v.Key!, body: await out.Body!.transformToString('utf8'), metadata: out.Metadata ?? {} });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  const items: Record<string, unknown>[] = [];
  for (const table of [w.plane.metadataTable, w.plane.auditTable]) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await w.plane.clients.dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }
  return { objects, items, logLines: [...w.logLines] };
}
