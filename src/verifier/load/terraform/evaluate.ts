// Expression evaluation. Unknowns flow through as values (see README.md for the rules); errors are EvalError with
// the line of the expression that failed.
import type { UnknownValue, Value } from '../types.ts';
import type { Expr, TemplatePart } from './ast.ts';
import { callFunction, type FunctionContext } from './functions.ts';
import {
  EvalError,
  equal,
  firstUnknown,
  isList,
  isObject,
  isSymbolic,
  isUnknown,
  template,
  toBool,
  toNumber,
  tidyNumber,
  toStringValue,
  typeName,
  UndeclaredReferenceError,
  unifyPrimitives,
  unknown,
} from './values.ts';

/**
 * Objects standing for resources, data sources and module calls: an attribute that is not in the object is not
 * an error but an unknown named after the object (`aws_vpc.this.id`), because it is computed after apply.
 */
const origins = new WeakMap<object, { address: string; path: string }>();

export function markOrigin<T extends object>(value: T, address: string, path = ''): T {
  origins.set(value, { address, path });
  return value;
}

function attributePath(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

function indexPath(base: string, key: Value): string {
  const text = typeof key === 'number' ? String(key) : isSymbolic(key) ? '*' : JSON.stringify(key);
  return `${base}[${text}]`;
}

const UNDECLARED: Record<string, string> = {
  var: 'input variable',
  local: 'local value',
  module: 'module call',
  data: 'data source type',
};

export class Scope {
  constructor(
    readonly fn: FunctionContext,
    private readonly roots: (name: string, line: number) => Value | undefined,
    private readonly bindings: ReadonlyMap<string, Value> = new Map(),
    private readonly parent?: Scope,
  ) {}

  with(bindings: ReadonlyMap<string, Value>): Scope {
    return new Scope(this.fn, this.roots, bindings, this);
  }

  lookup(name: string, line: number): Value {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      if (scope.bindings.has(name)) return scope.bindings.get(name)!;
    }
    const value = this.roots(name, line);
    if (value === undefined) {
      throw new UndeclaredReferenceError(
        name.includes('_') ? `reference to an undeclared resource type "${name}"` : `unknown name "${name}"`,
        line,
      );
    }
    return value;
  }
}

export function getAttribute(value: Value, name: string, line?: number): Value {
  if (isUnknown(value)) return unknown(value.address, attributePath(value.attribute, name));
  if (value === null) throw new EvalError(`cannot read "${name}" of null`, line);
  if (isObject(value)) {
    if (Object.hasOwn(value, name)) return value[name]!;
    const origin = origins.get(value);
    if (origin) return unknown(origin.address, attributePath(origin.path, name));
    throw new EvalError(`this object has no attribute "${name}"`, line);
  }
  if (isList(value)) throw new EvalError(`cannot read "${name}" of a list: use [*].${name} or an index`, line);
  throw new EvalError(`cannot read "${name}" of a ${typeName(value)}`, line);
}

export function getIndex(value: Value, key: Value, line?: number): Value {
  if (isUnknown(value)) return unknown(value.address, indexPath(value.attribute, key));
  if (isSymbolic(key)) return firstUnknown(key)!;
  if (value === null) throw new EvalError('cannot index null', line);
  if (isList(value)) {
    const i = toNumber(key, 'index');
    if (Number.isInteger(i) && i >= 0 && i < value.length) return value[i]!;
    const origin = origins.get(value);
    if (origin) return unknown(origin.address, indexPath(origin.path, i));
    throw new EvalError(`index ${i} is out of range for a list of ${value.length}`, line);
  }
  if (isObject(value)) {
    const name = toStringValue(key, 'key') as string;
    if (Object.hasOwn(value, name)) return value[name]!;
    const origin = origins.get(value);
    if (origin) return unknown(origin.address, indexPath(origin.path, name));
    throw new EvalError(`the map has no element ${JSON.stringify(name)}`, line);
  }
  throw new EvalError(`cannot index a ${typeName(value)}`, line);
}

