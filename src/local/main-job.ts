// npm start: the whole job on the local emulator. Provision the data plane, upload synthetic payment files
// (public test card numbers only, a tenth invalid in varied ways), run the processor on their S3 events, run the
// validator on every output, then print what happened and scan everything produced for card numbers.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { provisionDataPlane } from './data-plane.ts';
import { startEmulator } from './emulator.ts';
import { scanForLeaks } from './leak-scan.ts';
import { syntheticBatch, toCsv } from './synthetic.ts';
import { localContext, localFunctions, objectCreatedEvent } from './wiring.ts';

const JSONL_RECORDS = 20_000;
const CSV_RECORDS = 2_000;

async function main(): Promise<void> {
  const started = performance.now();
  const emulator = await startEmulator();
  try {
    const plane = await provisionDataPlane(emulator.clientConfig);
    const logLines: string[] = [];
    const fns = localFunctions(plane, { logLines });
    const put = async (key: string, body: string) =>
      (
        await plane.clients.s3.send(
          new PutObjectCommand({
            Bucket: plane.rawBucket,
            Key: key,
            Body: body,
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: plane.s3KeyArn,
          }),
        )
      ).VersionId;

    const jsonl = syntheticBatch(JSONL_RECORDS, { seed: 2026, prefix: 'txj' });
    const csvBatch = syntheticBatch(CSV_RECORDS, { seed: 11, prefix: 'txc' });
    const csv = toCsv(
      csvBatch.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    );
    const files = [
      { key: 'incoming/2026-11-23/partner-a.jsonl', body: jsonl.text, records: jsonl.records },
      { key: 'incoming/2026-11-23/partner-b.csv', body: csv, records: csvBatch.records },
    ];
    console.log(`Enclave main job — local emulator at ${emulator.endpoint}`);
    console.log(
      `data plane: buckets ${plane.rawBucket}, ${plane.processedBucket}, ${plane.auditBucket}; tables ${plane.metadataTable}, ${plane.auditTable}`,
    );
    console.log('');

    const outputs: { bucket: string; key: string; version_id?: string }[] = [];
    const totals = { records: 0, accepted: 0, rejected: 0 };
    const byReason = new Map<string, number>();
    let requests = 0;
    for (const file of files) {
      const versionId = await put(file.key, file.body);
      const t0 = performance.now();
      const result = await fns.processor(
        objectCreatedEvent(plane.rawBucket, file.key, versionId),
        localContext(`req-${++requests}`),
      );
      const job = result.jobs[0]!;
      const ms = performance.now() - t0;
      console.log(
        `processed s3://${plane.rawBucket}/${file.key}: ${job.status}, ${job.counts?.accepted ?? 0} accepted, ${job.counts?.rejected ?? 0} rejected in ${ms.toFixed(0)} ms`,
      );
      totals.records += job.counts?.records ?? 0;
      totals.accepted += job.counts?.accepted ?? 0;
      totals.rejected += job.counts?.rejected ?? 0;
      for (const [k, v] of Object.entries(job.counts ?? {}))
        if (k.startsWith('rejected.')) byReason.set(k.slice(9), (byReason.get(k.slice(9)) ?? 0) + v);
      outputs.push(...(job.outputs ?? []));
      // At-least-once delivery: S3 may deliver the same event again. The second delivery must do nothing.
      const again = await fns.processor(
        objectCreatedEvent(plane.rawBucket, file.key, versionId),
        localContext(`req-${++requests}`),
      );
      console.log(`  duplicate delivery of the same event: ${again.jobs[0]!.status} (no work done twice)`);
    }

    console.log('');
    console.log(`records: ${totals.records}  accepted: ${totals.accepted}  rejected: ${totals.rejected}`);
    console.log('rejected by reason:');
    for (const [reason, n] of [...byReason.entries()].sort((a, b) => b[1] - a[1]))
      console.log(`  ${reason.padEnd(24)} ${n}`);

    const processed = outputs.find((o) => o.key.startsWith('processed/'))!;
    const sample = await (
      await plane.clients.s3.send(
        new GetObjectCommand({ Bucket: processed.bucket, Key: processed.key, VersionId: processed.version_id }),
      )
    ).Body!.transformToString();
    console.log('');
    console.log('sample processed records (token, mask, brand):');
    for (const line of sample.split('\n').slice(0, 5)) {
      const r = JSON.parse(line);
      console.log(`  ${r.transaction_id.padEnd(12)} ${r.token}  ${r.pan_masked.padEnd(19)} ${r.brand}`);
    }

    console.log('');
    console.log('validator:');
    for (const o of outputs) {
      const v = await fns.validator(
        objectCreatedEvent(o.bucket, o.key, o.version_id),
        localContext(`req-${++requests}`, 'lambda-data-validator-local'),
      );
      const r = v.results[0]!;
      console.log(
        `  ${r.outcome.padEnd(7)} s3://${o.bucket}/${o.key} (${r.counts.records} records, ${r.counts.pans_found} card numbers${r.reasons.length ? ', ' + r.reasons.join(' ') : ''})`,
      );
    }

    const audit = await plane.clients.dynamodb.send(new ScanCommand({ TableName: plane.auditTable }));
    console.log('');
    console.log(`audit records in ${plane.auditTable}: ${audit.Items?.length ?? 0}`);
    for (const item of (audit.Items ?? []).sort((a, b) => String(a.audit_id).localeCompare(String(b.audit_id)))) {
      console.log(`  ${String(item.event_type).padEnd(17)} ${String(item.outcome).padEnd(9)} ${item.object.key}`);
    }

    const leaks = await scanForLeaks(
      plane.clients,
      [plane.processedBucket, plane.auditBucket],
      [plane.metadataTable, plane.auditTable],
      logLines,
    );
    console.log('');
    console.log(
      `leak scan: ${leaks.objects} objects, ${leaks.items} table items, ${leaks.logLines} log lines → ${leaks.findings.length === 0 ? 'no card numbers' : `${leaks.findings.length} FINDINGS`}`,
    );
    for (const f of leaks.findings.slice(0, 10)) console.log(`  ${f.where}: ${f.masks.join(' ')}`);
    console.log('');
    console.log('outputs:');
    for (const o of outputs)
      console.log(`  s3://${o.bucket}/${o.key}${o.version_id ? ` (version ${o.version_id})` : ''}`);
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (leaks.findings.length > 0) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
