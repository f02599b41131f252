// Collection functions: lists, maps and sets. Functions marked symbolic keep unknown elements in place; the others
// see no unknowns (the call is that unknown).
import type { UnknownValue, Value } from '../../types.ts';
import {
  EvalError,
  equal,
  firstUnknown,
  isList,
  isObject,
  isSet,
  isSymbolic,
  isTemplate,
  isUnknown,
  toBool,
  toObject,
  toSet,
  toStringValue,
  typeName,
  unifyPrimitives,
  compareStrings,
} from '../values.ts';
import { getIndex } from '../evaluate.ts';
import { arity, collection, graphemeCount, int, num, sequence, str, type FunctionTable } from './support.ts';

function flatten(list: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const item of list) {
    if (isList(item)) out.push(...flatten(item));
    else out.push(item);
  }
  return out;
}

/** The elements of a list for functions that take `list(T)`: unified to one type, as Terraform converts them. */
function typedList(value: Value, what: string): Value[] {
  return unifyPrimitives(sequence(value, what), what);
}

export const COLLECTION_FUNCTIONS: FunctionTable = [
  [
    'length',
    {
      symbolic: true,
      call(args) {
        arity('length', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg)) return arg;
        if (isTemplate(arg)) return firstUnknown(arg)!;
        if (typeof arg === 'string') return graphemeCount(arg);
        if (isList(arg)) return arg.length;
        if (isObject(arg)) return Object.keys(arg).length;
        throw new EvalError(
          `length(): the argument must be a string, a collection or a structural type, got ${typeName(arg)}`,
        );
      },
    },
  ],
  [
    'concat',
    {
      symbolic: true,
      call(args) {
        if (args.length === 0) throw new EvalError('concat(): at least one argument is required');
        const out: Value[] = [];
        for (const arg of args) {
          if (isUnknown(arg)) return arg;
          if (!isList(arg) || isSet(arg))
            throw new EvalError(
              `concat(): all arguments must be lists or tuples, got ${isSet(arg) ? 'a set' : typeName(arg)}`,
            );
          out.push(...arg);
        }
        return out;
      },
    },
  ],
  [
    'flatten',
    {
      symbolic: true,
      call(args) {
        arity('flatten', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        return flatten(sequence(args[0]!, 'flatten() argument'));
      },
    },
  ],
  [
    'merge',
    {
      symbolic: true,
      call(args) {
        const out: Record<string, Value> = {};
        for (const arg of args) {
          if (arg === null) continue;
          if (isUnknown(arg)) return arg;
          if (!isObject(arg)) throw new EvalError(`merge(): arguments must be maps or objects, got ${typeName(arg)}`);
          Object.assign(out, arg);
        }
        return out;
      },
    },
  ],
  [
    'lookup',
    {
      symbolic: true,
      call(args) {
        arity('lookup', args, 2, 3);
        const [map, key, fallback] = args;
        if (isUnknown(map!)) return map!;
        if (isSymbolic(key!)) return firstUnknown(key!)!;
        const object = toObject(map!, 'lookup() map');
        const name = str(key!, 'lookup() key');
        if (Object.hasOwn(object, name)) return object[name]!;
        if (args.length === 3) return fallback!;
        throw new EvalError(`lookup(): the map has no key ${JSON.stringify(name)} and no default was given`);
      },
    },
  ],
  [
    'element',
    {
      symbolic: true,
      call(args) {
        arity('element', args, 2);
        const [list, index] = args;
        if (isUnknown(list!)) return list!;
        if (isSymbolic(index!)) return firstUnknown(index!)!;
        const items = sequence(list!, 'element() list');
        if (items.length === 0) throw new EvalError('element(): cannot use element() on an empty list');
        const i = int(index!, 'element() index');
        if (i < 0) throw new EvalError('element(): the index must not be negative');
        return items[i % items.length]!;
      },
    },
  ],
  [
    'index',
    {
      call(args) {
        arity('index', args, 2);
        const i = sequence(args[0]!, 'index() list').findIndex((item) => equal(item, args[1]!));
        if (i < 0) throw new EvalError('index(): the item is not in the list');
        return i;
      },
    },
  ],
  [
    'contains',
    {
      symbolic: true,
      call(args) {
        arity('contains', args, 2);
        const [list, value] = args;
        if (isUnknown(list!)) return list!;
        if (isSymbolic(value!)) return firstUnknown(value!)!;
        const items = sequence(list!, 'contains() list');
        if (items.some((item) => equal(item, value!))) return true;
        const pending = items.find((item) => firstUnknown(item));
        return pending ? firstUnknown(pending)! : false;
      },
    },
  ],
  [
    'keys',
    {
      symbolic: true,
      call(args) {
        arity('keys', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        if (!isObject(args[0]!))
          throw new EvalError(`keys(): the argument must be a map or an object, got ${typeName(args[0]!)}`);
        return Object.keys(args[0]!).sort(compareStrings);
      },
    },
  ],
  [
    'values',
    {
      symbolic: true,
      call(args) {
        arity('values', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        const object = toObject(args[0]!, 'values() argument');
        return Object.keys(object)
          .sort(compareStrings)
          .map((key) => object[key]!);
      },
    },
  ],
  [
    'zipmap',
    {
      symbolic: true,
      call(args) {
        arity('zipmap', args, 2);
        if (isUnknown(args[0]!)) return args[0]!;
        if (isUnknown(args[1]!)) return args[1]!;
        const keys = sequence(args[0]!, 'zipmap() keys');
        const values = sequence(args[1]!, 'zipmap() values');
        if (keys.length !== values.length)
          throw new EvalError(`zipmap(): ${keys.length} keys but ${values.length} values`);
        const out: Record<string, Value> = {};
        keys.forEach((key, i) => {
          if (isSymbolic(key)) throw new EvalError('zipmap(): a key is not known before apply');
          out[str(key, 'zipmap() key')] = values[i]!;
        });
        return out;
      },
    },
  ],
  [
    'distinct',
    {
      symbolic: true,
      call(args) {
        arity('distinct', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        const out: Value[] = [];
        for (const item of typedList(args[0]!, 'distinct() argument'))
          if (isSymbolic(item) || !out.some((existing) => equal(existing, item))) out.push(item);
        return out;
      },
    },
  ],
  [
    'compact',
    {
      symbolic: true,
      call(args) {
        arity('compact', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        // list(string): each element converts to a string on its own.
        return sequence(args[0]!, 'compact() argument')
          .filter((item) => item !== null && item !== '')
          .map((item) => toStringValue(item, 'compact() element'));
      },
    },
  ],
  [
    'coalesce',
    {
      symbolic: true,
      call(args) {
        for (const arg of unifyPrimitives(args, 'coalesce() arguments')) {
          if (isSymbolic(arg)) return firstUnknown(arg)!;
          if (arg !== null && arg !== '') return arg;
        }
        throw new EvalError('coalesce(): no non-null, non-empty-string argument');
      },
    },
  ],
  [
    'coalescelist',
    {
      symbolic: true,
      call(args) {
        // Terraform skips null arguments (a module output that is null when the module is off) as it skips empty lists.
        for (const arg of args) {
          if (arg === null) continue;
          if (isUnknown(arg)) return arg;
          if (sequence(arg, 'coalescelist() argument').length > 0) return arg;
        }
        throw new EvalError('coalescelist(): no non-null, non-empty argument');
      },
    },
  ],
  [
    'one',
    {
      symbolic: true,
      call(args) {
        arity('one', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        if (args[0] === null) throw new EvalError('one(): the argument must not be null');
        const list = sequence(args[0]!, 'one() argument');
        if (list.length > 1) throw new EvalError(`one(): the list has ${list.length} elements`);
        return list.length === 0 ? null : list[0]!;
      },
    },
  ],
  [
    'range',
    {
      call(args) {
        arity('range', args, 1, 3);
        const n = args.map((arg) => num(arg, 'range() argument'));
        const [start, end] = n.length === 1 ? [0, n[0]!] : [n[0]!, n[1]!];
        const step = n[2] ?? (end >= start ? 1 : -1);
        const out: number[] = [];
        if (step === 0 && start !== end) throw new EvalError('range(): a step of zero never reaches the end');
        for (let i = start; step > 0 ? i < end : i > end; i += step) {
          out.push(i);
          if (out.length > 1024) throw new EvalError('range(): more than 1024 elements');
        }
        return out;
      },
    },
  ],
  [
    'slice',
    {
      symbolic: true,
      call(args) {
        arity('slice', args, 3);
        if (isUnknown(args[0]!)) {
          // slice(azs, 0, 3) of a list known only at plan: if the plan succeeds at all, the list had those indices,
          // so the result has exactly end - start elements, each the source's element at its index.
          const [start, end] = [args[1]!, args[2]!];
          if (
            typeof start !== 'number' ||
            typeof end !== 'number' ||
            !Number.isInteger(start) ||
            !Number.isInteger(end) ||
            start < 0 ||
            end < start ||
            end - start > 1024
          )
            return args[0]!;
          return Array.from({ length: end - start }, (_, i) => getIndex(args[0]!, start + i));
        }
        const list = sequence(args[0]!, 'slice() list');
        const start = int(args[1]!, 'slice() start');
        const end = int(args[2]!, 'slice() end');
        if (start < 0 || end > list.length || start > end) throw new EvalError('slice(): indices out of range');
        return list.slice(start, end);
      },
    },
  ],
  [
    'reverse',
    {
      symbolic: true,
      call: (args) => (
        arity('reverse', args, 1),
        isUnknown(args[0]!) ? args[0]! : [...sequence(args[0]!, 'reverse() argument')].reverse()
      ),
    },
  ],
  [
    'sort',
    {
      call(args) {
        arity('sort', args, 1);
        return sequence(args[0]!, 'sort() argument')
          .map((item) => str(item, 'sort() element'))
          .sort(compareStrings);
      },
    },
  ],
  [
    'chunklist',
    {
      symbolic: true,
      call(args) {
        arity('chunklist', args, 2);
        if (isUnknown(args[0]!)) return args[0]!;
        const list = sequence(args[0]!, 'chunklist() list');
        const size = int(args[1]!, 'chunklist() size');
        if (size < 0) throw new EvalError('chunklist(): the size must not be negative');
        if (size === 0) return list.length === 0 ? [] : [list];
        const out: Value[] = [];
        for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
        return out;
      },
    },
  ],
  [
    'matchkeys',
    {
      call(args) {
        arity('matchkeys', args, 3);
        const values = sequence(args[0]!, 'matchkeys() values');
        const keys = typedList(args[1]!, 'matchkeys() keys');
        const searchset = typedList(args[2]!, 'matchkeys() searchset');
        if (values.length !== keys.length)
          throw new EvalError('matchkeys(): the values and keys lists must have the same length');
        return values.filter((_, i) =>
          searchset.some((wanted) => equal(wanted, keys[i]!) || String(wanted) === String(keys[i])),
        );
      },
    },
  ],
  [
    'transpose',
    {
      call(args) {
        arity('transpose', args, 1);
        const out: Record<string, string[]> = {};
        const object = toObject(args[0]!, 'transpose() argument');
        for (const key of Object.keys(object).sort(compareStrings)) {
          for (const item of sequence(object[key]!, 'transpose() value'))
            (out[str(item, 'transpose() element')] ??= []).push(key);
        }
        return out;
      },
    },
  ],
  [
    'setunion',
    {
      symbolic: true,
      call(args) {
        arity('setunion', args, 1, Infinity);
        const pending = args.find(isUnknown);
        if (pending) return pending;
        return toSet(args.flatMap((arg) => [...sequence(arg, 'setunion() argument')]));
      },
    },
  ],
  [
    'setintersection',
    {
      call(args) {
        arity('setintersection', args, 1, Infinity);
        const [first, ...rest] = args.map((arg) => toSet(sequence(arg, 'setintersection() argument')));
        return toSet(first!.filter((item) => rest.every((other) => other.some((x) => equal(x, item)))));
      },
    },
  ],
  [
    'setsubtract',
    {
      call(args) {
        arity('setsubtract', args, 2);
        const other = toSet(sequence(args[1]!, 'setsubtract() argument'));
        return toSet(
          toSet(sequence(args[0]!, 'setsubtract() argument')).filter((item) => !other.some((x) => equal(x, item))),
        );
      },
    },
  ],
  [
    'setproduct',
    {
      call(args) {
        if (args.length < 2) throw new EvalError('setproduct(): at least two arguments are required');
        let out: Value[][] = [[]];
        for (const arg of args)
          out = out.flatMap((prefix) => sequence(arg, 'setproduct() argument').map((item) => [...prefix, item]));
        return out;
      },
    },
  ],
  [
    'alltrue',
    {
      symbolic: true,
      call(args) {
        arity('alltrue', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        let pending: UnknownValue | undefined;
        for (const item of sequence(args[0]!, 'alltrue() argument')) {
          if (isSymbolic(item)) pending ??= firstUnknown(item);
          else if (!toBool(item, 'alltrue() element')) return false;
        }
        return pending ?? true;
      },
    },
  ],
  [
    'anytrue',
    {
      symbolic: true,
      call(args) {
        arity('anytrue', args, 1);
        if (isUnknown(args[0]!)) return args[0]!;
        let pending: UnknownValue | undefined;
        for (const item of sequence(args[0]!, 'anytrue() argument')) {
          if (isSymbolic(item)) pending ??= firstUnknown(item);
          else if (toBool(item, 'anytrue() element')) return true;
        }
        return pending ?? false;
      },
    },
  ],
  [
    'sum',
    {
      call(args) {
        arity('sum', args, 1);
        const list = collection(args[0]!, 'sum() argument');
        if (list.length === 0) throw new EvalError('sum(): cannot sum an empty list');
        return list.reduce<number>((total, item) => total + num(item, 'sum() element'), 0);
      },
    },
  ],
];
