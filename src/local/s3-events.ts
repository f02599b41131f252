// Events for running the functions in-process, on the emulator or against a deployment.

/**
 * An S3 ObjectCreated:Put notification for one object version, shaped exactly as S3 sends it: the processor checks
 * each record against Powertools' S3 schema, so a partial event would be refused as unsupported.
 */
export function objectCreatedEvent(bucket: string, key: string, versionId: string | undefined, size = 0): unknown {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AROAEXAMPLEUPLOADER:partner-sftp' },
        requestParameters: { sourceIPAddress: '10.0.1.25' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'raw-object-created',
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'),
            size,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            ...(versionId ? { versionId } : {}),
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
}
