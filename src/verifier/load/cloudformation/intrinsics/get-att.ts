// Fn::GetAtt: an attribute of a resource, unknown until deployed but keeping its identity (logical id + attribute).
// Whether the resource type has that attribute is checked against the CloudFormation spec by schema validation.
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const getAtt: Intrinsic = {
  name: 'Fn::GetAtt',
  evaluate(argument, ctx, evaluate, line) {
    let logicalId: string | undefined;
    let attribute: string | undefined;
    if (argument.type === 'string') {
      const dot = argument.value.indexOf('.');
      if (dot > 0) [logicalId, attribute] = [argument.value.slice(0, dot), argument.value.slice(dot + 1)];
    } else if (argument.type === 'array' && argument.items.length === 2 && argument.items[0]!.type === 'string') {
      logicalId = argument.items[0]!.value as string;
      const name = evaluate(argument.items[1]!, ctx);
      if (typeof name === 'string') attribute = name;
      else if (isUnknown(name)) return unknown(logicalId, '*');
    }
    if (!logicalId || !attribute) {
      return fail(
        ctx,
        line,
        'cfn-bad-intrinsic',
        'Fn::GetAtt takes ["LogicalId", "Attribute"] or "LogicalId.Attribute"',
      );
    }
    if (!ctx.resourceIds.has(logicalId)) {
      return fail(
        ctx,
        line,
        'cfn-getatt-missing',
        `Fn::GetAtt refers to "${logicalId}", which is not a resource in this template`,
      );
    }
    ctx.references.add(logicalId);
    return unknown(logicalId, attribute);
  },
};
