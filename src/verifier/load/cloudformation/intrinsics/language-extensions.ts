// The intrinsics AWS::LanguageExtensions adds: Fn::Length (the number of elements of a list) and Fn::ToJsonString
// (an object or list as a JSON string; unknowns inside stay in place, as a template). Also the loader's own
// Enclave::Unknown, which the transforms write where the value is not knowable before deployment.
import type { Value } from '../../types.ts';
import { jsonEncode } from '../../terraform/values.ts';
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';
import { UNKNOWN_INTRINSIC } from '../transforms/nodes.ts';

export const fnLength: Intrinsic = {
  name: 'Fn::Length',
  evaluate(argument, ctx, evaluate, line) {
    const value = evaluate(argument, ctx);
    if (Array.isArray(value)) return (value as readonly Value[]).length;
    if (isUnknown(value)) return unknown(value.address, `${value.attribute}.length`);
    return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Length takes a list');
  },
};

export const fnToJsonString: Intrinsic = {
  name: 'Fn::ToJsonString',
  evaluate(argument, ctx, evaluate, line) {
    const value = evaluate(argument, ctx);
    if (value === null || typeof value !== 'object')
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::ToJsonString takes an object or a list');
    if (isUnknown(value)) return value;
    return jsonEncode(value, { sortKeys: false });
  },
};

export const enclaveUnknown: Intrinsic = {
  name: UNKNOWN_INTRINSIC,
  evaluate(argument) {
    const [address, attribute] =
      argument.type === 'array' ? argument.items.map((item) => (item.type === 'string' ? item.value : '')) : ['', ''];
    return unknown(address ?? '', attribute ?? '');
  },
};