function arithmetic(op: string, left: Value, right: Value, line: number): Value {
  const a = toNumber(left, `left operand of ${op}`);
  const b = toNumber(right, `right operand of ${op}`);
  switch (op) {
    case '+':
      return tidyNumber(a + b);
    case '-':
      return tidyNumber(a - b);
    case '*':
      return tidyNumber(a * b);
    case '/':
      if (b === 0) throw new EvalError('division by zero', line);
      return tidyNumber(a / b);
    case '%':
      if (b === 0) throw new EvalError('modulo by zero', line);
      return tidyNumber(a % b);
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      throw new EvalError(`unknown operator ${op}`, line);
  }
}

/**
 * The chosen branch of a known condition, converted to the type both branches share, as HCL does: it evaluates
 * both, keeps the chosen one's errors only, and unifies their types (`true ? 1 : "x"` is `"1"`).
 */
function chooseBranch(condition: boolean, expr: Extract<Expr, { t: 'conditional' }>, scope: Scope): Value {
  const chosen = evaluate(condition ? expr.then : expr.otherwise, scope);
  if (typeof chosen !== 'number' && typeof chosen !== 'boolean') return chosen;
  let other: Value;
  try {
    other = evaluate(condition ? expr.otherwise : expr.then, scope);
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    return chosen;
  }
  return unifyPrimitives([chosen, other], 'the results of a conditional')[0]!;
}

/** A conditional whose condition is unknown and whose branches differ: an unknown derived from the condition. */
function unknownChoice(condition: UnknownValue): UnknownValue {
  return unknown(condition.address, `${condition.attribute}?`);
}

/**
 * An error try() and can() catch: an evaluation error, but not a reference to something undeclared, which Terraform
 * reports as a configuration error even inside them. One rule for the evaluator and for the validation conditions
 * compiled into functions of a candidate (module.ts).
 */
export function catchable(error: unknown): error is EvalError {
  return error instanceof EvalError && !(error instanceof UndeclaredReferenceError);
}
export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return evaluateInner(expr, scope);
  } catch (error) {
    if (error instanceof EvalError && error.line === undefined) throw new EvalError(error.message, expr.line);
    throw error;
  }
}

