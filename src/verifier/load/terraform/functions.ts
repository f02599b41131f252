// Terraform's built-in functions (every one of Terraform 1.11's that can run offline; see functions/ by family). A
// function that is not `symbolic` never sees an unknown: when any argument holds one, the call evaluates to that
// unknown (same identity). `try` and `can` are special forms in the evaluator, and `templatefile` is given the
// evaluator through the context.
import type { Value } from '../types.ts';
import { COLLECTION_FUNCTIONS } from './functions/collections.ts';
import { CONVERSION_FUNCTIONS } from './functions/conversions.ts';
import { CRYPTO_FUNCTIONS } from './functions/crypto.ts';
import { DATETIME_FUNCTIONS } from './functions/datetime.ts';
import { ENCODING_FUNCTIONS } from './functions/encoding.ts';
import { FILESYSTEM_FUNCTIONS } from './functions/filesystem.ts';
import { NETWORK_FUNCTIONS } from './functions/network.ts';
import { NUMBER_FUNCTIONS } from './functions/numbers.ts';
import { STRING_FUNCTIONS } from './functions/strings.ts';
import type { BuiltIn, FunctionContext } from './functions/support.ts';
import { EvalError, firstUnknown, unknown } from './values.ts';

export type { BuiltIn, FunctionContext } from './functions/support.ts';

export const FUNCTIONS: ReadonlyMap<string, BuiltIn> = new Map<string, BuiltIn>([
  ...STRING_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...FILESYSTEM_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...CRYPTO_FUNCTIONS,
  ...NETWORK_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
]);

export function callFunction(name: string, args: Value[], ctx: FunctionContext): Value {
  // A provider-defined function runs inside its provider, which is not here.
  if (name.startsWith('provider::')) return unknown(`${name}()`, '');
  const fn = FUNCTIONS.get(name.startsWith('core::') ? name.slice(6) : name);
  if (!fn) throw new EvalError(`there is no function named "${name}"`);
  if (!fn.symbolic) {
    for (const arg of args) {
      const u = firstUnknown(arg);
      if (u) return u;
    }
  }
  return fn.call(args, ctx);
}
