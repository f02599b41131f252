// Fn::GetAZs: the account's availability zones in a region — only AWS knows them, so the list is unknown; each
// element selected from it keeps its index (see Fn::Select).
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const getAZs: Intrinsic = {
  name: 'Fn::GetAZs',
  evaluate(argument, ctx, evaluate, line) {
    const region = evaluate(argument, ctx);
    if (typeof region === 'string')
      return unknown('Fn::GetAZs', region === '' ? (ctx.region ?? 'AWS::Region') : region);
    if (isUnknown(region)) return unknown('Fn::GetAZs', region.address);
    return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::GetAZs takes a region name or ""');
  },
};
