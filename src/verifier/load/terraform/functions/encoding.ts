// Encoding functions: JSON, YAML, CSV, base64 (of UTF-8 or another character encoding), gzip, URL encoding.
import { gzipSync } from 'node:zlib';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Value } from '../../types.ts';
import {
  compareStrings,
  decodeJson,
  EvalError,
  firstUnknown,
  formatNumber,
  isList,
  isObject,
  isTemplate,
  isUnknown,
  jsonEncode,
  typeName,
} from '../values.ts';
import { arity, str, stringFn, type FunctionTable } from './support.ts';

function base64Decode(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new EvalError(`failed to decode base64 data ${JSON.stringify(text.slice(0, 40))}`);
  return Buffer.from(text, 'base64');
}

function utf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EvalError(`${what}: the result is not valid UTF-8`);
  }
}

// ---- text encodings (IANA names, as Terraform's textencodebase64 / textdecodebase64 take them) --------------------

type Codec = { encode(text: string): Buffer; decode(bytes: Buffer): string };

const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function singleByte(
  name: string,
  toByte: (code: number) => number | undefined,
  fromByte: (byte: number) => string,
): Codec {
  return {
    encode(text) {
      const out: number[] = [];
      for (const char of text) {
        const byte = toByte(char.codePointAt(0)!);
        if (byte === undefined)
          throw new EvalError(`the string contains characters that cannot be represented in ${name}`);
        out.push(byte);
      }
      return Buffer.from(out);
    },
    decode: (bytes) => [...bytes].map(fromByte).join(''),
  };
}

function utf16(littleEndian: boolean): Codec {
  return {
    encode(text) {
      const out = Buffer.alloc(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        if (littleEndian) out.writeUInt16LE(text.charCodeAt(i), i * 2);
        else out.writeUInt16BE(text.charCodeAt(i), i * 2);
      }
      return out;
    },
    decode: (bytes) => new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes),
  };
}

const CODECS: Record<string, Codec> = {
  'utf-8': { encode: (text) => Buffer.from(text, 'utf8'), decode: (bytes) => utf8(bytes, 'textdecodebase64()') },
  'utf-16le': utf16(true),
  'utf-16be': utf16(false),
  'iso-8859-1': singleByte(
    'ISO-8859-1',
    (code) => (code < 256 ? code : undefined),
    (byte) => String.fromCharCode(byte),
  ),
  'us-ascii': singleByte(
    'US-ASCII',
    (code) => (code < 128 ? code : undefined),
    (byte) => (byte < 128 ? String.fromCharCode(byte) : '\ufffd'),
  ),
  'windows-1252': singleByte(
    'windows-1252',
    (code) => {
      const high = WINDOWS_1252_HIGH.indexOf(String.fromCodePoint(code));
      if (high >= 0) return 0x80 + high;
      return code < 0x80 || (code >= 0xa0 && code < 0x100) ? code : undefined;
    },
    (byte) => (byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH[byte - 0x80]! : String.fromCharCode(byte)),
  ),
};
const CODEC_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  latin1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  ascii: 'us-ascii',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16be',
};

function codec(name: string): Codec {
  const key = name.toLowerCase();
  const found = CODECS[CODEC_ALIASES[key] ?? key];
  if (!found) throw new EvalError(`${JSON.stringify(name)} is not a supported IANA encoding name or alias`);
  return found;
}

