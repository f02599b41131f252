// YAML templates (short-form tags, positions), AWS::LanguageExtensions, nested stack outputs, and transforms the
// loader cannot expand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStack } from '../../../../src/verifier/schema/index.ts';
import { errors, loadInline, resource } from './helpers.ts';
import { loadCloudFormation } from '../../../../src/verifier/load/cloudformation/index.ts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function loadYaml(text: string, parameters?: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'enclave-cfn-yaml-'));
  await writeFile(join(dir, 'template.yaml'), text);
  return loadCloudFormation('template.yaml', { cwd: dir, ...(parameters ? { parameters } : {}) });
}

const u = (address: string, attribute: string) => ({ kind: 'unknown', address, attribute });

test('YAML: every short-form tag means its long form, and findings keep their lines', async () => {
  const stack = await loadYaml(`AWSTemplateFormatVersion: 2010-09-09
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Mappings:
  Sizes:
    prod: { Memory: 1024 }
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${Env}-data-\${AWS::Region}"
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
      Tags:
        - Key: joined
          Value: !Join [",", [a, !Select [1, !Split ["-", x-y-z]]]]
        - Key: chosen
          Value: !If [IsProd, yes, no]
        - Key: size
          Value: !FindInMap [Sizes, !Ref Env, Memory]
        - Key: b64
          Value: !Base64 hi
        - Key: azs
          Value: !Select [0, !GetAZs ""]
        - Key: other
          Value: !ImportValue shared-vpc
        - Key: cidr
          Value: !Select [1, !Cidr [10.0.0.0/16, 2, 8]]
        - Key: getatt-list
          Value: !GetAtt [Key, KeyId]
`);
  assert.deepEqual(errors(stack), []);
  const bucket = resource(stack, 'Bucket');
  assert.deepEqual(bucket.attributes['BucketName'], {
    kind: 'template',
    parts: ['prod-data-', u('AWS::Region', 'Ref')],
  });
  const sse = (
    bucket.attributes['BucketEncryption'] as {
      ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, unknown> }[];
    }
  ).ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault;
  assert.deepEqual(sse['KMSMasterKeyID'], u('Key', 'Arn'));
  const tags = Object.fromEntries(
    (bucket.attributes['Tags'] as { Key: string; Value: unknown }[]).map((t) => [t.Key, t.Value]),
  );
  assert.deepEqual(tags, {
    joined: 'a,y',
    chosen: 'yes',
    size: 1024,
    b64: 'aGk=',
    azs: u('Fn::GetAZs', 'AWS::Region[0]'),
    other: u('Fn::ImportValue', 'shared-vpc'),
    cidr: '10.0.1.0/24',
    'getatt-list': u('Key', 'KeyId'),
  });
  assert.equal(bucket.locations['']!.line, 17);
  assert.equal(
    bucket.locations['BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm']!
      .line,
    24,
  );
  assert.equal(bucket.locations['']!.file, 'template.yaml');
});

test('YAML: a syntax error and a duplicate key are errors with their line', async () => {
  const broken = await loadYaml('Resources:\n  A:\n    Type: AWS::SNS::Topic\n   Properties: {}\n');
  assert.equal(broken.diagnostics[0]?.code, 'cfn-yaml-syntax');
  const duplicate = await loadYaml('Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n');
  assert.equal(duplicate.diagnostics[0]?.code, 'cfn-yaml-syntax');
  assert.equal(duplicate.diagnostics[0]?.location?.line, 4);
  const unknownTag = await loadYaml(
    'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Frobnicate x\n',
  );
  assert.equal(unknownTag.diagnostics[0]?.code, 'cfn-yaml-syntax');
});

test('AWS::LanguageExtensions: Fn::ForEach over a list and a CommaDelimitedList parameter, ${} and &{} in keys and values', async () => {
  const stack = await loadYaml(`Transform: AWS::LanguageExtensions
Parameters:
  Topics:
    Type: CommaDelimitedList
    Default: "orders,refunds"
Resources:
  Fn::ForEach::Queues:
    - Name
    - [a-b, c]
    - Queue&{Name}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "q-\${Name}"
          Tags:
            - Key: name
              Value: !Ref Name
  Fn::ForEach::Topics:
    - Topic
    - !Ref Topics
    - \${Topic}Topic:
        Type: AWS::SNS::Topic
        DeletionPolicy: !If [Keep, Retain, Delete]
        Properties:
          TopicName: !Ref Topic
          Tags:
            - Key: count
              Value: { "Fn::Length": { Ref: Topics } }
            - Key: json
              Value: !ToJsonString { a: [1, !Ref Topic] }
Conditions:
  Keep: !Equals [true, true]
Outputs:
  Fn::ForEach::Out:
    - Topic
    - !Ref Topics
    - \${Topic}Arn:
        Value: !Ref
          Fn::Sub: \${Topic}Topic
`);
  assert.deepEqual(
    stack.resources.map((r) => r.address),
    ['Queueab', 'Queuec', 'ordersTopic', 'refundsTopic'],
  );
  assert.equal(resource(stack, 'Queueab').attributes['QueueName'], 'q-a-b');
  assert.deepEqual(resource(stack, 'Queueab').attributes['Tags'], [{ Key: 'name', Value: 'a-b' }]);
  assert.deepEqual(resource(stack, 'ordersTopic').attributes['Tags'], [
    { Key: 'count', Value: 2 },
    { Key: 'json', Value: '{"a":[1,"orders"]}' },
  ]);
  assert.deepEqual(resource(stack, 'ordersTopic').policies, { DeletionPolicy: 'Retain' });
  assert.deepEqual(
    stack.outputs.map((o) => o.name),
    ['ordersArn', 'refundsArn'],
  );
});

test('Fn::Length and Fn::ToJsonString need the LanguageExtensions transform', async () => {
  const stack = await loadYaml(
    'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !ToJsonString [a]\n',
  );
  assert.match(
    errors(stack).join(),
    /cfn-unsupported-intrinsic: Fn::ToJsonString needs Transform: AWS::LanguageExtensions/,
  );
});

test('Fn::GetAtt [NestedStack, Outputs.X] is a named unknown, and the nested stack is listed as not loaded', async () => {
  const stack = await loadInline({
    Resources: {
      Network: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://example.invalid/network.yaml' },
      },
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'app', VpcId: { 'Fn::GetAtt': ['Network', 'Outputs.VpcId'] } },
      },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
  });
  assert.deepEqual(errors(stack), []);
  assert.deepEqual(
    validateStack(stack).filter((d) => d.severity === 'error'),
    [],
  );
  assert.deepEqual(resource(stack, 'Sg').attributes['VpcId'], u('Network', 'Outputs.VpcId'));
  assert.deepEqual(
    stack.skipped?.map((s) => [s.kind, s.address, s.affects]),
    [['nested-stack', 'Network', ['Network', 'Sg']]],
  );
});

test('a macro or AWS::Include cannot be expanded: an error, and listed as not loaded', async () => {
  const stack = await loadYaml(
    'Transform: [AWS::LanguageExtensions, MyMacro]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n',
  );
  assert.match(errors(stack).join(), /cfn-transform: the transform MyMacro/);
  assert.deepEqual(
    stack.skipped?.map((s) => [s.kind, s.source]),
    [['transform', 'MyMacro']],
  );
});
