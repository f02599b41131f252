// CloudFormation → Lambda functions, with EventInvokeConfig, Permission and EventSourceMapping.
import type { RawResource } from '../../load/types.ts';
import { attach, base, link, ofType, orphan, type AdaptContext } from '../context.ts';
import { asNumber, asString, at, field, locate, refAt, refsAt } from '../fields.ts';
import type { LambdaFunction } from '../model.ts';
import { createdAfter, variablesAt } from './common.ts';

export function adaptCloudFormationLambda(ctx: AdaptContext): void {
  const m = ctx.model;
  const refs = ctx.addresses;
  for (const raw of ofType(ctx, 'AWS::Lambda::Function')) {
    const inVpc = at(raw.attributes, 'VpcConfig') !== undefined;
    const bundle = raw.metadata ? at(raw.metadata as never, 'enclave.bundle') : undefined;
    m.functions.push({
      ...base(raw, 'lambda-function'),
      name: field(raw, 'FunctionName', asString),
      runtime: field(raw, 'Runtime', asString),
      handler: field(raw, 'Handler', asString),
      role: refAt(raw, 'Role', refs),
      subnets: refsAt(raw, 'VpcConfig.SubnetIds', refs),
      securityGroups: refsAt(raw, 'VpcConfig.SecurityGroupIds', refs),
      inVpc: { value: inVpc, provenance: inVpc ? 'explicit' : 'default', location: locate(raw, inVpc ? 'VpcConfig' : '') },
      kmsKey: refAt(raw, 'KmsKeyArn', refs),
      environment: field(raw, 'Environment.Variables', (v) => v),
      deadLetterTarget: refAt(raw, 'DeadLetterConfig.TargetArn', refs),
      onFailure: [],
      logGroupName: field(raw, 'LoggingConfig.LogGroup', asString),
      reservedConcurrency: field(raw, 'ReservedConcurrentExecutions', asNumber, -1),
      tracingMode: field(raw, 'TracingConfig.Mode', asString, 'PassThrough'),
      code: typeof bundle === 'string' ? { value: bundle, provenance: 'explicit', location: locate(raw, '') } : field(raw, 'Code.S3Key', asString),
      dependsOn: [...raw.dependsOn],
      bundle: typeof bundle === 'string'
        ? { name: bundle, via: 'metadata', location: locate(raw, '') }
        : { name: undefined, location: locate(raw, ''), problem: `${raw.address} has no Metadata {"enclave": {"bundle": "<name>"}} naming its bundle` },
      variables: variablesAt(raw, 'Environment.Variables', (name) => `Environment.Variables.${name}`, refs),
      logGroup: refAt(raw, 'LoggingConfig.LogGroup', refs),
      createdAfter: createdAfter(raw, refs),
      policy: undefined,
    });
  }
  // By reference, by name or by ARN (`function_name = "payments"`, `!Sub "${AWS::StackName}-fn"`).
  const fn = (raw: RawResource, found: (target: LambdaFunction) => void, missing: () => void = () => undefined) =>
    link(ctx, raw, 'FunctionName', m.functions, (f) => [f.name.value], found, missing);
  for (const raw of ofType(ctx, 'AWS::Lambda::EventInvokeConfig')) {
    fn(raw, (target) => {
      if (at(raw.attributes, 'DestinationConfig.OnFailure.Destination') !== undefined) target.onFailure.push(refAt(raw, 'DestinationConfig.OnFailure.Destination', refs));
      attach(target, raw);
    }, () => orphan(ctx, raw, 'a Lambda function', 'lambda-function', 'on-failure destination'));
  }
  for (const raw of ofType(ctx, 'AWS::Lambda::Permission')) {
    m.lambdaPermissions.push({
      ...base(raw, 'lambda-permission'),
      function: refAt(raw, 'FunctionName', refs),
      principal: field(raw, 'Principal', asString),
      action: field(raw, 'Action', asString),
      sourceArn: refAt(raw, 'SourceArn', refs),
      sourceAccount: field(raw, 'SourceAccount', asString),
    });
  }
  for (const raw of ofType(ctx, 'AWS::Lambda::EventSourceMapping')) {
    const onFailure = refAt(raw, 'DestinationConfig.OnFailure.Destination', refs);
    m.eventSourceMappings.push({
      ...base(raw, 'event-source-mapping'),
      function: refAt(raw, 'FunctionName', refs),
      source: refAt(raw, 'EventSourceArn', refs),
      onFailure,
      enabled: field(raw, 'Enabled', (v) => (typeof v === 'boolean' ? v : undefined), true),
    });
    if (onFailure.provenance !== 'default') fn(raw, (target) => target.onFailure.push(onFailure));
  }
}