function evaluateInner(expr: Expr, scope: Scope): Value {
  switch (expr.t) {
    case 'literal':
      return expr.value;
    case 'template':
      return evaluateTemplate(expr.parts, scope, true);
    case 'tuple':
      return expr.items.map((item) => evaluate(item, scope));
    case 'object': {
      const out: Record<string, Value> = {};
      for (const item of expr.items) {
        const key = evaluate(item.key, scope);
        if (isSymbolic(key)) return firstUnknown(key)!;
        const name = toStringValue(key, 'object key');
        out[name as string] = evaluate(item.value, scope);
      }
      return out;
    }
    case 'variable':
      return scope.lookup(expr.name, expr.line);
    case 'getattr': {
      const object = evaluate(expr.object, scope);
      if (
        expr.object.t === 'variable' &&
        UNDECLARED[expr.object.name] &&
        isObject(object) &&
        !Object.hasOwn(object, expr.name) &&
        !origins.has(object)
      ) {
        throw new UndeclaredReferenceError(
          `reference to an undeclared ${UNDECLARED[expr.object.name]} ${expr.object.name}.${expr.name}`,
          expr.line,
        );
      }
      return getAttribute(object, expr.name, expr.line);
    }
    case 'index':
      return getIndex(evaluate(expr.object, scope), evaluate(expr.key, scope), expr.line);
    case 'splat': {
      const object = evaluate(expr.object, scope);
      if (isUnknown(object)) return object;
      if (object === null) return [];
      const items = isList(object) ? object : [object];
      return items.map((item) => evaluate(expr.each, scope.with(new Map([['\u0000splat', item]]))));
    }
    case 'splat-item':
      return scope.lookup('\u0000splat', expr.line);
    case 'call': {
      if (expr.name === 'try') {
        let last: unknown;
        for (const arg of expr.args) {
          try {
            return evaluate(arg, scope);
          } catch (error) {
            if (!catchable(error)) throw error;
            last = error;
          }
        }
        throw new EvalError(
          `try(): no argument could be evaluated${last instanceof Error ? ` (last: ${last.message})` : ''}`,
          expr.line,
        );
      }
      if (expr.name === 'can') {
        if (expr.args.length !== 1) throw new EvalError('can() takes 1 argument', expr.line);
        try {
          evaluate(expr.args[0]!, scope);
          return true;
        } catch (error) {
          if (!catchable(error)) throw error;
          return false;
        }
      }
      if (
        (expr.name === 'templatestring' || expr.name === 'core::templatestring') &&
        expr.args[0] &&
        !isReference(expr.args[0])
      ) {
        // Terraform refuses a literal here: a template written in place would already have been rendered.
        throw new EvalError('templatestring() takes a reference to a template string, not a literal', expr.line);
      }
      let args = expr.args.map((arg) => evaluate(arg, scope));
      if (expr.expand) {
        const last = args[args.length - 1]!;
        if (isUnknown(last)) return last;
        if (!isList(last)) throw new EvalError('the argument before ... must be a list', expr.line);
        args = [...args.slice(0, -1), ...last];
      }
      return callFunction(expr.name, args, scope.fn);
    }
    case 'for':
      return evaluateFor(expr, scope);
    case 'conditional': {
      const condition = evaluate(expr.condition, scope);
      if (isSymbolic(condition)) {
        const u = firstUnknown(condition)!;
        const then = evaluate(expr.then, scope);
        const otherwise = evaluate(expr.otherwise, scope);
        return !firstUnknown(then) && equal(then, otherwise) ? then : unknownChoice(u);
      }
      if (condition === null) throw new EvalError('the condition is null', expr.line);
      if (typeof condition !== 'boolean' && condition !== 'true' && condition !== 'false')
        throw new EvalError(`the condition must be a bool, got ${typeName(condition)}`, expr.line);
      return chooseBranch(toBool(condition, 'condition'), expr, scope);
    }
    case 'unary':
      return unaryOperation(expr.op, evaluate(expr.operand, scope));
    case 'binary':
      return binaryOperation(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope), expr.line);
  }
}

/** A unary operator applied to its evaluated operand (`-x`, `!x`). */
export function unaryOperation(op: Extract<Expr, { t: 'unary' }>['op'], operand: Value): Value {
  if (isSymbolic(operand)) return firstUnknown(operand)!;
  return op === '-' ? -toNumber(operand, 'operand of -') : !toBool(operand, 'operand of !');
}

/** A binary operator applied to both its evaluated operands (both are always evaluated, as Terraform does). */
export function binaryOperation(
  op: Extract<Expr, { t: 'binary' }>['op'],
  left: Value,
  right: Value,
  line: number,
): Value {
  if (op === '&&' || op === '||') {
    const known = (v: Value) => (isSymbolic(v) ? undefined : toBool(v, `operand of ${op}`));
    const a = known(left);
    const b = known(right);
    if (op === '&&') {
      if (a === false || b === false) return false;
      if (a === undefined || b === undefined) return firstUnknown(a === undefined ? left : right)!;
      return true;
    }
    if (a === true || b === true) return true;
    if (a === undefined || b === undefined) return firstUnknown(a === undefined ? left : right)!;
    return false;
  }
  if ((op === '==' || op === '!=') && (left === null || right === null)) {
    // Only a wholly unknown value might be null: a template, list or object holding unknowns is not (as
    // Terraform's refinements know).
    const other = left === null ? right : left;
    if (!isUnknown(other)) return (other === null) === (op === '==');
  }
  const pending = firstUnknown(left) ?? firstUnknown(right);
  if (pending) return pending;
  if (op === '==') return equal(left, right);
  if (op === '!=') return !equal(left, right);
  return arithmetic(op, left, right, line);
}

