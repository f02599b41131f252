import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errors, loadInline, resource } from './helpers.ts';

describe('CloudFormation loader', () => {
  test('resources carry type, evaluated properties, per-property lines, DependsOn and metadata', async () => {
    const text = `{
  "Resources": {
    "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true } },
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "DependsOn": "Key",
      "Metadata": { "enclave": { "ignore": [ { "rule": "ENC-S3-001", "reason": "demo bucket", "expires": "2099-01-01" } ] } },
      "Properties": {
        "BucketEncryption": {
          "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": { "Fn::GetAtt": ["Key", "Arn"] } } }
          ]
        }
      }
    }
  }
}`;
    const stack = await loadInline(text);
    assert.deepEqual(errors(stack), []);
    const bucket = resource(stack, 'Bucket');
    assert.equal(bucket.type, 'AWS::S3::Bucket');
    assert.deepEqual(bucket.dependsOn, ['Key']);
    assert.equal(bucket.locations['']!.line, 4);
    assert.equal(
      bucket.locations[
        'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID'
      ]!.line,
      11,
    );
    assert.deepEqual(
      (bucket.attributes.BucketEncryption as any).ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .KMSMasterKeyID,
      { kind: 'unknown', address: 'Key', attribute: 'Arn' },
    );
    assert.equal(bucket.suppressions.length, 1);
    assert.deepEqual(
      { ...bucket.suppressions[0], location: undefined },
      { ruleId: 'ENC-S3-001', reason: 'demo bucket', expires: '2099-01-01', location: undefined },
    );
    assert.equal(stack.files.length, 1);
    assert.match(stack.files[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  test('a malformed suppression is an error', async () => {
    const stack = await loadInline({
      Resources: {
        T: { Type: 'AWS::SNS::Topic', Metadata: { enclave: { ignore: [{ rule: 'X', expires: '2099-01-01' }] } } },
      },
    });
    assert.match(errors(stack).join(), /suppression-malformed/);
  });

  test('DependsOn to a missing resource is an error with its line', async () => {
    const stack = await loadInline(
      '{\n "Resources": {\n  "T": { "Type": "AWS::SNS::Topic",\n   "DependsOn": ["Ghost"] }\n }\n}',
    );
    const diagnostic = stack.diagnostics.find((d) => d.code === 'cfn-dependson-missing');
    assert.ok(diagnostic);
    assert.equal(diagnostic.location?.line, 4);
  });

  test('circular dependencies are named', async () => {
    const stack = await loadInline({
      Resources: {
        A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'B' } } },
        B: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::GetAtt': ['C', 'TopicName'] } } },
        C: { Type: 'AWS::SNS::Topic', DependsOn: 'A' },
      },
    });
    assert.match(errors(stack).join(), /cfn-circular-dependency: circular dependency: A → B → C → A/);
  });

  test('a resource whose condition is false is not loaded; outputs are evaluated', async () => {
    const stack = await loadInline({
      Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { Always: { Type: 'AWS::SNS::Topic' }, ProdOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' } },
      Outputs: { TopicArn: { Description: 'the topic', Value: { Ref: 'Always' } } },
    });
    assert.deepEqual(
      stack.resources.map((r) => r.address),
      ['Always'],
    );
    assert.equal(stack.outputs[0]!.name, 'TopicArn');
    assert.deepEqual(stack.outputs[0]!.value, { kind: 'unknown', address: 'Always', attribute: 'Ref' });
    const bad = await loadInline(
      {
        Parameters: { Env: { Type: 'String', AllowedValues: ['dev'] } },
        Resources: { T: { Type: 'AWS::SNS::Topic' } },
      },
      { parameters: { Env: 'qa' } },
    );
    assert.match(errors(bad).join(), /not one of its AllowedValues/);
  });

  test('malformed JSON, duplicate keys, missing Resources and unreadable files are clear errors', async () => {
    const broken = await loadInline('{\n  "Resources": {\n    "T": { "Type": "AWS::SNS::Topic", }\n  }\n}');
    assert.equal(broken.diagnostics[0]!.code, 'cfn-json-syntax');
    assert.equal(broken.diagnostics[0]!.location?.line, 3);
    const duplicate = await loadInline(
      '{"Resources": {"T": {"Type": "AWS::SNS::Topic"}, "T": {"Type": "AWS::SNS::Topic"}}}',
    );
    assert.match(duplicate.diagnostics[0]!.message, /duplicate key "T"/);
    assert.match(errors(await loadInline({ Description: 'x' })).join(), /non-empty Resources/);
    assert.match(errors(await loadInline('')).join(), /unexpected end of input/);
  });

  test('a 1 MB string and deep nesting neither crash nor hang', async () => {
    const big = 'x'.repeat(1_000_000);
    const stack = await loadInline({ Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: big } } } });
    assert.equal((resource(stack, 'T').attributes.DisplayName as string).length, 1_000_000);
    const deep = await loadInline('{"Resources":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    assert.match(deep.diagnostics[0]!.message, /nesting too deep/);
  });

  test('AWS::Region is known when an unconditional rule asserts it, unless the caller says otherwise', async () => {
    const template = {
      Rules: {
        OnlyHere: {
          Assertions: [
            { Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, AssertDescription: 'us-east-1 only' },
          ],
        },
      },
      Resources: {
        T: { Type: 'AWS::SSM::Parameter', Properties: { Value: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } } },
      },
    };
    assert.equal(resource(await loadInline(template), 'T').attributes.Value, 'com.amazonaws.us-east-1.s3');
    assert.equal(
      resource(await loadInline(template, { region: 'eu-west-1' }), 'T').attributes.Value,
      'com.amazonaws.eu-west-1.s3',
    );
    const conditional = {
      ...template,
      Rules: { OnlyHere: { ...template.Rules.OnlyHere, RuleCondition: { 'Fn::Equals': ['a', 'a'] } } },
    };
    assert.equal(
      typeof resource(await loadInline(conditional), 'T').attributes.Value,
      'object',
      'a conditional rule does not pin the region',
    );
  });
});
