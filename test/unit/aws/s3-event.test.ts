import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { objectsFromEvent } from '../../../src/aws/index.ts';

type S3Event = { Records: Record<string, any>[] };
const fixture = (name: string): S3Event =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/s3/${name}.json`, import.meta.url), 'utf8'));

test('an ObjectCreated:Put notification names its object, version and initiator; the key is URL-decoded', () => {
  assert.deepEqual(objectsFromEvent(fixture('object-created-put')), {
    objects: [
      {
        bucket: 's3-raw-data-dev-123456789012',
        key: 'incoming/2026-11-23/batch 0001.jsonl',
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
        eventName: 'ObjectCreated:Put',
        initiator: 'AWS:AROAEXAMPLEUPLOADER:partner-sftp',
      },
    ],
    ignored: 0,
    malformed: [],
  });
});

test('a multipart upload notification decodes percent escapes in the key', () => {
  const { objects } = objectsFromEvent(fixture('object-created-multipart'));
  assert.equal(objects[0]!.key, 'incoming/2026-11-23/settlement=day.csv');
  assert.equal(objects[0]!.eventName, 'ObjectCreated:CompleteMultipartUpload');
});

test('ObjectRemoved is ignored; a record that fails the schema or whose key is not %-encoding is malformed (issue 14)', () => {
  const created = fixture('object-created-put').Records[0]!;
  const removed = fixture('object-removed-delete').Records[0]!;
  const noBucket = structuredClone(created);
  delete noBucket.s3.bucket.name;
  const badKey = structuredClone(created);
  badKey.s3.object.key = 'incoming/%E0%A4%A.jsonl';
  const notS3 = { ...structuredClone(created), eventSource: 'aws:sqs' };
  const { objects, ignored, malformed } = objectsFromEvent({ Records: [removed, noBucket, created, badKey, notS3] });
  assert.equal(objects.length, 1);
  assert.equal(ignored, 1);
  assert.deepEqual(
    malformed.map((m) => [m.index, m.problem, m.key]),
    [
      [1, 'SCHEMA', 'incoming/2026-11-23/batch+0001.jsonl'],
      [3, 'KEY_NOT_DECODABLE', 'incoming/%E0%A4%A.jsonl'],
      [4, 'SCHEMA', 'incoming/2026-11-23/batch+0001.jsonl'],
    ],
  );
  // The same record delivered again has the same digest; a different one does not.
  assert.equal(objectsFromEvent({ Records: [badKey] }).malformed[0]!.digest, malformed[1]!.digest);
  assert.notEqual(malformed[0]!.digest, malformed[1]!.digest);
});

test('an upload over an IPv6 dual-stack endpoint is processed (Powertools alone would refuse its source address)', () => {
  const event = fixture('object-created-put');
  event.Records[0]!.requestParameters.sourceIPAddress = '2001:db8::25';
  assert.equal(objectsFromEvent(event).objects.length, 1);
});

test('an unversioned bucket reports no version id: the object is read as version "null"', () => {
  const event = fixture('object-created-put');
  delete event.Records[0]!.s3.object.versionId;
  assert.equal(objectsFromEvent(event).objects[0]!.versionId, 'null');
});

test("a direct invocation names one object; S3's test event is ignored; anything else is malformed", () => {
  assert.deepEqual(objectsFromEvent({ bucket: 'b', key: 'k.jsonl', versionId: 'v1' }).objects, [
    { bucket: 'b', key: 'k.jsonl', versionId: 'v1' },
  ]);
  assert.deepEqual(objectsFromEvent({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' }), {
    objects: [],
    ignored: 1,
    malformed: [],
  });
  assert.deepEqual(
    objectsFromEvent(null).malformed.map((m) => m.problem),
    ['NOT_AN_EVENT'],
  );
  assert.deepEqual(
    objectsFromEvent({ Event: 'something' }).malformed.map((m) => m.problem),
    ['NOT_AN_EVENT'],
  );
});
