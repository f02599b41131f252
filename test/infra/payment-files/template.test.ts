// The spec's hard requirements that are properties of the template text itself: names carry EnvironmentSuffix in
// the payment-processing-{resource}-{suffix} form, nothing is retained on delete, the processor is linked to its
// bundle and contract and reads its code from the parameters.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { contract } from '../../../src/functions/processor/contract.ts';

const root = new URL('../../..', import.meta.url).pathname;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, Json>;
}
const template = JSON.parse(readFileSync(join(root, 'infra', 'cloudformation', 'payment-files.json'), 'utf8')) as {
  Parameters: Record<string, { Default?: Json }>;
  Resources: Record<string, Resource>;
};
const resources = Object.entries(template.Resources);

const NAME_PROPERTIES = [
  'BucketName',
  'TableName',
  'FunctionName',
  'RoleName',
  'PolicyName',
  'QueueName',
  'GroupName',
  'LogGroupName',
  'TrailName',
  'DeliveryStreamName',
  'FilterName',
  'AliasName',
];

test('every name is payment-processing-<resource>-${EnvironmentSuffix} (buckets add the account id: S3 names are global)', () => {
  let names = 0;
  for (const [id, r] of resources) {
    for (const property of NAME_PROPERTIES) {
      const value = r.Properties?.[property];
      if (value === undefined || (r.Type === 'AWS::Lambda::Permission' && property === 'FunctionName')) continue;
      if (r.Type === 'AWS::Logs::SubscriptionFilter' && property === 'LogGroupName') continue; // a Ref to the group
      names++;
      const text = (value as { 'Fn::Sub'?: string })['Fn::Sub'];
      assert.equal(typeof text, 'string', `${id}.${property} is an Fn::Sub`);
      assert.match(
        text!,
        /^(alias\/|\/aws\/lambda\/)?payment-processing-[a-z0-9-]+-\$\{EnvironmentSuffix\}(-\$\{AWS::AccountId\})?$/,
        `${id}.${property}`,
      );
      if (text!.endsWith('${AWS::AccountId}'))
        assert.equal(r.Type, 'AWS::S3::Bucket', `${id}: only buckets carry the account id`);
    }
  }
  assert.ok(names >= 25, `${names} names checked`);
});

test('nothing is retained: DeletionPolicy and UpdateReplacePolicy are Delete on every resource', () => {
  for (const [id, r] of resources) {
    assert.equal(r.DeletionPolicy, 'Delete', id);
    assert.equal(r.UpdateReplacePolicy, 'Delete', id);
  }
  assert.ok(!JSON.stringify(template).includes('"Retain"'));
});

test('the processor: linked to its bundle, code from the parameters, nodejs22.x by default, exactly the contract environment', () => {
  const fn = template.Resources.ProcessorFunction!;
  assert.deepEqual((fn.Metadata?.enclave as { bundle?: string } | undefined)?.bundle, 'processor');
  assert.deepEqual(fn.Properties?.Code, { S3Bucket: { Ref: 'CodeS3Bucket' }, S3Key: { Ref: 'CodeS3Key' } });
  assert.equal(fn.Properties?.Handler, 'index.handler');
  assert.deepEqual(fn.Properties?.Runtime, { Ref: 'LambdaRuntime' });
  assert.equal(template.Parameters.LambdaRuntime?.Default, 'nodejs22.x');
  const environment = fn.Properties?.Environment as { Variables: Record<string, Json> } | undefined;
  const variables = Object.keys(environment?.Variables ?? {}).sort();
  const declared = contract.environment.map((v) => v.name);
  assert.deepEqual(
    variables.filter((v) => !declared.includes(v)),
    [],
    'only contract variables',
  );
  assert.deepEqual(
    contract.environment.filter((v) => v.required && !variables.includes(v.name)).map((v) => v.name),
    [],
    'every required one',
  );
});

test('one customer-managed key with rotation encrypts buckets, tables, logs, the function environment, the queue and the trail', () => {
  const keys = resources.filter(([, r]) => r.Type === 'AWS::KMS::Key');
  assert.equal(keys.length, 1);
  assert.equal(keys[0]![1].Properties?.EnableKeyRotation, true);
  const keyArn = JSON.stringify({ 'Fn::GetAtt': ['EncryptionKey', 'Arn'] });
  const uses = (id: string, path: (p: Record<string, Json>) => Json | undefined) =>
    assert.equal(JSON.stringify(path(template.Resources[id]!.Properties!)), keyArn, id);
  for (const [id] of resources.filter(([, r]) => r.Type === 'AWS::S3::Bucket')) {
    uses(
      id,
      (p) =>
        (
          p.BucketEncryption as {
            ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, Json> }[];
          }
        ).ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault.KMSMasterKeyID,
    );
  }
  for (const [id] of resources.filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')) {
    uses(id, (p) => (p.SSESpecification as Record<string, Json>).KMSMasterKeyId);
    assert.deepEqual(
      template.Resources[id]!.Properties!.PointInTimeRecoverySpecification,
      { PointInTimeRecoveryEnabled: true },
      id,
    );
  }
  for (const [id] of resources.filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')) uses(id, (p) => p.KmsKeyId);
  uses('ProcessorFunction', (p) => p.KmsKeyArn);
  uses('ProcessorDeadLetterQueue', (p) => p.KmsMasterKeyId);
  uses('Trail', (p) => p.KMSKeyId);
});
