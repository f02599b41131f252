// The zero-trust stack as our loader evaluates it: schema-valid, and every requirement of spec 004 that can be
// read from the code (CIDRs, routing, NACL order, rule descriptions, the checker's placement and permissions).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJson, loadTerraform, type TerraformStack } from '../../../src/verifier/load/terraform/index.ts';
import type { RawResource, TemplateValue, Value } from '../../../src/verifier/load/types.ts';
import { validateStack } from '../../../src/verifier/schema/index.ts';
import { contract } from '../../../src/functions/compliance-scanner/contract.ts';

const STACK = 'infra/terraform/stacks/zero-trust';
let stack: TerraformStack;

const all = (type: string) => stack.resources.filter((r) => r.type === type && r.mode === 'resource');
function one(address: string): RawResource {
  const found = stack.resources.find((r) => r.address === address);
  assert.ok(found, `${address} not in the stack`);
  return found;
}
const isUnknown = (v: Value, address: string, attribute?: string) =>
  typeof v === 'object' &&
  v !== null &&
  'kind' in v &&
  v.kind === 'unknown' &&
  v.address === address &&
  (attribute === undefined || v.attribute === attribute);
const ref = (v: Value) =>
  typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'unknown'
    ? `${v.address}.${v.attribute}`
    : JSON.stringify(v);

before(async () => {
  stack = await loadTerraform(STACK);
});

