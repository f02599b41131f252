// Terraform → Lambda functions, with event invoke configs, permissions and event source mappings.
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, isUnknownValue, locate, refAt, refsAt } from '../fields.ts';
import type { LambdaFunction } from '../model.ts';

export function adaptTerraformLambda(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'aws_lambda_function')) {
    const vpc = at(raw.attributes, 'vpc_config');
    const inVpc = Array.isArray(vpc) ? vpc.length > 0 : vpc !== undefined && vpc !== null;
    const vpcUnknown = isUnknownValue(vpc); // a dynamic "vpc_config" over a value only apply can tell
    const code = at(raw.attributes, 'filename') !== undefined ? 'filename' : at(raw.attributes, 's3_key') !== undefined ? 's3_key' : 'image_uri';
    m.functions.push({
      ...base(raw, 'lambda-function'),
      name: field(raw, 'function_name', asString),
      runtime: field(raw, 'runtime', asString),
      handler: field(raw, 'handler', asString),
      role: refAt(raw, 'role', refs),
      subnets: refsAt(raw, 'vpc_config.subnet_ids', refs),
      securityGroups: refsAt(raw, 'vpc_config.security_group_ids', refs),
      inVpc: vpcUnknown ? { value: undefined, provenance: 'unknown', location: locate(raw, ''), unknown: vpc } : { value: inVpc, provenance: inVpc ? 'explicit' : 'default', location: locate(raw, inVpc ? 'vpc_config' : '') },
      kmsKey: refAt(raw, 'kms_key_arn', refs),
      environment: field(raw, 'environment.variables', (v) => v),
      deadLetterTarget: refAt(raw, 'dead_letter_config.target_arn', refs),
      onFailure: [],
      logGroupName: field(raw, 'logging_config.log_group', asString),
      reservedConcurrency: field(raw, 'reserved_concurrent_executions', asNumber, -1),
      tracingMode: field(raw, 'tracing_config.mode', asString, 'PassThrough'),
      code: field(raw, code, asString),
      dependsOn: [...raw.dependsOn],
    });
  }
  const fn = (raw: Parameters<typeof refAt>[0]): LambdaFunction | undefined =>
    find(refAt(raw, 'function_name', refs), m.functions, (f) => [f.name.value]);
  for (const raw of ofType(ctx, 'aws_lambda_function_event_invoke_config')) {
    const target = fn(raw);
    if (!target) {
      orphan(ctx, raw, 'a Lambda function');
      continue;
    }
    if (at(raw.attributes, 'destination_config.on_failure.destination') !== undefined) target.onFailure.push(refAt(raw, 'destination_config.on_failure.destination', refs));
    attach(target, raw);
  }
  for (const raw of ofType(ctx, 'aws_lambda_permission')) {
    m.lambdaPermissions.push({
      ...base(raw, 'lambda-permission'),
      function: refAt(raw, 'function_name', refs),
      principal: field(raw, 'principal', asString),
      action: field(raw, 'action', asString),
      sourceArn: refAt(raw, 'source_arn', refs),
      sourceAccount: field(raw, 'source_account', asString),
    });
  }
  for (const raw of ofType(ctx, 'aws_lambda_event_source_mapping')) {
    const onFailure = refAt(raw, 'destination_config.on_failure.destination_arn', refs);
    const mapping = {
      ...base(raw, 'event-source-mapping' as const),
      function: refAt(raw, 'function_name', refs),
      source: refAt(raw, 'event_source_arn', refs),
      onFailure,
      enabled: field(raw, 'enabled', (v) => (typeof v === 'boolean' ? v : undefined), true),
    };
    m.eventSourceMappings.push(mapping);
    const target = fn(raw);
    if (target && onFailure.provenance !== 'default') target.onFailure.push(onFailure);
  }
}
