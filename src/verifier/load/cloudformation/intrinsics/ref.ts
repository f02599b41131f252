// Ref: a parameter's value, a resource's physical id (unknown until deployed, keeping its identity), or a
// pseudo-parameter.
import { fail, NO_VALUE, unknown, type Intrinsic } from '../context.ts';

export const ref: Intrinsic = {
  name: 'Ref',
  evaluate(argument, ctx, _evaluate, line) {
    if (argument.type !== 'string')
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Ref takes the name of a parameter, resource or pseudo-parameter');
    const alias = ctx.refAliases?.get(argument.value);
    const name = alias ?? argument.value;
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::Region':
        return ctx.region ?? unknown(name, 'Ref');
      case 'AWS::StackName':
        return ctx.stackName ?? unknown(name, 'Ref');
      case 'AWS::AccountId':
      case 'AWS::StackId':
      case 'AWS::NotificationARNs':
        return unknown(name, 'Ref');
    }
    if (ctx.parameterNames.has(name)) return ctx.parameters.get(name) ?? unknown(name, 'Ref');
    if (ctx.resourceIds.has(name)) {
      ctx.references.add(name);
      return unknown(name, 'Ref');
    }
    return fail(
      ctx,
      line,
      'cfn-ref-missing',
      `Ref to "${name}", which is neither a parameter, a resource nor a pseudo-parameter`,
    );
  },
};