// ---- CSV (Go's encoding/csv, as csvdecode reads it)
// ------------------------------------------------------------------

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (char === ',') {
      endField();
      i++;
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      endRow();
      i += char === '\r' ? 2 : 1;
    } else {
      if (char === '"') throw new EvalError(`CSV parse error on line ${rows.length + 1}: bare " in a field`);
      field += char;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new EvalError('CSV parse error: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

// ---- YAML (Terraform's yamldecode resolves plain scalars as go-yaml does, numbers through cty) ---------------------

const YAML_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const YAML_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const YAML_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);

function resolvePlainScalar(text: string): Value {
  if (YAML_NULL.has(text)) return null;
  if (YAML_TRUE.has(text)) return true;
  if (YAML_FALSE.has(text)) return false;
  const plain = text;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return Number(plain);
  const prefixed = /^([-+]?)0([xob])([0-9a-fA-F]+)$/.exec(plain);
  if (prefixed) {
    const base = prefixed[2] === 'x' ? 16 : prefixed[2] === 'o' ? 8 : 2;
    const value = parseInt(prefixed[3]!, base);
    if (!Number.isNaN(value)) return prefixed[1] === '-' ? -value : value;
  }
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(plain))
    throw new EvalError('yamldecode(): infinity and NaN cannot be represented');
  const date =
    /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(\.\d*)?[ \t]*(Z|[-+]\d\d?(?::\d\d)?)?)?$/.exec(
      text,
    );
  if (date) {
    const [, y, mo, d, h = '0', mi = '00', s = '00', fraction = '', zone = 'Z'] = date;
    const pad = (v: string) => v.padStart(2, '0');
    const offset = zone === 'Z' ? 'Z' : zone.includes(':') ? zone.replace(/^([-+])(\d):/, '$10$2:') : `${zone}:00`;
    return `${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${mi}:${s}${fraction.replace(/0+$/, '').replace(/^\.$/, '')}${offset === '+00:00' ? 'Z' : offset}`;
  }
  return text;
}

function yamlValue(node: YamlNode | null | undefined, doc: Document): Value {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return yamlValue(node.resolve(doc) as YamlNode | undefined, doc);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    if (node.tag === 'tag:yaml.org,2002:str' || (node.type !== 'PLAIN' && node.type !== undefined)) return text;
    return resolvePlainScalar(text);
  }
  if (isSeq(node)) return node.items.map((item) => yamlValue(item as YamlNode, doc));
  if (isMap(node)) {
    const out: Record<string, Value> = {};
    for (const pair of node.items) {
      const key = yamlValue(pair.key as YamlNode, doc);
      if (key !== null && typeof key === 'object') throw new EvalError('yamldecode(): a mapping key must be a scalar');
      out[key === null ? 'null' : typeof key === 'number' ? formatNumber(key) : String(key)] = yamlValue(
        pair.value as YamlNode,
        doc,
      );
    }
    return out;
  }
  throw new EvalError('yamldecode(): unsupported YAML node');
}

function yamlDecode(text: string): Value {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs)) throw new EvalError('yamldecode(): empty document');
  if (docs.length === 0) throw new EvalError('yamldecode(): missing start of document');
  if (docs.length > 1) throw new EvalError('yamldecode(): unexpected extra content after the first document');
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw new EvalError(`yamldecode(): ${doc.errors[0]!.message}`);
  return yamlValue(doc.contents as YamlNode | null, doc);
}

