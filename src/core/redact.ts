// Redaction with the one detector (detect.ts): every card number in a string, an object (keys included), a number
// or an error becomes its mask. Exits use these as their last guard: log lines, audit and ledger items, return
// values, thrown errors.
import { findPans } from './detect.ts';

/** `text` with every card number replaced by its mask (first six, last four); repeated until none is left. */
export function redactPans(text: string): string {
  let out = text;
  // A mask keeps 10 of at least 13 digits, so each pass removes digits and the loop ends; the bound is a backstop.
  for (let pass = 0; pass < 8; pass++) {
    const found = findPans(out);
    if (found.length === 0) return out;
    let next = '';
    let at = 0;
    for (const f of found) {
      next += out.slice(at, f.start) + f.masked;
      at = f.end;
    }
    out = next + out.slice(at);
  }
  return out.replace(/\p{Nd}/gu, '*');
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` in which every string, object key, number and bigint that holds a card number is redacted.
 * Errors become `{ name, message, stack, cause }` with the same treatment; binary data and dates are kept as
 * they are. Values without card numbers come back unchanged (the same object when nothing in it changed).
 */
export function redactDeep<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'string') return redactPans(value) as T;
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const redacted = redactPans(text);
    return (redacted === text ? value : redacted) as T;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Error) return redactDeep(errorFields(value), seen) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactDeep(v, seen);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = redactPans(k);
    const r = redactDeep(v, seen);
    if (key !== k || r !== v) changed = true;
    out[key] = r;
  }
  return (changed ? out : value) as T;
}

function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) fields.stack = error.stack;
  if (error.cause !== undefined) fields.cause = error.cause;
  for (const [k, v] of Object.entries(error)) if (!(k in fields)) fields[k] = v;
  return fields;
}

/**
 * Redacts an error in place (message, stack, and the same for its cause chain) and returns it, so it can be
 * rethrown with its class intact: the Lambda runtime prints a thrown error's message and stack itself.
 */
export function redactError<T>(error: T, depth = 0): T {
  if (!(error instanceof Error) || depth > 8) return error;
  const message = redactPans(error.message);
  if (message !== error.message) error.message = message;
  if (typeof error.stack === 'string') {
    const stack = redactPans(error.stack);
    if (stack !== error.stack) error.stack = stack;
  }
  redactError(error.cause, depth + 1);
  return error;
}

/**
 * `handle` with its exits guarded: the value it returns passes redactDeep, an error it throws redactError. For a
 * function's entry point, where the return value and a thrown error leave our hands.
 */
export function guardExits<A extends unknown[], R>(handle: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return redactDeep(await handle(...args));
    } catch (error) {
      throw redactError(error);
    }
  };
}
