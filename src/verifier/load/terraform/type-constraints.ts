// Variable type constraints: a value given for a variable is converted to its declared type, as Terraform does —
// numbers from numeric strings, sets deduplicated, object attributes that are `optional(type, default)` filled in,
// attributes not in the type dropped. Unknowns pass through.
import type { Value } from '../types.ts';
import type { Expr } from './ast.ts';
import { EvalError, isObject, isSymbolic, isList, toBool, toNumber, toSet, toStringValue, typeName } from './values.ts';

export type TypeConstraint =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeConstraint; optional: boolean; default?: Expr }> };

export function parseTypeConstraint(expr: Expr): TypeConstraint {
  if (expr.t === 'variable') {
    if (expr.name === 'any' || expr.name === 'string' || expr.name === 'number' || expr.name === 'bool')
      return { kind: expr.name };
    throw new EvalError(`unknown type ${expr.name}`, expr.line);
  }
  if (expr.t === 'call') {
    const arg = expr.args[0];
    switch (expr.name) {
      case 'list':
      case 'set':
      case 'map':
        if (!arg) throw new EvalError(`${expr.name}() needs an element type`, expr.line);
        return { kind: expr.name, element: parseTypeConstraint(arg) };
      case 'tuple':
        if (arg?.t !== 'tuple') throw new EvalError('tuple() needs a list of types', expr.line);
        return { kind: 'tuple', elements: arg.items.map(parseTypeConstraint) };
      case 'object': {
        if (arg?.t !== 'object') throw new EvalError('object() needs an object of types', expr.line);
        const attributes = new Map<string, { type: TypeConstraint; optional: boolean; default?: Expr }>();
        for (const item of arg.items) {
          if (item.key.t !== 'literal' || typeof item.key.value !== 'string')
            throw new EvalError('object() attribute names must be names', expr.line);
          const value = item.value;
          if (value.t === 'call' && value.name === 'optional') {
            const entry: { type: TypeConstraint; optional: boolean; default?: Expr } = {
              type: parseTypeConstraint(value.args[0]!),
              optional: true,
            };
            if (value.args[1]) entry.default = value.args[1];
            attributes.set(item.key.value, entry);
          } else {
            attributes.set(item.key.value, { type: parseTypeConstraint(value), optional: false });
          }
        }
        return { kind: 'object', attributes };
      }
      default:
        break;
    }
  }
  throw new EvalError('this is not a type constraint', expr.line);
}

/** `evaluateDefault` evaluates an optional() default (a constant expression). */
export function convert(
  value: Value,
  type: TypeConstraint,
  evaluateDefault: (expr: Expr) => Value,
  what = 'value',
): Value {
  if (value === null || isSymbolic(value) || type.kind === 'any') {
    if (value !== null && isSymbolic(value) && type.kind !== 'any') {
      // A template converts fine to a string; anything else stays unknown.
      return value;
    }
    return value;
  }
  switch (type.kind) {
    case 'string':
      return toStringValue(value, what);
    case 'number':
      return toNumber(value, what);
    case 'bool':
      return toBool(value, what);
    case 'list':
    case 'set': {
      const items = isList(value) ? value : undefined;
      if (!items) throw new EvalError(`${what} must be a ${type.kind}, got ${typeName(value)}`);
      const converted = items.map((item, i) => convert(item, type.element, evaluateDefault, `${what}[${i}]`));
      return type.kind === 'set' ? toSet(converted) : converted;
    }
    case 'tuple': {
      if (!isList(value) || value.length !== type.elements.length)
        throw new EvalError(`${what} must be a tuple of ${type.elements.length}`);
      return value.map((item, i) => convert(item, type.elements[i]!, evaluateDefault, `${what}[${i}]`));
    }
    case 'map': {
      if (!isObject(value)) throw new EvalError(`${what} must be a map, got ${typeName(value)}`);
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(value))
        out[key] = convert(item, type.element, evaluateDefault, `${what}["${key}"]`);
      return out;
    }
    case 'object': {
      if (!isObject(value)) throw new EvalError(`${what} must be an object, got ${typeName(value)}`);
      const out: Record<string, Value> = {};
      for (const [name, attribute] of type.attributes) {
        if (Object.hasOwn(value, name) && value[name] !== null) {
          out[name] = convert(value[name]!, attribute.type, evaluateDefault, `${what}.${name}`);
        } else if (attribute.optional) {
          out[name] = attribute.default
            ? convert(evaluateDefault(attribute.default), attribute.type, evaluateDefault, `${what}.${name}`)
            : null;
        } else if (Object.hasOwn(value, name)) {
          out[name] = null;
        } else {
          throw new EvalError(`${what} is missing the required attribute "${name}"`);
        }
      }
      return out;
    }
  }
}
