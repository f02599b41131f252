// One test per intrinsic function, through the real loader.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errors, loadInline, resource, withProperty } from './helpers.ts';

async function property(value: unknown, extra: Record<string, unknown> = {}, options = {}) {
  const stack = await loadInline(withProperty(value, extra), options);
  return { value: resource(stack, 'Subject').attributes.P, stack };
}

describe('CloudFormation intrinsics', () => {
  test('Ref: parameters, resources (unknown with identity) and pseudo-parameters', async () => {
    const params = {
      Parameters: {
        Env: { Type: 'String', Default: 'dev' },
        Count: { Type: 'Number', Default: '3' },
        Subnets: { Type: 'CommaDelimitedList', Default: 'a, b' },
      },
    };
    assert.equal((await property({ Ref: 'Env' }, params)).value, 'dev');
    assert.equal((await property({ Ref: 'Env' }, params, { parameters: { Env: 'prod' } })).value, 'prod');
    assert.equal((await property({ Ref: 'Count' }, params)).value, 3);
    assert.deepEqual((await property({ Ref: 'Subnets' }, params)).value, ['a', 'b']);
    assert.deepEqual((await property({ Ref: 'Other' })).value, { kind: 'unknown', address: 'Other', attribute: 'Ref' });
    assert.equal((await property({ Ref: 'AWS::Partition' })).value, 'aws');
    assert.deepEqual((await property({ Ref: 'AWS::AccountId' })).value, {
      kind: 'unknown',
      address: 'AWS::AccountId',
      attribute: 'Ref',
    });
    assert.equal((await property({ Ref: 'AWS::Region' }, {}, { region: 'us-east-1' })).value, 'us-east-1');
    const noValue = await loadInline(
      withProperty({ A: 1, B: { Ref: 'AWS::NoValue' }, L: [1, { Ref: 'AWS::NoValue' }, 2] }),
    );
    assert.deepEqual(resource(noValue, 'Subject').attributes.P, { A: 1, L: [1, 2] });
    const missing = await property({ Ref: 'Nope' });
    assert.match(errors(missing.stack).join('\n'), /cfn-ref-missing: Ref to "Nope"/);
    const noDefault = await property({ Ref: 'Env' }, { Parameters: { Env: { Type: 'String' } } });
    assert.deepEqual(noDefault.value, { kind: 'unknown', address: 'Env', attribute: 'Ref' });
  });

  test('Fn::GetAtt: both forms, unknown with identity; missing resource is an error', async () => {
    assert.deepEqual((await property({ 'Fn::GetAtt': ['Other', 'TopicArn'] })).value, {
      kind: 'unknown',
      address: 'Other',
      attribute: 'TopicArn',
    });
    assert.deepEqual((await property({ 'Fn::GetAtt': 'Other.TopicName' })).value, {
      kind: 'unknown',
      address: 'Other',
      attribute: 'TopicName',
    });
    assert.match(errors((await property({ 'Fn::GetAtt': ['Ghost', 'Arn'] })).stack).join(), /cfn-getatt-missing/);
  });

  test('Fn::Sub: string form, list form, escapes, unknowns kept as template parts', async () => {
    const params = { Parameters: { Env: { Type: 'String', Default: 'dev' } } };
    assert.equal((await property({ 'Fn::Sub': 'bucket-${Env}-x' }, params)).value, 'bucket-dev-x');
    assert.equal((await property({ 'Fn::Sub': ['${A}-${Env}', { A: 'a' }] }, params)).value, 'a-dev');
    assert.equal((await property({ 'Fn::Sub': '${!Literal}' })).value, '${Literal}');
    assert.deepEqual((await property({ 'Fn::Sub': '${Other.TopicArn}/*' })).value, {
      kind: 'template',
      parts: [{ kind: 'unknown', address: 'Other', attribute: 'TopicArn' }, '/*'],
    });
    assert.deepEqual((await property({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Other}' })).value, {
      kind: 'template',
      parts: ['arn:aws:s3:::', { kind: 'unknown', address: 'Other', attribute: 'Ref' }],
    });
  });

  test('Fn::Join: known strings join; unknown parts stay', async () => {
    assert.equal((await property({ 'Fn::Join': ['-', ['a', 'b', 'c']] })).value, 'a-b-c');
    assert.deepEqual((await property({ 'Fn::Join': ['', ['arn:', { Ref: 'Other' }]] })).value, {
      kind: 'template',
      parts: ['arn:', { kind: 'unknown', address: 'Other', attribute: 'Ref' }],
    });
    assert.match(errors((await property({ 'Fn::Join': 'x' })).stack).join(), /cfn-bad-intrinsic/);
  });

  test('Fn::Select: known list, unknown list keeps the index, out of range is an error', async () => {
    assert.equal((await property({ 'Fn::Select': ['1', ['a', 'b']] })).value, 'b');
    assert.deepEqual((await property({ 'Fn::Select': [2, { 'Fn::GetAZs': '' }] }, {}, { region: 'us-east-1' })).value, {
      kind: 'unknown',
      address: 'Fn::GetAZs',
      attribute: 'us-east-1[2]',
    });
    assert.match(errors((await property({ 'Fn::Select': [5, ['a']] })).stack).join(), /out of range/);
  });

  test('Fn::Split', async () => {
    assert.deepEqual((await property({ 'Fn::Split': [',', 'a,b,c'] })).value, ['a', 'b', 'c']);
    assert.deepEqual((await property({ 'Fn::Split': [',', { Ref: 'Other' }] })).value, {
      kind: 'unknown',
      address: 'Other',
      attribute: 'Ref.split',
    });
  });

  test('Fn::GetAZs: unknown, named by region', async () => {
    assert.deepEqual((await property({ 'Fn::GetAZs': 'eu-west-1' })).value, {
      kind: 'unknown',
      address: 'Fn::GetAZs',
      attribute: 'eu-west-1',
    });
    assert.deepEqual((await property({ 'Fn::GetAZs': { Ref: 'AWS::Region' } })).value, {
      kind: 'unknown',
      address: 'Fn::GetAZs',
      attribute: 'AWS::Region',
    });
  });

  test('Fn::If with Fn::Equals / And / Or / Not and Condition references', async () => {
    const extra = {
      Parameters: { Env: { Type: 'String', Default: 'prod' }, Free: { Type: 'String' } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
        Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] },
        Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'Both' }] },
        Unknowable: { 'Fn::Equals': [{ Ref: 'Free' }, 'x'] },
        DecidedDespiteUnknown: { 'Fn::Or': [{ Condition: 'Unknowable' }, { Condition: 'IsProd' }] },
      },
    };
    assert.equal((await property({ 'Fn::If': ['IsProd', 'p', 'd'] }, extra)).value, 'p');
    assert.equal((await property({ 'Fn::If': ['IsDev', 'p', 'd'] }, extra)).value, 'd');
    assert.equal((await property({ 'Fn::If': ['Either', 'yes', 'no'] }, extra)).value, 'yes');
    assert.equal((await property({ 'Fn::If': ['DecidedDespiteUnknown', 'yes', 'no'] }, extra)).value, 'yes');
    assert.deepEqual((await property({ 'Fn::If': ['Unknowable', 'a', 'b'] }, extra)).value, {
      kind: 'unknown',
      address: 'Fn::If',
      attribute: 'Unknowable',
    });
    assert.match(
      errors((await property({ 'Fn::If': ['Nope', 'a', 'b'] }, extra)).stack).join(),
      /cfn-condition-missing/,
    );
  });

  test('Fn::FindInMap', async () => {
    const extra = {
      Mappings: { Sizes: { dev: { Memory: 256 }, prod: { Memory: 1024 } } },
      Parameters: { Env: { Type: 'String', Default: 'prod' } },
    };
    assert.equal((await property({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }, extra)).value, 1024);
    assert.match(
      errors((await property({ 'Fn::FindInMap': ['Sizes', 'qa', 'Memory'] }, extra)).stack).join(),
      /cfn-mapping-missing/,
    );
  });

  test('Fn::Base64', async () => {
    assert.equal((await property({ 'Fn::Base64': 'hello' })).value, 'aGVsbG8=');
    assert.deepEqual((await property({ 'Fn::Base64': { Ref: 'Other' } })).value, {
      kind: 'unknown',
      address: 'Fn::Base64',
      attribute: 'input',
    });
  });

  test('Fn::Cidr', async () => {
    assert.deepEqual((await property({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] })).value, [
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    assert.deepEqual((await property({ 'Fn::Cidr': ['192.168.0.0/24', '2', '6'] })).value, [
      '192.168.0.0/26',
      '192.168.0.64/26',
    ]);
    assert.match(errors((await property({ 'Fn::Cidr': ['10.0.0.0/24', 8, 8] })).stack).join(), /cannot carve/);
  });

  test('Fn::ImportValue: unknown, named by the export', async () => {
    assert.deepEqual((await property({ 'Fn::ImportValue': 'shared-vpc-id' })).value, {
      kind: 'unknown',
      address: 'Fn::ImportValue',
      attribute: 'shared-vpc-id',
    });
  });

  test('unsupported intrinsic is an error, not a silent object', async () => {
    assert.match(errors((await property({ 'Fn::Length': [1, 2] })).stack).join(), /cfn-unsupported-intrinsic/);
  });
});
