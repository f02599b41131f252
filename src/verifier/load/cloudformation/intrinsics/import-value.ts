// Fn::ImportValue: another stack's export — unknown here, named by the export.
import { isUnknown, unknown, type Intrinsic } from '../context.ts';

export const importValue: Intrinsic = {
  name: 'Fn::ImportValue',
  evaluate(argument, ctx, evaluate) {
    const name = evaluate(argument, ctx);
    return unknown(
      'Fn::ImportValue',
      typeof name === 'string' ? name : isUnknown(name) ? `${name.address}.${name.attribute}` : 'export',
    );
  },
};