/** A traversal from a named object (`local.t`, `data.x.y.body`, `var.m["k"]`). */
function isReference(expr: Expr): boolean {
  if (expr.t === 'variable') return true;
  if (expr.t === 'getattr' || expr.t === 'index') return isReference(expr.object);
  return false;
}

function iterate(collection: Value, what: string): [Value, Value][] {
  if (isList(collection)) return collection.map((item, i) => [i, item]);
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map((key) => [key, collection[key]!]);
  throw new EvalError(`${what} must be a list, set, map or object, got ${typeName(collection)}`);
}

function evaluateFor(expr: Extract<Expr, { t: 'for' }>, scope: Scope): Value {
  const collection = evaluate(expr.collection, scope);
  if (isSymbolic(collection)) return firstUnknown(collection)!;
  if (collection === null) throw new EvalError('cannot iterate over null', expr.line);
  const entries = iterate(collection, 'a for expression');
  const listOut: Value[] = [];
  const objectOut: Record<string, Value> = {};
  const groups: Record<string, Value[]> = {};
  for (const [key, value] of entries) {
    const bindings = new Map<string, Value>([[expr.valueVar, value]]);
    if (expr.keyVar) bindings.set(expr.keyVar, key);
    const inner = scope.with(bindings);
    if (expr.condition) {
      const keep = evaluate(expr.condition, inner);
      if (isSymbolic(keep)) return firstUnknown(keep)!;
      if (!toBool(keep, 'for condition')) continue;
    }
    if (!expr.keyExpr) {
      listOut.push(evaluate(expr.valueExpr, inner));
      continue;
    }
    const k = evaluate(expr.keyExpr, inner);
    if (isSymbolic(k)) return firstUnknown(k)!;
    const name = toStringValue(k, 'for key') as string;
    const v = evaluate(expr.valueExpr, inner);
    if (expr.grouping) (groups[name] ??= []).push(v);
    else if (Object.hasOwn(objectOut, name))
      throw new EvalError(`duplicate key ${JSON.stringify(name)} in a for expression (use ... to group)`, expr.line);
    else objectOut[name] = v;
  }
  if (!expr.keyExpr) return listOut;
  return expr.grouping ? groups : objectOut;
}

/**
 * Evaluates template parts. A template that is a single interpolation keeps the value's type, as in HCL; an
 * unknown inside makes a TemplateValue.
 */
export function evaluateTemplate(parts: readonly TemplatePart[], scope: Scope, top = false): Value {
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (top && only?.t === 'interpolation') return evaluate(only.expr, scope);
  const out: (string | UnknownValue | import('../types.ts').TemplateValue)[] = [];
  for (const part of parts) {
    switch (part.t) {
      case 'text':
        out.push(part.text);
        break;
      case 'interpolation': {
        const value = evaluate(part.expr, scope);
        if (value === null) throw new EvalError('a template interpolates null', part.expr.line);
        out.push(toStringValue(value, 'interpolated value'));
        break;
      }
      case 'if': {
        const condition = evaluate(part.condition, scope);
        if (isSymbolic(condition)) {
          out.push(unknownChoice(firstUnknown(condition)!));
          break;
        }
        const chosen = toBool(condition, '%{if} condition') ? part.then : part.otherwise;
        const value = evaluateTemplate(chosen, scope);
        out.push(value as string);
        break;
      }
      case 'for': {
        const collection = evaluate(part.collection, scope);
        if (isSymbolic(collection)) {
          out.push(firstUnknown(collection)!);
          break;
        }
        for (const [key, value] of iterate(collection, '%{for}')) {
          const bindings = new Map<string, Value>([[part.valueVar, value]]);
          if (part.keyVar) bindings.set(part.keyVar, key);
          out.push(evaluateTemplate(part.body, scope.with(bindings)) as string);
        }
        break;
      }
    }
  }
  return template(out);
}