/** Terraform's yamlencode output (go-yaml v3 through cty): every key and string double-quoted, block style. */
function yamlEncode(value: Value): string {
  const lines: string[] = [];
  const scalar = (v: Value): string | undefined => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'string')
      return v.includes('\n') && /^[^\s]/.test(v) && !/[^\S\n]\n|\n[^\S\n]*$/.test(v.replace(/\n$/, ''))
        ? undefined
        : quote(v);
    return undefined;
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: YAML escapes every control character in a quoted scalar
  const toEscape = /[\\"\u0000-\u001f\u007f]/g;
  const quote = (s: string) =>
    `"${s.replace(toEscape, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
  const block = (s: string, indent: string) => {
    const header = s.endsWith('\n') ? (s.endsWith('\n\n') ? '|+' : '|') : '|-';
    const body = (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n').map((line) => (line === '' ? '' : indent + line));
    return [header, ...body];
  };
  const emit = (v: Value, indent: string, prefix: string) => {
    if (typeof v === 'string' && scalar(v) === undefined) {
      const [header, ...body] = block(v, indent + '  ');
      lines.push(`${prefix}${header}`);
      lines.push(...body);
      return;
    }
    const simple = scalar(v);
    if (simple !== undefined) {
      lines.push(`${prefix}${simple}`);
      return;
    }
    if (isList(v)) {
      if (v.length === 0) return void lines.push(`${prefix}[]`);
      let first = true;
      for (const item of v) {
        const head = first && prefix.endsWith('- ') ? prefix : indent;
        emitItem(item, indent, head);
        first = false;
      }
      return;
    }
    if (isObject(v)) {
      const keys = Object.keys(v).sort(compareStrings);
      if (keys.length === 0) return void lines.push(`${prefix}{}`);
      let first = true;
      for (const key of keys) {
        const head = first && prefix.endsWith('- ') ? prefix : indent;
        emitEntry(key, v[key]!, indent, head);
        first = false;
      }
      return;
    }
    throw new EvalError(`yamlencode(): cannot encode ${typeName(v)}`);
  };
  const emitItem = (item: Value, indent: string, head: string) => {
    const nested = (isList(item) && item.length > 0) || (isObject(item) && Object.keys(item).length > 0);
    if (nested) emit(item, indent + '  ', `${head}- `);
    else if (typeof item === 'string' && scalar(item) === undefined) {
      const [header, ...body] = block(item, indent + '  ');
      lines.push(`${head}- ${header}`, ...body);
    } else lines.push(`${head}- ${scalar(item) ?? (isList(item) ? '[]' : '{}')}`);
  };
  const emitEntry = (key: string, item: Value, indent: string, head: string) => {
    const nestedMap = isObject(item) && Object.keys(item).length > 0;
    const nestedList = isList(item) && item.length > 0;
    if (nestedMap) {
      lines.push(`${head}${quote(key)}:`);
      emit(item, indent + '  ', indent + '  ');
    } else if (nestedList) {
      lines.push(`${head}${quote(key)}:`);
      emit(item, indent, indent);
    } else if (typeof item === 'string' && scalar(item) === undefined) {
      const [header, ...body] = block(item, indent + '  ');
      lines.push(`${head}${quote(key)}: ${header}`, ...body);
    } else lines.push(`${head}${quote(key)}: ${scalar(item) ?? (isList(item) ? '[]' : '{}')}`);
  };
  emit(value, '', '');
  return `${lines.join('\n')}\n`;
}

export const ENCODING_FUNCTIONS: FunctionTable = [
  ['jsonencode', { symbolic: true, call: (args) => (arity('jsonencode', args, 1), jsonEncode(args[0]!)) }],
  [
    'jsondecode',
    {
      symbolic: true,
      call(args) {
        arity('jsondecode', args, 1);
        const arg = args[0]!;
        if (isUnknown(arg)) return arg;
        const decoded = decodeJson(typeof arg === 'string' ? arg.trim() : arg);
        if (decoded === undefined) {
          if (isTemplate(arg)) return firstUnknown(arg)!;
          throw new EvalError('jsondecode(): the string is not valid JSON');
        }
        return decoded;
      },
    },
  ],
  ['yamldecode', stringFn('yamldecode', yamlDecode)],
  ['yamlencode', { call: (args) => (arity('yamlencode', args, 1), yamlEncode(args[0]!)) }],
  [
    'csvdecode',
    stringFn('csvdecode', (text) => {
      const rows = parseCsv(text);
      if (rows.length === 0) throw new EvalError('csvdecode(): missing header line');
      const [header, ...records] = rows;
      return records.map((record, i) => {
        if (record.length !== header!.length)
          throw new EvalError(`CSV parse error on line ${i + 2}: wrong number of fields`);
        return Object.fromEntries(header!.map((name, j) => [name, record[j]!]));
      });
    }),
  ],
  ['base64encode', stringFn('base64encode', (s) => Buffer.from(s, 'utf8').toString('base64'))],
  ['base64decode', stringFn('base64decode', (s) => utf8(base64Decode(s), 'base64decode()'))],
  // Terraform's gzip comes from Go's compress/flate; zlib's bytes differ but decompress to the same text.
  ['base64gzip', stringFn('base64gzip', (s) => gzipSync(Buffer.from(s, 'utf8')).toString('base64'))],
  [
    'textencodebase64',
    stringFn(
      'textencodebase64',
      (s, args) => codec(str(args[1]!, 'textencodebase64() encoding')).encode(s).toString('base64'),
      2,
    ),
  ],
  [
    'textdecodebase64',
    stringFn(
      'textdecodebase64',
      (s, args) => codec(str(args[1]!, 'textdecodebase64() encoding')).decode(base64Decode(s)),
      2,
    ),
  ],
  [
    'urlencode',
    stringFn('urlencode', (s) =>
      encodeURIComponent(s)
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    ),
  ],
];
