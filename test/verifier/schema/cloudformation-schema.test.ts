import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateStack } from '../../../src/verifier/schema/index.ts';
import { loadInline } from '../load/cloudformation/helpers.ts';

async function diagnose(template: object | string) {
  const stack = await loadInline(template);
  assert.deepEqual(
    stack.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the template itself loads',
  );
  return validateStack(stack);
}

describe('CloudFormation schema validation', () => {
  test('a correct resource has no diagnostics, with numeric and boolean strings tolerated', async () => {
    const diagnostics = await diagnose({
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: 'true' },
            Tags: [{ Key: 'Owner', Value: 'SecurityTeam' }],
          },
        },
        Logs: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: '365', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        },
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      },
    });
    assert.deepEqual(diagnostics, []);
  });

  test('unknown type and property come with a did-you-mean', async () => {
    const diagnostics = await diagnose({
      Resources: {
        A: { Type: 'AWS::S3::Bukcet' },
        B: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfig: { Status: 'Enabled' } } },
      },
    });
    const messages = diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
    assert.match(
      messages,
      /cfn-unknown-type: A: no CloudFormation resource type "AWS::S3::Bukcet"; did you mean "AWS::S3::Bucket"\?/,
    );
    assert.match(
      messages,
      /cfn-unknown-property: B: AWS::S3::Bucket has no property "VersioningConfig"; did you mean "VersioningConfiguration"\?/,
    );
  });

  test('missing required properties, in nested types too, are reported at their line', async () => {
    const text =
      '{\n "Resources": {\n  "Fn": { "Type": "AWS::Lambda::Function",\n   "Properties": { "Role": "arn:aws:iam::123456789012:role/x",\n    "VpcConfig": { "SubnetIds": ["s"] } } }\n }\n}';
    const diagnostics = await diagnose(text);
    const missingCode = diagnostics.find((d) => d.message.includes('"Code"'));
    assert.ok(missingCode, 'Code is required');
    assert.equal(missingCode.code, 'cfn-missing-property');
    assert.equal(missingCode.location?.line, 3);
  });

  test('type mismatches where the value is known', async () => {
    const diagnostics = await diagnose({
      Resources: {
        L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 'a year' } },
        B: { Type: 'AWS::S3::Bucket', Properties: { Tags: { Key: 'a', Value: 'b' } } },
        V: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: 'maybe' } },
      },
    });
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /RetentionInDays" on AWS::Logs::LogGroup must be an integer/);
    assert.match(messages, /Tags" on AWS::S3::Bucket must be a list/);
    assert.match(messages, /EnableDnsSupport" on AWS::EC2::VPC must be a boolean/);
  });

  test('Fn::GetAtt of an attribute the type does not have', async () => {
    const diagnostics = await diagnose({
      Resources: {
        Key: { Type: 'AWS::KMS::Key' },
        L: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arm'] } } },
      },
      Outputs: { KeyId: { Value: { 'Fn::GetAtt': ['Key', 'KeyIdentifier'] } } },
    });
    const messages = diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
    assert.match(
      messages,
      /cfn-unknown-attribute: L: Fn::GetAtt Key.Arm: AWS::KMS::Key has no attribute "Arm"; did you mean "Arn"\?/,
    );
    assert.match(messages, /Outputs.KeyId: Fn::GetAtt Key.KeyIdentifier/);
  });
});
