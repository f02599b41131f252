// Fn::Transform (a macro, or AWS::Include with a Location in S3): CloudFormation replaces the value with what the
// macro returns, which only a deployment can know. The value is unknown, named after the transform, and the
// template lists it as not loaded.
import { plain } from '../json-positions.ts';
import { unknown, type Intrinsic } from '../context.ts';

export const fnTransform: Intrinsic = {
  name: 'Fn::Transform',
  evaluate(argument, ctx, _evaluate, line) {
    const spec = plain(argument) as { Name?: unknown; Parameters?: { Location?: unknown } } | null;
    const name = typeof spec?.Name === 'string' ? spec.Name : 'Fn::Transform';
    const location = typeof spec?.Parameters?.Location === 'string' ? spec.Parameters.Location : undefined;
    const source = location ? `${name} ${location}` : name;
    if (ctx.skipped && !ctx.skipped.some((s) => s.source === source && s.location?.line === line)) {
      ctx.skipped.push({
        kind: 'transform',
        source,
        address: `Fn::Transform:${source}`,
        reason: 'a value made by a macro or included from elsewhere at deployment is not loaded; it is unknown',
        location: { file: ctx.file, line },
        affects: [],
      });
    }
    return unknown(`Fn::Transform:${source}`, 'value');
  },
};
