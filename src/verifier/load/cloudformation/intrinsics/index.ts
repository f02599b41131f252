// Every intrinsic function the loader evaluates, by name.
import type { Intrinsic } from '../context.ts';
import { base64 } from './base64.ts';
import { cidr } from './cidr.ts';
import { findInMap } from './find-in-map.ts';
import { getAtt } from './get-att.ts';
import { getAZs } from './get-azs.ts';
import { fnIf } from './if.ts';
import { importValue } from './import-value.ts';
import { join } from './join.ts';
import { enclaveUnknown, fnLength, fnToJsonString } from './language-extensions.ts';
import { ref } from './ref.ts';
import { select } from './select.ts';
import { split } from './split.ts';
import { sub } from './sub.ts';
import { fnTransform } from './transform.ts';

export const INTRINSICS: ReadonlyMap<string, Intrinsic> = new Map(
  [
    ref,
    getAtt,
    sub,
    join,
    select,
    split,
    getAZs,
    fnIf,
    findInMap,
    base64,
    cidr,
    importValue,
    fnLength,
    fnToJsonString,
    enclaveUnknown,
    fnTransform,
  ].map((fn) => [fn.name, fn]),
);
