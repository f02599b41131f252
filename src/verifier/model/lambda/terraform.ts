// Terraform → Lambda functions, with event invoke configs, permissions and event source mappings.
import type { RawResource } from '../../load/types.ts';
import { attach, base, link, ofType, orphan, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, isTemplateValue, isUnknownValue, locate, refAt, refsAt } from '../fields.ts';
import type { BundleLink, LambdaFunction } from '../model.ts';
import { bundleFromPath, createdAfter, pathText, variablesAt } from './common.ts';

/**
 * The bundle the code comes from: `filename`/`source_code_hash` from a data "archive_file" over dist/functions/<name>,
 * or `filename` naming …/dist/functions/<name>.zip itself (with `filebase64sha256` as its hash).
 */
function bundleOf(raw: RawResource, ctx: AdaptContext): BundleLink {
  const location = locate(raw, 'filename');
  for (const attribute of ['filename', 'source_code_hash']) {
    const v = at(raw.attributes, attribute);
    const unknowns = isUnknownValue(v) ? [v] : isTemplateValue(v) ? v.parts.filter(isUnknownValue) : [];
    for (const u of unknowns) {
      const archive = ctx.byAddress.get(u.address);
      if (archive?.type !== 'archive_file') continue;
      const dir = pathText(at(archive.attributes, 'source_dir')) ?? pathText(at(archive.attributes, 'source_file'));
      const name = dir ? bundleFromPath(dir) : undefined;
      if (name) return { name, via: 'archive_file', location };
    }
  }
  const filename = pathText(at(raw.attributes, 'filename'));
  if (filename !== undefined) {
    const archive = ctx.resources.find(
      (r) => r.type === 'archive_file' && pathText(at(r.attributes, 'output_path')) === filename,
    );
    const dir = archive ? pathText(at(archive.attributes, 'source_dir')) : undefined;
    const fromArchive = dir ? bundleFromPath(dir) : undefined;
    if (fromArchive) return { name: fromArchive, via: 'archive_file', location };
    const direct = bundleFromPath(filename.replace(/\.zip$/, ''));
    if (direct) return { name: direct, via: 'filename', location };
  }
  return {
    name: undefined,
    location: locate(raw, ''),
    problem: `${raw.address}'s code does not come from dist/functions/<name> (an archive_file over it, or filename = …/dist/functions/<name>.zip)`,
  };
}

export function adaptTerraformLambda(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'aws_lambda_function')) {
    const vpc = at(raw.attributes, 'vpc_config');
    const inVpc = Array.isArray(vpc) ? vpc.length > 0 : vpc !== undefined && vpc !== null;
    const vpcUnknown = isUnknownValue(vpc); // a dynamic "vpc_config" over a value only apply can tell
    const code =
      at(raw.attributes, 'filename') !== undefined
        ? 'filename'
        : at(raw.attributes, 's3_key') !== undefined
          ? 's3_key'
          : 'image_uri';
    m.functions.push({
      ...base(raw, 'lambda-function'),
      name: field(raw, 'function_name', asString),
      runtime: field(raw, 'runtime', asString),
      handler: field(raw, 'handler', asString),
      role: refAt(raw, 'role', refs),
      subnets: refsAt(raw, 'vpc_config.subnet_ids', refs),
      securityGroups: refsAt(raw, 'vpc_config.security_group_ids', refs),
      inVpc: vpcUnknown
        ? { value: undefined, provenance: 'unknown', location: locate(raw, ''), unknown: vpc }
        : {
            value: inVpc,
            provenance: inVpc ? 'explicit' : 'default',
            location: locate(raw, inVpc ? 'vpc_config' : ''),
          },
      kmsKey: refAt(raw, 'kms_key_arn', refs),
      environment: field(raw, 'environment.variables', (v) => v),
      deadLetterTarget: refAt(raw, 'dead_letter_config.target_arn', refs),
      onFailure: [],
      logGroupName: field(raw, 'logging_config.log_group', asString),
      reservedConcurrency: field(raw, 'reserved_concurrent_executions', asNumber, -1),
      tracingMode: field(raw, 'tracing_config.mode', asString, 'PassThrough'),
      code: field(raw, code, asString),
      dependsOn: [...raw.dependsOn],
      bundle: bundleOf(raw, ctx),
      variables: variablesAt(raw, 'environment.variables', (name) => `environment.0.variables.${name}`, refs),
      logGroup: refAt(raw, 'logging_config.log_group', refs),
      createdAfter: createdAfter(raw, refs),
      policy: undefined,
      replaceSecurityGroupsOnDestroy: field(
        raw,
        'replace_security_groups_on_destroy',
        (v) => (typeof v === 'boolean' ? v : undefined),
        false,
      ),
    });
  }
  // By reference, by name or by ARN (`function_name = "payments"`, `!Sub "${AWS::StackName}-fn"`).
  const fn = (raw: RawResource, found: (target: LambdaFunction) => void, missing: () => void = () => undefined) =>
    link(ctx, raw, 'function_name', m.functions, (f) => [f.name.value], found, missing);
  for (const raw of ofType(ctx, 'aws_lambda_function_event_invoke_config')) {
    fn(
      raw,
      (target) => {
        if (at(raw.attributes, 'destination_config.on_failure.destination') !== undefined)
          target.onFailure.push(refAt(raw, 'destination_config.on_failure.destination', refs));
        attach(target, raw);
      },
      () => orphan(ctx, raw, 'a Lambda function', 'lambda-function', 'on-failure destination'),
    );
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
    if (onFailure.provenance !== 'default') fn(raw, (target) => target.onFailure.push(onFailure));
  }
}