describe('zero-trust stack: load and schema', () => {
  it('loads and validates against the AWS provider 5.x schema without errors', () => {
    const errors = [...stack.diagnostics, ...validateStack(stack)].filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('uses only the data sources the specification allows (plus policy documents)', () => {
    const data = stack.resources.filter(
      (r) => r.mode === 'data' && r.modulePath.length === 0 && r.type !== 'aws_iam_policy_document',
    );
    assert.deepEqual(data.map((r) => r.address).sort(), [
      'data.aws_availability_zones.available',
      'data.aws_caller_identity.current',
      // Beyond the specification (README, deviations): the deploying role, named in the key policies.
      'data.aws_iam_session_context.deployer',
      'data.aws_region.current',
    ]);
  });

  it('tags everything through default_tags', () => {
    assert.deepEqual(stack.providers[0]?.attributes.default_tags, [
      {
        tags: {
          Environment: 'dev',
          DataClassification: 'FinancialData',
          Compliance: 'PCI-DSS',
          Owner: 'SecurityTeam',
          ManagedBy: 'Terraform',
        },
      },
    ]);
  });
});

describe('zero-trust stack: network', () => {
  it('has the nine tier subnets at the specified CIDRs, one per AZ, plus the NAT subnet', () => {
    const cidrs = all('aws_subnet')
      .map((s) => s.attributes.cidr_block)
      .sort();
    assert.deepEqual(cidrs, [
      '10.0.0.0/28',
      '10.0.1.0/24',
      '10.0.11.0/24',
      '10.0.12.0/24',
      '10.0.13.0/24',
      '10.0.2.0/24',
      '10.0.21.0/24',
      '10.0.22.0/24',
      '10.0.23.0/24',
      '10.0.3.0/24',
    ]);
    for (const s of all('aws_subnet')) assert.equal(s.attributes.map_public_ip_on_launch, false, s.address);
    assert.equal(one('module.network.aws_vpc.this').attributes.cidr_block, '10.0.0.0/16');
    assert.equal(one('module.network.aws_vpc.this').attributes.enable_dns_hostnames, true);
  });

  it('routes app and management through the NAT, the NAT subnet to the IGW, and gives the database tier no route out', () => {
    const routes = all('aws_route');
    const target = (table: string) => routes.filter((r) => isUnknown(r.attributes.route_table_id as Value, table));
    const [app] = target('aws_route_table.app');
    const [management] = target('aws_route_table.management');
    const [publicRoute] = target('aws_route_table.public');
    assert.ok(isUnknown(app!.attributes.nat_gateway_id as Value, 'aws_nat_gateway.this'));
    assert.ok(isUnknown(management!.attributes.nat_gateway_id as Value, 'aws_nat_gateway.this'));
    assert.ok(isUnknown(publicRoute!.attributes.gateway_id as Value, 'aws_internet_gateway.this'));
    assert.equal(target('module.network.aws_route_table.private').length, 0);
    assert.deepEqual(one('module.network.aws_route_table.private').attributes.route ?? [], []);
    assert.ok(isUnknown(one('aws_nat_gateway.this').attributes.subnet_id as Value, 'aws_subnet.nat'));
    assert.equal(routes.length, 3);
  });

  it('puts the TEST-NET denies at 10/20/30 before every allow (100+) in both directions of every NACL', () => {
    const rules = all('aws_network_acl_rule');
    const byAcl = new Map<string, RawResource[]>();
    for (const r of rules) {
      const key = `${ref(r.attributes.network_acl_id as Value)} ${r.attributes.egress ? 'egress' : 'ingress'}`;
      byAcl.set(key, [...(byAcl.get(key) ?? []), r]);
    }
    assert.equal(byAcl.size, 8); // four NACLs × two directions
    for (const [key, list] of byAcl) {
      const denies = list.filter((r) => r.attributes.rule_action === 'deny');
      const allows = list.filter((r) => r.attributes.rule_action === 'allow');
      assert.deepEqual(
        denies.map((r) => [r.attributes.rule_number, r.attributes.cidr_block, r.attributes.protocol]).sort(),
        [
          [10, '192.0.2.0/24', '-1'],
          [20, '198.51.100.0/24', '-1'],
          [30, '203.0.113.0/24', '-1'],
        ],
        key,
      );
      assert.ok(allows.length > 0, `${key} allows nothing`);
      for (const a of allows)
        assert.ok((a.attributes.rule_number as number) >= 100, `${key} allow ${a.address} below 100`);
      const numbers = list.map((r) => r.attributes.rule_number);
      assert.equal(new Set(numbers).size, numbers.length, `${key} reuses a rule number`);
    }
  });

  it('lets return traffic back in through every tier NACL (stateless)', () => {
    for (const tier of ['app', 'management', 'nat']) {
      const ephemeral = all('aws_network_acl_rule').filter(
        (r) =>
          r.address.startsWith(`aws_network_acl_rule.this["${tier}/in-ephemeral`) && r.attributes.to_port === 65535,
      );
      assert.equal(ephemeral.length, 1, tier);
    }
    const dbOut = all('aws_network_acl_rule').filter((r) => r.address.includes('"database/out-ephemeral'));
    assert.deepEqual(dbOut.map((r) => r.attributes.cidr_block).sort(), ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
  });

  it('writes every security group rule separately, described, and never open to the internet inbound', () => {
    assert.equal(
      all('aws_security_group').every((g) => g.attributes.ingress === undefined && g.attributes.egress === undefined),
      true,
    );
    const rules = all('aws_security_group_rule');
    assert.equal(rules.length, 8);
    for (const r of rules) {
      assert.ok(
        typeof r.attributes.description === 'string' && r.attributes.description.length > 10,
        `${r.address} has no description`,
      );
      if (r.attributes.type === 'ingress')
        assert.ok(!JSON.stringify(r.attributes.cidr_blocks ?? []).includes('0.0.0.0/0'), r.address);
    }
    const db = one('aws_security_group_rule.database_postgres_in').attributes;
    assert.equal(db.from_port, 5432);
    assert.ok(isUnknown(db.source_security_group_id as Value, 'aws_security_group.app'));
    assert.deepEqual(one('aws_security_group_rule.app_ssh_from_management').attributes.cidr_blocks, [
      '10.0.21.0/24',
      '10.0.22.0/24',
      '10.0.23.0/24',
    ]);
  });

  it('sends all flow-log traffic to S3 (KMS bucket) and to a KMS-encrypted log group', () => {
    const s3 = one('module.flow_logs.aws_flow_log.s3[0]').attributes;
    assert.equal(s3.traffic_type, 'ALL');
    assert.equal(s3.log_destination_type, 's3');
    const group = one('module.flow_logs.aws_cloudwatch_log_group.this[0]').attributes;
    assert.ok(isUnknown(group.kms_key_id as Value, 'module.logs_key.aws_kms_key.this', 'arn'));
  });
});

describe('zero-trust stack: compliance checker', () => {
  it('runs outside any VPC with 256 MB, 300 s, nodejs22.x and exactly the contract environment', () => {
    const fn = one('aws_lambda_function.scanner').attributes;
    assert.equal(fn.vpc_config, undefined);
    assert.equal(fn.memory_size, 256);
    assert.equal(fn.timeout, 300);
    assert.equal(fn.runtime, 'nodejs22.x');
    assert.equal(fn.handler, 'index.handler');
    const env = (fn.environment as { variables: Record<string, Value> }[])[0]!.variables;
    assert.deepEqual(Object.keys(env).sort(), contract.environment.map((e) => e.name).sort());
    assert.deepEqual(one('aws_lambda_function.scanner').dependsOn.slice().sort(), [
      'aws_cloudwatch_log_group.lambda',
      'aws_iam_role.scanner',
      'aws_iam_role_policy_attachment.scanner',
    ]);
    assert.equal(one('aws_iam_role.scanner').attributes.max_session_duration, 3600);
  });

  it('is granted exactly the actions its contract declares (plus its own log stream), none of them wildcards', () => {
    const policy = decodeJson(one('aws_iam_policy.scanner').attributes.policy as Value) as {
      Statement: { Action: string | string[]; Effect: string }[];
    };
    const granted = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    for (const action of granted) assert.ok(!action.includes('*'), `wildcard action ${action}`);
    const declared = new Set(contract.calls.map((c) => c.action));
    assert.deepEqual([...granted].filter((a) => !declared.has(a)).sort(), [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    assert.deepEqual(
      [...declared].filter((a) => !granted.has(a)),
      [],
    );
  });

  it('runs daily at 02:00 UTC with a Lambda permission scoped to the schedule rule', () => {
    assert.equal(
      one('aws_cloudwatch_event_rule.compliance_schedule').attributes.schedule_expression,
      'cron(0 2 * * ? *)',
    );
    const permission = one('aws_lambda_permission.compliance_schedule').attributes;
    assert.equal(permission.principal, 'events.amazonaws.com');
    assert.ok(isUnknown(permission.source_arn as Value, 'aws_cloudwatch_event_rule.compliance_schedule', 'arn'));
  });

  it('alerts on every security-group API call (the four Authorize/Revoke calls, ModifySecurityGroupRules, CreateSecurityGroup, DeleteSecurityGroup) through a trail, EventBridge and the encrypted topic', () => {
    const pattern = decodeJson(
      one('aws_cloudwatch_event_rule.security_group_changes').attributes.event_pattern as Value,
    ) as {
      detail: { eventName: string[] };
    };
    assert.deepEqual(pattern.detail.eventName.slice().sort(), [
      'AuthorizeSecurityGroupEgress',
      'AuthorizeSecurityGroupIngress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
      'ModifySecurityGroupRules',
      'RevokeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
    ]);
    assert.ok(
      isUnknown(
        one('aws_cloudwatch_event_target.security_group_changes').attributes.arn as Value,
        'aws_sns_topic.security_alerts',
      ),
    );
    assert.equal(one('aws_cloudtrail.this').attributes.enable_log_file_validation, true);
    assert.ok(
      isUnknown(
        one('aws_sns_topic.security_alerts').attributes.kms_master_key_id as Value,
        'module.app_key.aws_kms_key.this',
      ),
    );
  });
});

describe('zero-trust stack: data protection and detection', () => {
  it('keeps logs 365 days by default (PCI DSS 10.5.1), KMS-encrypted, and honours the 1-day test override', async () => {
    const groups = stack.resources.filter((r) => r.type === 'aws_cloudwatch_log_group');
    assert.equal(groups.length, 4); // application, Lambda, flow logs, CloudTrail
    for (const g of groups) {
      assert.equal(g.attributes.retention_in_days, 365, g.address);
      assert.ok(g.attributes.kms_key_id, `${g.address} has no KMS key`);
    }
    const testing = await loadTerraform(STACK, { vars: { log_retention_in_days: '1' } });
    for (const g of testing.resources.filter((r) => r.type === 'aws_cloudwatch_log_group'))
      assert.equal(g.attributes.retention_in_days, 1);
  });

  it('creates three rotating keys with 7-day deletion windows and the specified aliases', () => {
    const keys = all('aws_kms_key');
    assert.equal(keys.length, 3);
    for (const k of keys) {
      assert.equal(k.attributes.enable_key_rotation, true);
      assert.equal(k.attributes.deletion_window_in_days, 7);
    }
    assert.deepEqual(
      all('aws_kms_alias')
        .map((a) => a.attributes.name)
        .sort(),
      ['alias/app-encryption-dev', 'alias/logs-encryption-dev', 'alias/s3-encryption-dev'],
    );
  });

  it('names the three buckets s3-{purpose}-dev-ACCOUNT_ID, force_destroy on, with Glacier then expiry for flow logs', async () => {
    const buckets = all('aws_s3_bucket');
    const names = buckets.map((b) => {
      const v = b.attributes.bucket as Value;
      if (typeof v !== 'object' || v === null || !('kind' in v) || v.kind !== 'template') return v;
      return (v as TemplateValue).parts.map((p) => (typeof p === 'string' ? p : 'ACCOUNT_ID')).join('');
    });
    assert.deepEqual(names.sort(), [
      's3-app-logs-dev-ACCOUNT_ID',
      's3-compliance-reports-dev-ACCOUNT_ID',
      's3-flow-logs-dev-ACCOUNT_ID',
    ]);
    for (const b of buckets) assert.equal(b.attributes.force_destroy, true);
    const lifecycle = one('module.flow_logs_bucket.aws_s3_bucket_lifecycle_configuration.this').attributes
      .rule as Record<string, Value>[];
    const archive = lifecycle.find((r) => r.id === 'flow-logs-archive')!;
    assert.ok(Array.isArray(archive.filter) && archive.filter.length === 1, 'lifecycle rule without a filter block');
    assert.deepEqual((archive.transition as Record<string, Value>[])[0], { days: 90, storage_class: 'GLACIER' });
    assert.deepEqual((archive.expiration as Record<string, Value>[])[0]!.days, 365);
    // The specification's 7/30-day test lifecycle is an explicit override.
    const testing = await loadTerraform(STACK, {
      vars: { flow_logs_bucket_lifecycle: '{ transition_days = 7, expiration_days = 30 }' },
    });
    const rules = testing.resources.find(
      (r) => r.address === 'module.flow_logs_bucket.aws_s3_bucket_lifecycle_configuration.this',
    )!.attributes.rule as Record<string, Value>[];
    const spec = rules.find((r) => r.id === 'flow-logs-archive')!;
    assert.deepEqual(
      [(spec.transition as Record<string, Value>[])[0]!.days, (spec.expiration as Record<string, Value>[])[0]!.days],
      [7, 30],
    );
  });

  it('writes the password Secrets Manager generates write-only (never in state), with recovery window 0, under the application key', () => {
    assert.deepEqual(
      stack.resources.filter((r) => r.type.startsWith('random_')),
      [],
      'no random provider',
    );
    const version = one('aws_secretsmanager_secret_version.db_credentials').attributes;
    assert.equal(version.secret_string, undefined, 'nothing written through the state-kept secret_string');
    assert.equal(version.secret_string_wo_version, 1);
    // The ephemeral aws_secretsmanager_random_password is not modelled: its value is an unknown, as it is in a plan.
    assert.match(JSON.stringify(version.secret_string_wo), /"address":"ephemeral"/);
    const secret = one('aws_secretsmanager_secret.db_credentials').attributes;
    assert.equal(secret.recovery_window_in_days, 0);
    assert.ok(isUnknown(secret.kms_key_id as Value, 'module.app_key.aws_kms_key.this'));
    for (const name of ['db_secret_arn', 'db_secret_name'])
      assert.equal(stack.outputs.find((o) => o.name === name)?.sensitive, true);
  });

  it('enables GuardDuty every 15 minutes with S3 data events through the feature resource, not datasources', () => {
    const detector = one('module.guardduty.aws_guardduty_detector.this[0]').attributes;
    assert.equal(detector.enable, true);
    assert.equal(detector.finding_publishing_frequency, 'FIFTEEN_MINUTES');
    assert.equal(detector.datasources, undefined);
    const feature = one('module.guardduty.aws_guardduty_detector_feature.this["S3_DATA_EVENTS"]').attributes;
    assert.deepEqual([feature.name, feature.status], ['S3_DATA_EVENTS', 'ENABLED']);
  });

  it("creates the detector only while create_guardduty_detector is true (where GuardDuty is on, it reads the account's)", () => {
    const detector = stack.resources.find((r) => r.address === 'module.guardduty.aws_guardduty_detector.this[0]')!;
    assert.deepEqual(detector.existsWhen?.inputs, ['var.create_guardduty_detector']);
    assert.ok(
      !stack.resources.some((r) => r.address.startsWith('module.guardduty.data.aws_guardduty_detector')),
      'nothing is read while the stack creates its own',
    );
  });

  it('alarms on auth failures (> 5 in 5 min), NAT drops, flow-log rejects and Lambda errors into the topic', () => {
    const alarms = all('aws_cloudwatch_metric_alarm');
    assert.deepEqual(alarms.map((a) => a.attributes.alarm_name).sort(), [
      'alarm-auth-failures-dev',
      'alarm-flow-log-rejects-dev',
      'alarm-lambda-errors-dev',
      'alarm-nat-packet-drops-dev',
    ]);
    const auth = one('aws_cloudwatch_metric_alarm.auth_failures').attributes;
    assert.deepEqual([auth.threshold, auth.period, auth.comparison_operator], [5, 300, 'GreaterThanThreshold']);
    for (const a of alarms)
      assert.ok(isUnknown((a.attributes.alarm_actions as Value[])[0]!, 'aws_sns_topic.security_alerts'), a.address);
  });
});
