import {
  EvalError,
  isList,
  isObject,
  isSet,
  isUnknown,
  toBool,
  toSet,
  toStringValue,
  typeName,
  unifyPrimitives,
  unknown,
} from '../values.ts';
import { arity, collection, num, type FunctionTable } from './support.ts';

export const CONVERSION_FUNCTIONS: FunctionTable = [
  [
    'tostring',
    {
      symbolic: true,
      call(args) {
        arity('tostring', args, 1);
        if (args[0] === null) return null;
        if (isList(args[0]!) || isObject(args[0]!))
          throw new EvalError(`tostring(): cannot convert ${typeName(args[0]!)} to string`);
        return toStringValue(args[0]!, 'tostring() argument');
      },
    },
  ],
  [
    'tonumber',
    { call: (args) => (arity('tonumber', args, 1), args[0] === null ? null : num(args[0]!, 'tonumber() argument')) },
  ],
  [
    'tobool',
    {
      call(args) {
        arity('tobool', args, 1);
        if (args[0] === null) return null;
        if (typeof args[0] !== 'boolean' && typeof args[0] !== 'string')
          throw new EvalError(`tobool(): cannot convert ${typeName(args[0]!)} to bool`);
        return toBool(args[0]!, 'tobool() argument');
      },
    },
  ],
  [
    'tolist',
    {
      symbolic: true,
      call(args) {
        arity('tolist', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg) || arg === null) return arg;
        if (!isList(arg)) throw new EvalError(`tolist(): cannot convert ${typeName(arg)} to a list`);
        return unifyPrimitives(isSet(arg) ? [...arg] : arg, 'tolist() argument');
      },
    },
  ],
  [
    'toset',
    {
      symbolic: true,
      call(args) {
        arity('toset', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg) || arg === null) return arg;
        if (!isList(arg)) throw new EvalError(`toset(): cannot convert ${typeName(arg)} to a set`);
        return toSet(arg);
      },
    },
  ],
  [
    'tomap',
    {
      symbolic: true,
      call(args) {
        arity('tomap', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg) || arg === null) return arg;
        if (!isObject(arg)) throw new EvalError(`tomap(): cannot convert ${typeName(arg)} to a map`);
        const keys = Object.keys(arg);
        const values = collection(arg, 'tomap() argument');
        const sorted = Object.keys(arg).sort();
        const kinds = new Set(
          values.map((v) =>
            v === null || isUnknown(v) ? 'any' : isList(v) ? 'list' : isObject(v) ? 'object' : 'primitive',
          ),
        );
        kinds.delete('any');
        if (kinds.size > 1) throw new EvalError('tomap(): cannot convert an object to a map of any single type');
        const unified = unifyPrimitives(values, 'tomap() argument');
        return Object.fromEntries(keys.map((key) => [key, unified[sorted.indexOf(key)]!]));
      },
    },
  ],
  ['sensitive', { symbolic: true, call: (args) => (arity('sensitive', args, 1), args[0]!) }],
  ['nonsensitive', { symbolic: true, call: (args) => (arity('nonsensitive', args, 1), args[0]!) }],
  ['ephemeralasnull', { symbolic: true, call: (args) => (arity('ephemeralasnull', args, 1), args[0]!) }],
  // The loader does not track sensitivity: whether a value is sensitive is not known to it.
  ['issensitive', { symbolic: true, call: (args) => (arity('issensitive', args, 1), unknown('issensitive()', '')) }],
  ['type', { call: (args) => (arity('type', args, 1), typeName(args[0]!)) }],
  ['uuid', { call: (args) => (arity('uuid', args, 0), unknown('uuid()', '')) }],
  ['timestamp', { call: (args) => (arity('timestamp', args, 0), unknown('timestamp()', '')) }],
  ['plantimestamp', { call: (args) => (arity('plantimestamp', args, 0), unknown('plantimestamp()', '')) }],
  // A random salt: a new hash on every plan.
  ['bcrypt', { call: (args) => (arity('bcrypt', args, 1, 2), unknown('bcrypt()', '')) }],
];
