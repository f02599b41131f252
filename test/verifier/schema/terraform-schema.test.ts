// Schema validation over LoadedStacks. These build the stack by hand so each kind of error is isolated; the
// environments' own tests run the same validation through the real Terraform loader.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoadedStack, RawResource, Value } from '../../../src/verifier/load/types.ts';
import { validateTerraform } from '../../../src/verifier/schema/terraform.ts';

function tfResource(
  type: string,
  name: string,
  attributes: Record<string, Value>,
  extra: Partial<RawResource> = {},
): RawResource {
  const locations: Record<string, { file: string; line: number }> = { '': { file: 'main.tf', line: 1 } };
  let line = 2;
  const walk = (value: Value, path: string) => {
    locations[path] = { file: 'main.tf', line: line++ };
    if (Array.isArray(value)) for (const [index, item] of value.entries()) walk(item, `${path}.${index}`);
    else if (value && typeof value === 'object' && !('kind' in value))
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  for (const [key, value] of Object.entries(attributes)) walk(value, key);
  return {
    dialect: 'terraform',
    mode: 'resource',
    type,
    name,
    address: `${type}.${name}`,
    modulePath: [],
    attributes,
    locations,
    dependsOn: [],
    suppressions: [],
    ...extra,
  };
}

function stackOf(...resources: RawResource[]): LoadedStack {
  return { dialect: 'terraform', root: '.', resources, outputs: [], diagnostics: [], files: [] };
}

const codes = (stack: LoadedStack) => validateTerraform(stack).map((d) => `${d.severity} ${d.code}: ${d.message}`);

describe('Terraform schema validation (AWS provider 5.100.0)', () => {
  test('a correct configuration has no diagnostics', () => {
    const bucket = tfResource('aws_s3_bucket', 'raw', {
      bucket: 's3-raw-data-dev',
      force_destroy: true,
      tags: { Owner: 'x' },
    });
    const versioning = tfResource(
      'aws_s3_bucket_versioning',
      'raw',
      {
        bucket: { kind: 'unknown', address: 'aws_s3_bucket.raw', attribute: 'id' },
        versioning_configuration: [{ status: 'Enabled' }],
      },
      { syntax: { versioning_configuration: 'block' } },
    );
    const lifecycle = tfResource('aws_s3_bucket_lifecycle_configuration', 'raw', {
      bucket: { kind: 'template', parts: [{ kind: 'unknown', address: 'aws_s3_bucket.raw', attribute: 'bucket' }] },
      rule: [
        {
          id: 'glacier',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [{ days: '30', storage_class: 'GLACIER' }],
        },
      ],
    });
    assert.deepEqual(codes(stackOf(bucket, versioning, lifecycle)), []);
  });

  test('unknown argument with a did-you-mean; read-only and removed arguments', () => {
    const messages = codes(
      stackOf(
        tfResource('aws_s3_bucket', 'a', { buckett: 'x' }),
        tfResource('aws_s3_bucket', 'b', { arn: 'arn:aws:s3:::x' }),
        tfResource('aws_db_instance', 'c', { name: 'payments', instance_class: 'db.t3.micro' }),
      ),
    ).join('\n');
    assert.match(
      messages,
      /error schema-unknown-argument: aws_s3_bucket.a: aws_s3_bucket has no argument "buckett"; did you mean "bucket"\?/,
    );
    assert.match(messages, /error schema-read-only-argument: aws_s3_bucket.b: "arn" is read-only/);
    assert.match(messages, /error schema-removed-argument: aws_db_instance.c: "name" was removed .* use db_name/);
  });

  test('missing required argument and block, with the resource line', () => {
    const diagnostics = validateTerraform(
      stackOf(tfResource('aws_s3_bucket_versioning', 'v', { expected_bucket_owner: '123' })),
    );
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /requires the argument "bucket"/);
    assert.match(messages, /requires at least one "versioning_configuration" block/);
    assert.equal(diagnostics[0]!.location?.line, 1);
  });

  test('block written as attribute and the reverse', () => {
    const messages = codes(
      stackOf(
        tfResource(
          'aws_s3_bucket_versioning',
          'v',
          { bucket: 'b', versioning_configuration: [{ status: 'Enabled' }] },
          { syntax: { versioning_configuration: 'attribute' } },
        ),
        tfResource('aws_s3_bucket', 'b', { tags: [{ a: 'b' }] }, { syntax: { tags: 'block' } }),
      ),
    ).join('\n');
    assert.match(messages, /schema-attribute-not-expected: .*"versioning_configuration" is a block/);
    assert.match(messages, /schema-block-not-expected: .*"tags" is an argument/);
  });

  test('too many single blocks, and errors inside nested blocks point at their line', () => {
    const resource = tfResource('aws_lambda_function', 'f', {
      function_name: 'f',
      role: 'r',
      vpc_config: [
        { subnet_ids: ['a'], security_group_ids: ['b'] },
        { subnet_ids: ['c'], security_group_ids: ['d'] },
      ],
      environment: [{ variabels: { A: 'b' } }],
    });
    const diagnostics = validateTerraform(stackOf(resource));
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /takes at most one "vpc_config" block; 2 were written/);
    const nested = diagnostics.find((d) => d.message.includes('"variabels"'));
    assert.ok(nested);
    assert.match(nested.message, /did you mean "variables"/);
    assert.equal(nested.location?.line, resource.locations['environment.0.variabels']!.line);
  });

  test('type mismatches where the value is known, with Terraform conversions allowed', () => {
    const messages = codes(
      stackOf(
        tfResource('aws_cloudwatch_log_group', 'ok', { name: 'x', retention_in_days: '365', skip_destroy: 'false' }),
        tfResource('aws_cloudwatch_log_group', 'bad', { name: ['x'], retention_in_days: 'a year' }),
        tfResource('aws_lambda_function', 'f', { function_name: 'f', role: 'r', layers: 'arn' }),
      ),
    );
    const bad = messages.filter((m) => m.includes('schema-type-mismatch'));
    assert.equal(bad.length, 3, messages.join('\n'));
    assert.match(bad.join('\n'), /"name" .* must be string: got a list/);
    assert.match(bad.join('\n'), /"retention_in_days" .* must be number: got the string "a year"/);
    assert.match(bad.join('\n'), /"layers" .* must be list\(string\)/);
  });

  test('deprecated 5.x arguments warn', () => {
    const messages = codes(
      stackOf(
        tfResource('aws_s3_bucket', 'b', { versioning: [{ enabled: true }] }),
        tfResource('aws_eip', 'e', { vpc: true }),
        tfResource('aws_guardduty_detector', 'g', { enable: true, datasources: [{ s3_logs: [{ enable: true }] }] }),
        tfResource('aws_iam_role', 'r', { assume_role_policy: '{}', managed_policy_arns: ['arn'] }),
      ),
    ).join('\n');
    assert.match(
      messages,
      /warning schema-deprecated-argument: aws_s3_bucket.b: "versioning" .* aws_s3_bucket_versioning/,
    );
    assert.match(messages, /warning schema-deprecated-argument: aws_eip.e: "vpc"/);
    assert.match(messages, /warning schema-deprecated-argument: aws_guardduty_detector.g: "datasources"/);
    assert.match(messages, /warning schema-deprecated-argument: aws_iam_role.r: "managed_policy_arns"/);
  });

  test('unknown resource types and references to attributes a resource does not have', () => {
    const endpoint = tfResource('aws_vpc_endpoint', 's3', { vpc_id: 'v', service_name: 'com.amazonaws.us-east-1.s3' });
    const rule = tfResource('aws_security_group_rule', 'egress', {
      type: 'egress',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
      security_group_id: 'sg',
      prefix_list_ids: [{ kind: 'unknown', address: 'aws_vpc_endpoint.s3', attribute: 'prefix_list' }],
    });
    const fine = tfResource('aws_security_group_rule', 'fine', {
      type: 'egress',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
      security_group_id: 'sg',
      prefix_list_ids: [{ kind: 'unknown', address: 'aws_vpc_endpoint.s3', attribute: 'prefix_list_id' }],
    });
    const messages = codes(stackOf(endpoint, rule, fine, tfResource('aws_s3_bukcet', 'x', {}))).join('\n');
    assert.match(
      messages,
      /schema-unknown-attribute: aws_security_group_rule.egress: aws_vpc_endpoint.s3 \(aws_vpc_endpoint\) has no attribute "prefix_list"; did you mean "prefix_list_id"\?/,
    );
    assert.doesNotMatch(messages, /aws_security_group_rule.fine/);
    assert.match(messages, /schema-unknown-type: aws_s3_bukcet.x: .* did you mean "aws_s3_bucket"\?/);
  });

  test('other providers are noted once, not validated', () => {
    const messages = codes(
      stackOf(
        tfResource('random_password', 'p', { length: 32 }, { mode: 'resource' }),
        tfResource('google_storage_bucket', 'g', { name: 'x' }),
        tfResource('google_storage_bucket', 'h', { name: 'y' }),
      ),
    );
    assert.deepEqual(
      messages.filter((m) => m.startsWith('error')),
      [],
    );
    assert.equal(messages.filter((m) => m.includes('schema-provider-not-checked')).length, 1);
  });
});
