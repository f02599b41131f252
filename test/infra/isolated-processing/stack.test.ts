// The isolated-processing stack (spec 000) as our loader evaluates it: schema-valid, and every requirement that can
// be read from the code — no way to the internet, the endpoints and the security-group paths to them, keys,
// buckets, tables, functions wired to their contracts, the five roles, the outputs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { decodeJson, loadTerraform, type TerraformStack } from '../../../src/verifier/load/terraform/index.ts';
import type { RawResource, Value } from '../../../src/verifier/load/types.ts';
import { validateStack } from '../../../src/verifier/schema/index.ts';
import { base64Sha256 } from '../../../src/packaging/functions.ts';
import { contract as processorContract } from '../../../src/functions/processor/contract.ts';
import { contract as validatorContract } from '../../../src/functions/validator/contract.ts';

const STACK = 'infra/terraform/stacks/isolated-processing';
let stack: TerraformStack;

const resources = (type: string) => stack.resources.filter((r) => r.type === type && r.mode === 'resource');
function one(address: string): RawResource {
  const found = stack.resources.find((r) => r.address === address);
  assert.ok(found, `${address} not in the stack`);
  return found;
}
function attr(address: string, name: string): Value {
  return one(address).attributes[name] ?? null;
}
const isRef = (v: Value, address: string, attribute: string) =>
  typeof v === 'object' &&
  v !== null &&
  'kind' in v &&
  v.kind === 'unknown' &&
  v.address === address &&
  v.attribute === attribute;

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: Value;
  Principal?: Value;
  Condition?: Record<string, Record<string, Value>>;
}
function statements(policy: Value): Statement[] {
  const doc = decodeJson(policy) as { Statement?: Statement | Statement[] } | undefined;
  assert.ok(doc?.Statement, 'policy is JSON with statements');
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
function sid(policy: Value, name: string): Statement {
  const found = statements(policy).find((s) => s.Sid === name);
  assert.ok(found, `statement ${name}`);
  return found;
}

before(async () => {
  stack = await loadTerraform(STACK);
});

describe('isolated-processing: load and schema', () => {
  it('loads with no diagnostic at all and validates against the AWS provider 5.x schema', () => {
    assert.deepEqual(stack.diagnostics, []);
    assert.deepEqual(
      validateStack(stack).filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('tags everything with DataClassification, Environment and Owner through default_tags', () => {
    const tags = (
      stack.providers.find((p) => p.name === 'aws')?.attributes.default_tags as
        | { tags: Record<string, Value> }[]
        | undefined
    )?.[0]?.tags;
    assert.ok(tags, 'aws provider default_tags');
    assert.equal(tags.Environment, 'dev');
    assert.equal(tags.DataClassification, 'PCI-CardholderData');
    assert.equal(tags.Owner, 'payments-platform');
  });

  it('has 40 to 50 outputs, each described', () => {
    assert.ok(stack.outputs.length >= 40 && stack.outputs.length <= 50, `${stack.outputs.length} outputs`);
    for (const o of stack.outputs)
      assert.ok(o.description && o.description.length > 10, `output ${o.name} has a description`);
  });
});

describe('isolated-processing: network isolation', () => {
  it('has no internet gateway, NAT, egress-only gateway, elastic IP, peering, transit or VPN attachment', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_egress_only_internet_gateway',
      'aws_nat_gateway',
      'aws_eip',
      'aws_vpc_peering_connection',
      'aws_ec2_transit_gateway_vpc_attachment',
      'aws_vpn_gateway',
      'aws_route',
    ]) {
      assert.deepEqual(
        resources(type).map((r) => r.address),
        [],
        `${type} must not exist`,
      );
    }
  });

  it('is one VPC 10.0.0.0/16 with DNS support and hostnames (private DNS for interface endpoints)', () => {
    const [vpc] = resources('aws_vpc');
    assert.equal(resources('aws_vpc').length, 1);
    assert.equal(vpc!.attributes.cidr_block, '10.0.0.0/16');
    assert.equal(vpc!.attributes.enable_dns_support, true);
    assert.equal(vpc!.attributes.enable_dns_hostnames, true);
  });

  it('has three private subnets 10.0.1-3.0/24 in three different zones, none mapping public IPs', () => {
    const subnets = resources('aws_subnet');
    assert.deepEqual(subnets.map((s) => s.attributes.cidr_block).sort(), ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    const zones = subnets.map((s) => JSON.stringify(s.attributes.availability_zone));
    assert.equal(new Set(zones).size, 3, 'three distinct availability zones');
    for (const s of subnets) assert.equal(s.attributes.map_public_ip_on_launch, false);
  });

  it('routes all three subnets through one route table that has no route of its own', () => {
    const [table] = resources('aws_route_table');
    assert.equal(resources('aws_route_table').length, 1);
    assert.deepEqual(table!.attributes.route ?? [], []);
    const associations = resources('aws_route_table_association');
    assert.equal(associations.length, 3);
    for (const a of associations) assert.ok(isRef(a.attributes.route_table_id!, table!.address, 'id'));
  });

  it('strips the default security group of every rule', () => {
    const [sg] = resources('aws_default_security_group');
    assert.ok(sg);
    assert.deepEqual(sg.attributes.ingress ?? [], []);
    assert.deepEqual(sg.attributes.egress ?? [], []);
  });
});

describe('isolated-processing: VPC endpoints', () => {
  const gateway = (name: string) => `module.endpoints.aws_vpc_endpoint.gateway["${name}"]`;
  const iface = (name: string) => `module.endpoints.aws_vpc_endpoint.interface["${name}"]`;

  it('has S3 and DynamoDB gateway endpoints on the private route table', () => {
    for (const name of ['s3', 'dynamodb']) {
      assert.equal(attr(gateway(name), 'vpc_endpoint_type'), 'Gateway');
      assert.match(JSON.stringify(attr(gateway(name), 'service_name')), new RegExp(`\\.${name}"\\]`));
      const tables = attr(gateway(name), 'route_table_ids') as Value[];
      assert.equal(tables.length, 1);
      assert.ok(isRef(tables[0]!, 'module.network.aws_route_table.private', 'id'));
    }
  });

  it('limits the gateway endpoints to this environment’s buckets and tables', () => {
    const s3 = sid(attr(gateway('s3'), 'policy'), 'OnlyThisEnvironmentsBuckets');
    assert.match(JSON.stringify(s3.Resource), /s3-raw-data-dev-/);
    assert.doesNotMatch(JSON.stringify(s3.Resource), /"\*"/);
    const dynamodb = sid(attr(gateway('dynamodb'), 'policy'), 'OnlyThisEnvironmentsTables');
    assert.match(JSON.stringify(dynamodb.Resource), /table\/dynamodb-metadata-dev/);
  });

  it('has Lambda, CloudWatch Logs and KMS (token key) interface endpoints with private DNS in all three subnets', () => {
    const names = resources('aws_vpc_endpoint')
      .filter((e) => e.attributes.vpc_endpoint_type === 'Interface')
      .map((e) => e.address)
      .sort();
    assert.deepEqual(names, [iface('kms'), iface('lambda'), iface('logs')]);
    for (const name of ['lambda', 'logs', 'kms']) {
      assert.equal(attr(iface(name), 'private_dns_enabled'), true);
      assert.equal((attr(iface(name), 'subnet_ids') as Value[]).length, 3);
      assert.ok(
        isRef(
          (attr(iface(name), 'security_group_ids') as Value[])[0]!,
          'module.endpoints.aws_security_group.endpoints[0]',
          'id',
        ),
      );
    }
  });

  it('covers every service the functions contract to call, except those reached through gateway endpoints', () => {
    const interfaces = new Set(['lambda', 'logs', 'kms']);
    const gateways = new Set(['s3', 'dynamodb']);
    for (const service of new Set([...processorContract.services, ...validatorContract.services])) {
      assert.ok(interfaces.has(service) || gateways.has(service), `no endpoint for ${service}`);
    }
  });
});

describe('isolated-processing: security groups', () => {
  const rules = () => resources('aws_security_group_rule');

  it('never opens anything to or from 0.0.0.0/0 or ::/0', () => {
    for (const r of rules()) {
      assert.ok(!JSON.stringify(r.attributes.cidr_blocks ?? []).includes('0.0.0.0/0'), r.address);
      assert.ok(!JSON.stringify(r.attributes.ipv6_cidr_blocks ?? []).includes('::/0'), r.address);
    }
    for (const sg of resources('aws_security_group')) {
      assert.deepEqual(sg.attributes.ingress ?? [], [], `${sg.address} has no inline ingress`);
      assert.deepEqual(sg.attributes.egress ?? [], [], `${sg.address} has no inline egress`);
    }
  });

  it('lets the functions out only on 443 to the interface endpoints and to the S3 and DynamoDB prefix lists', () => {
    const egress = rules().filter((r) => isRef(r.attributes.security_group_id!, 'aws_security_group.lambda', 'id'));
    assert.equal(egress.length, 3);
    for (const r of egress) {
      assert.equal(r.attributes.type, 'egress');
      assert.equal(r.attributes.protocol, 'tcp');
      assert.equal(r.attributes.from_port, 443);
      assert.equal(r.attributes.to_port, 443);
    }
    const targets = egress
      .map((r) => JSON.stringify(r.attributes.source_security_group_id ?? r.attributes.prefix_list_ids))
      .sort();
    assert.deepEqual(targets, [
      JSON.stringify([
        {
          kind: 'unknown',
          address: 'module.endpoints.aws_vpc_endpoint.gateway["dynamodb"]',
          attribute: 'prefix_list_id',
        },
      ]),
      JSON.stringify([
        { kind: 'unknown', address: 'module.endpoints.aws_vpc_endpoint.gateway["s3"]', attribute: 'prefix_list_id' },
      ]),
      JSON.stringify({ kind: 'unknown', address: 'module.endpoints.aws_security_group.endpoints[0]', attribute: 'id' }),
    ]);
  });

  it('lets into the endpoints only HTTPS from the functions’ security group, and nothing into the functions', () => {
    const ingress = rules().filter((r) => r.attributes.type === 'ingress');
    assert.equal(ingress.length, 1);
    assert.ok(
      isRef(ingress[0]!.attributes.security_group_id!, 'module.endpoints.aws_security_group.endpoints[0]', 'id'),
    );
    assert.ok(isRef(ingress[0]!.attributes.source_security_group_id!, 'aws_security_group.lambda', 'id'));
    assert.equal(ingress[0]!.attributes.from_port, 443);
  });
});

describe('isolated-processing: keys', () => {
  const keys = ['s3_key', 'dynamodb_key', 'logs_key', 'token_key'];

  it("has the spec’s three CMKs plus the token key (and the account baseline's trail key), all rotating, with aliases", () => {
    assert.equal(resources('aws_kms_key').filter((k) => !k.address.startsWith('module.account_baseline.')).length, 4);
    for (const k of keys) {
      assert.equal(attr(`module.${k}.aws_kms_key.this`, 'enable_key_rotation'), true);
      assert.equal(attr(`module.${k}.aws_kms_key.this`, 'deletion_window_in_days'), 7);
    }
    assert.deepEqual(
      resources('aws_kms_alias')
        .map((a) => a.attributes.name)
        .sort(),
      [
        'alias/dynamodb-encryption-dev',
        'alias/kms-trail-secure-processing-dev',
        'alias/logs-encryption-dev',
        'alias/s3-encryption-dev',
        'alias/tokenization-dev',
      ],
    );
  });

  it('never lets the account (and so the administrator) use a key for data except through a named service', () => {
    const dataActions = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant|\*)/;
    for (const k of keys) {
      for (const s of statements(attr(`module.${k}.aws_kms_key.this`, 'policy'))) {
        const principal = JSON.stringify(s.Principal ?? '');
        if (s.Effect !== 'Allow' || !principal.includes(':root')) continue;
        const data = list(s.Action).filter((a) => dataActions.test(a));
        if (data.length === 0) continue;
        const conditions = JSON.stringify(s.Condition ?? {});
        assert.ok(
          conditions.includes('kms:ViaService') || conditions.includes('kms:GrantIsForAWSResource'),
          `${k}: ${s.Sid} gives the account ${data.join(', ')} without a service condition`,
        );
      }
    }
  });

  it('lets only the processor unwrap the token key, only for that purpose', () => {
    const users = statements(attr('module.token_key.aws_kms_key.this', 'policy')).filter(
      (s) => s.Effect === 'Allow' && list(s.Action).some((a) => a === 'kms:Decrypt'),
    );
    assert.equal(users.length, 1);
    assert.ok(isRef((users[0]!.Principal as { AWS: Value }).AWS, 'aws_iam_role.processor', 'arn'));
    assert.deepEqual(users[0]!.Condition, { StringEquals: { 'kms:EncryptionContext:purpose': 'enclave-token-key' } });
  });

  it('lets CloudWatch Logs use the logs key only for this account’s log groups', () => {
    const s = sid(attr('module.logs_key.aws_kms_key.this', 'policy'), 'CloudWatchLogsForThisAccountsLogGroups');
    assert.match(JSON.stringify(s.Principal), /logs\.".*\.amazonaws\.com|logs\.us-east-1\.amazonaws\.com|"logs\./);
    assert.ok(s.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn'], 'encryption-context condition');
  });
});

describe('isolated-processing: buckets', () => {
  const buckets = ['raw_bucket', 'processed_bucket', 'audit_bucket'];

  it("are three (and the account baseline's trail bucket), deterministically named with the account id, versioned, SSE-KMS with a bucket key, fully private", () => {
    assert.deepEqual(
      resources('aws_s3_bucket')
        .map((b) => (b.attributes.bucket as { parts: Value[] }).parts[0])
        .sort(),
      ['s3-audit-logs-dev-', 's3-processed-data-dev-', 's3-raw-data-dev-', 's3-trail-logs-dev-'],
    );
    for (const b of buckets) {
      const m = `module.${b}`;
      assert.equal(attr(`${m}.aws_s3_bucket.this`, 'force_destroy'), true);
      assert.deepEqual(attr(`${m}.aws_s3_bucket_versioning.this`, 'versioning_configuration'), [{ status: 'Enabled' }]);
      const rule = (
        attr(`${m}.aws_s3_bucket_server_side_encryption_configuration.this`, 'rule') as Value[]
      )[0] as Record<string, Value>;
      assert.equal(rule.bucket_key_enabled, true);
      const byDefault = (rule.apply_server_side_encryption_by_default as Record<string, Value>[])[0]!;
      assert.equal(byDefault.sse_algorithm, 'aws:kms');
      assert.ok(isRef(byDefault.kms_master_key_id!, 'module.s3_key.aws_kms_key.this', 'arn'));
      for (const setting of [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ]) {
        assert.equal(attr(`${m}.aws_s3_bucket_public_access_block.this`, setting), true, `${b} ${setting}`);
      }
    }
  });

  it('move data to Glacier after 30 days and expire it after 90, but keep audit objects 12 months', () => {
    const rules = (b: string) =>
      attr(`module.${b}.aws_s3_bucket_lifecycle_configuration.this`, 'rule') as Record<string, Value>[];
    for (const b of buckets)
      for (const r of rules(b))
        assert.ok(Array.isArray(r.filter) && r.filter.length === 1, `${b} ${r.id} has a filter`);
    for (const b of ['raw_bucket', 'processed_bucket']) {
      const r = rules(b).find((x) => x.id === 'glacier-30-expire-90')!;
      assert.deepEqual(r.transition, [{ days: 30, storage_class: 'GLACIER' }]);
      assert.deepEqual(r.expiration, [{ days: 90 }]);
    }
    const audit = rules('audit_bucket').find((x) => Array.isArray(x.expiration) && x.expiration.length > 0)!;
    const days = (audit.expiration as { days: number }[])[0]!.days;
    assert.ok(days >= 365, `audit objects kept ${days} days (PCI DSS 10.5.1 needs 365)`);
    assert.ok((audit.transition as { days: number }[])[0]!.days >= 90, 'three months immediately available');
  });

  it('refuse plain HTTP, wrong encryption, and anything not through the S3 endpoint — except the deployer, the administrator and AWS services', () => {
    for (const b of buckets) {
      const policy = attr(`module.${b}.aws_s3_bucket_policy.this`, 'policy');
      assert.deepEqual(sid(policy, 'DenyInsecureTransport').Condition, { Bool: { 'aws:SecureTransport': 'false' } });
      assert.deepEqual(sid(policy, 'DenyUploadsNotUsingSseKms').Condition, {
        Null: { 's3:x-amz-server-side-encryption': 'false' },
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      });
      const vpce = sid(policy, 'DenyOutsideVpcEndpoints');
      assert.equal(vpce.Effect, 'Deny');
      assert.ok(
        isRef(
          vpce.Condition!.StringNotEquals!['aws:SourceVpce'] as Value,
          'module.endpoints.aws_vpc_endpoint.gateway["s3"]',
          'id',
        ),
      );
      assert.deepEqual(vpce.Condition!.BoolIfExists, { 'aws:PrincipalIsAWSService': 'false' });
      const exempt = vpce.Condition!.ArnNotLike!['aws:PrincipalArn'] as Value[];
      assert.ok(
        exempt.some((v) => isRef(v, 'data.aws_iam_session_context.deployer', 'issuer_arn')),
        `${b}: deployer exempt`,
      );
      assert.ok(
        exempt.some((v) => isRef(v, 'aws_iam_role.administrator', 'arn')),
        `${b}: administrator exempt`,
      );
    }
  });
});

describe('isolated-processing: tables', () => {
  it('are on-demand, PITR, CMK-encrypted, keyed as the functions write them, deletable in test environments', () => {
    const expected: Record<string, string> = { metadata_table: 'job_id', audit_table: 'audit_id' };
    for (const [m, key] of Object.entries(expected)) {
      const address = `module.${m}.aws_dynamodb_table.this`;
      assert.equal(attr(address, 'billing_mode'), 'PAY_PER_REQUEST');
      assert.equal(attr(address, 'hash_key'), key);
      assert.deepEqual(attr(address, 'point_in_time_recovery'), [{ enabled: true }]);
      const sse = (attr(address, 'server_side_encryption') as Record<string, Value>[])[0]!;
      assert.equal(sse.enabled, true);
      assert.ok(isRef(sse.kms_key_arn!, 'module.dynamodb_key.aws_kms_key.this', 'arn'));
      assert.equal(attr(address, 'deletion_protection_enabled'), false);
    }
    assert.deepEqual(
      resources('aws_dynamodb_table')
        .map((t) => t.attributes.name)
        .sort(),
      ['dynamodb-audit-dev', 'dynamodb-metadata-dev'],
    );
  });
});

describe('isolated-processing: functions', () => {
  const cases = [
    { module: 'processor', name: 'lambda-data-processor-dev', contract: processorContract, bucket: 'raw' },
    { module: 'validator', name: 'lambda-data-validator-dev', contract: validatorContract, bucket: 'processed' },
  ];

  for (const c of cases) {
    it(`${c.module}: our bundle, runtime variable, 256 MB, 300 s, in the three private subnets behind the Lambda SG`, () => {
      const f = one(`module.${c.module}.aws_lambda_function.this`).attributes;
      assert.equal(f.function_name, c.name);
      assert.equal(f.runtime, 'nodejs22.x');
      assert.equal(f.handler, 'index.handler');
      assert.equal(f.memory_size, 256);
      assert.equal(f.timeout, 300);
      assert.ok(isRef(f.kms_key_arn!, 'module.s3_key.aws_kms_key.this', 'arn'), 'environment encrypted with a CMK');
      const vpc = (f.vpc_config as Record<string, Value[]>[])[0]!;
      assert.equal(vpc.subnet_ids!.length, 3);
      assert.ok(isRef(vpc.security_group_ids![0]!, 'aws_security_group.lambda', 'id'));
      // The build's package, hashed as Terraform hashes it (no archive provider: the zip is the build's).
      assert.match(String(f.filename), new RegExp(`dist/functions/${c.module}\\.zip$`));
      assert.equal(
        f.source_code_hash,
        base64Sha256(readFileSync(join(STACK, String(f.filename)))),
        'path.module-relative, as Terraform resolves it from the stack',
      );
    });

    it(`${c.module}: exactly the environment its contract declares, all required ones set`, () => {
      const env = (
        one(`module.${c.module}.aws_lambda_function.this`).attributes.environment as Record<string, Value>[]
      )[0]!.variables as Record<string, Value>;
      const declared = new Set(c.contract.environment.map((e) => e.name));
      for (const name of Object.keys(env)) assert.ok(declared.has(name), `${name} is not in the ${c.module} contract`);
      for (const e of c.contract.environment.filter((x) => x.required)) assert.ok(e.name in env, `${e.name} missing`);
    });

    it(`${c.module}: log group /aws/lambda/<name>, KMS, 365 days, created before the function, as are the role policies`, () => {
      const group = one(`module.${c.module}.aws_cloudwatch_log_group.this`).attributes;
      assert.equal(group.name, `/aws/lambda/${c.name}`);
      assert.equal(group.retention_in_days, 365);
      assert.ok(isRef(group.kms_key_id!, 'module.logs_key.aws_kms_key.this', 'arn'));
      const depends = one(`module.${c.module}.aws_lambda_function.this`).dependsOn;
      for (const d of ['aws_cloudwatch_log_group.this', 'aws_iam_role_policy.module', 'aws_iam_role_policy.caller']) {
        assert.ok(
          depends.some((x) => x.endsWith(d)),
          `depends on ${d} (got ${depends.join(', ')})`,
        );
      }
    });

    it(`${c.module}: triggered by ObjectCreated on the ${c.bucket} bucket, permission scoped to that bucket and account`, () => {
      const notification = one(`aws_s3_bucket_notification.${c.bucket}`).attributes;
      assert.ok(isRef(notification.bucket!, `module.${c.bucket}_bucket.aws_s3_bucket.this`, 'id'));
      const target = (notification.lambda_function as Record<string, Value>[])[0]!;
      assert.ok(isRef(target.lambda_function_arn!, `module.${c.module}.aws_lambda_function.this`, 'arn'));
      assert.deepEqual(target.events, ['s3:ObjectCreated:*']);
      const permission = resources('aws_lambda_permission').find((p) => p.attributes.function_name === c.name);
      assert.ok(permission, `a lambda permission for ${c.name}`);
      assert.equal(permission.attributes.principal, 's3.amazonaws.com');
      assert.ok(isRef(permission.attributes.source_arn!, `module.${c.bucket}_bucket.aws_s3_bucket.this`, 'arn'));
      assert.ok(isRef(permission.attributes.source_account!, 'data.aws_caller_identity.current', 'account_id'));
    });
  }
});

describe('isolated-processing: roles and separation of duties', () => {
  const policyOf = (address: string) => attr(address, 'policy');

  it('has the five roles (plus partner ingest, break-glass and the flow-log delivery role) and no wildcard trust', () => {
    assert.deepEqual(
      resources('aws_iam_role')
        .map((r) => r.address)
        .sort(),
      [
        'aws_iam_role.administrator',
        'aws_iam_role.auditor',
        'aws_iam_role.break_glass',
        'aws_iam_role.data_processor',
        'aws_iam_role.partner_ingest',
        'aws_iam_role.processor',
        'aws_iam_role.validator',
        'module.flow_logs.aws_iam_role.this[0]',
      ],
    );
    for (const r of resources('aws_iam_role')) {
      for (const s of statements(r.attributes.assume_role_policy!))
        assert.notEqual(JSON.stringify(s.Principal), '{"AWS":"*"}', r.address);
    }
  });

  it('gives the execution roles exactly the S3 and DynamoDB actions of their contracts', () => {
    const granted = (address: string) => {
      const out = new Set<string>();
      for (const s of statements(policyOf(address)))
        if (s.Effect === 'Allow') for (const a of list(s.Action)) out.add(a);
      return [...out].sort();
    };
    const contracted = (c: typeof processorContract) =>
      [...new Set(c.calls.map((x) => x.action).filter((a) => a.startsWith('s3:') || a.startsWith('dynamodb:')))].sort();
    assert.deepEqual(
      granted('module.processor.aws_iam_role_policy.caller["data-access"]'),
      contracted(processorContract),
    );
    assert.deepEqual(
      granted('module.validator.aws_iam_role_policy.caller["data-access"]'),
      contracted(validatorContract),
    );
  });

  it('lets the data-processor only invoke the two functions and denies it the data', () => {
    const policy = policyOf('aws_iam_role_policy.data_processor');
    const allows = statements(policy).filter((s) => s.Effect === 'Allow');
    assert.deepEqual(
      allows.flatMap((s) => list(s.Action)),
      ['lambda:InvokeFunction'],
    );
    assert.deepEqual(list(sid(policy, 'NoDirectDataAccess').Action), ['s3:*', 'dynamodb:*']);
  });

  it('denies the auditor raw card data and every write, and allows decrypting only through S3/DynamoDB', () => {
    const denies = policyOf('aws_iam_role_policy.auditor_denies');
    assert.match(
      JSON.stringify(sid(denies, 'NeverReadRawCardData').Resource),
      /module\.raw_bucket\.aws_s3_bucket\.this/,
    );
    const never = list(sid(denies, 'NeverWrite').Action);
    for (const a of [
      's3:Put*',
      's3:Delete*',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'logs:Delete*',
      'lambda:Update*',
      'iam:Put*',
      'kms:Encrypt',
    ]) {
      assert.ok(never.includes(a), `auditor not denied ${a}`);
    }
    assert.ok(sid(denies, 'DecryptOnlyThroughStorageServices').Condition?.StringNotEquals?.['kms:ViaService']);
    const reads = statements(policyOf('aws_iam_role_policy.auditor_read')).filter((s) => s.Effect === 'Allow');
    for (const s of reads) {
      for (const a of list(s.Action)) assert.match(a, /:(Get|List|Describe|Query|Scan|Filter)/, `auditor allowed ${a}`);
    }
  });

  it('denies the administrator every data decrypt and read, and any change to audit records, code or roles', () => {
    const denies = policyOf('aws_iam_role_policy.administrator_denies');
    assert.deepEqual(list(sid(denies, 'NeverDecryptData').Action).slice(0, 3), [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey*',
    ]);
    assert.match(JSON.stringify(sid(denies, 'NeverDecryptData').Resource), /module\.token_key/);
    assert.ok(list(sid(denies, 'NeverReadObjectsOrItems').Action).includes('s3:GetObject'));
    const audit = sid(denies, 'NeverAlterAuditRecords');
    for (const a of ['s3:DeleteObject', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:UpdateTimeToLive'])
      assert.ok(list(audit.Action).includes(a), a);
    // Code and configuration alike: NODE_OPTIONS in a new environment runs code as the function (defect 8).
    for (const a of ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'])
      assert.ok(list(sid(denies, 'NeverChangeFunctionCodeOrConfiguration').Action).includes(a), a);
    assert.ok(list(sid(denies, 'NeverCreateKeys').Action).includes('kms:CreateKey'));
    assert.ok(list(sid(denies, 'NeverTouchEnvironmentRoles').Action).includes('iam:PassRole'));
    for (const s of statements(policyOf('aws_iam_role_policy.administrator_manage'))) {
      for (const a of list(s.Action))
        assert.doesNotMatch(
          a,
          /^(kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)|s3:GetObject|dynamodb:(GetItem|Query|Scan))/,
          a,
        );
    }
  });

  it('requires MFA to assume the auditor and administrator roles', () => {
    for (const role of ['auditor', 'administrator']) {
      const [s] = statements(attr(`aws_iam_role.${role}`, 'assume_role_policy'));
      assert.deepEqual(s!.Condition, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    }
  });
});

describe('isolated-processing: monitoring', () => {
  it('records all VPC traffic to a KMS-encrypted log group kept 365 days', () => {
    const flow = one('module.flow_logs.aws_flow_log.cloudwatch[0]').attributes;
    assert.equal(flow.traffic_type, 'ALL');
    assert.ok(isRef(flow.vpc_id!, 'module.network.aws_vpc.this', 'id'));
    const group = one('module.flow_logs.aws_cloudwatch_log_group.this[0]').attributes;
    assert.equal(group.name, '/aws/vpc/flow-logs-dev');
    assert.equal(group.retention_in_days, 365);
    assert.ok(isRef(group.kms_key_id!, 'module.logs_key.aws_kms_key.this', 'arn'));
  });
});
