// Filesystem functions. Relative paths resolve against the root module directory, Terraform's working directory.
// A file that does not exist when the configuration is read gives an unknown, not an error: plan may make it
// (archive_file writes its zip while the plan is made), and whatever reads it then sees its real contents.
import { basename, posix, resolve } from 'node:path';
import { digestOf } from '../../digest.ts';
import type { Value } from '../../types.ts';
import { EvalError, isSymbolic, firstUnknown, toObject, unknown } from '../values.ts';
import { arity, str, type BuiltIn, type FunctionContext, type FunctionTable } from './support.ts';

function bytesOf(name: string, args: Value[], ctx: FunctionContext): Buffer | Value {
  arity(name, args, 1);
  const path = str(args[0]!, `${name}() path`);
  const bytes = ctx.readBytes ? ctx.readBytes(path) : Buffer.from(ctx.readFile(path), 'utf8');
  return bytes ?? unknown(`file:${path}`, `${name}()`);
}

function fileFn(name: string, fn: (bytes: Buffer) => Value): BuiltIn {
  return {
    call(args, ctx) {
      const bytes = bytesOf(name, args, ctx);
      return Buffer.isBuffer(bytes) ? fn(bytes) : bytes;
    },
  };
}

/** A file's digest, kept with its bytes (a verification's loads read the same files: LoadShare). */
const digest = (algorithm: string, encoding: 'hex' | 'base64') => (bytes: Buffer) =>
  digestOf(bytes, algorithm).toString(encoding);

/** Go's path.Match with doublestar's `**` (any number of directories), as fileset() matches. */
function globToRegExp(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (char === '?') out += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new EvalError(`fileset(): invalid pattern ${JSON.stringify(pattern)}`);
      const body = pattern
        .slice(i + 1, end)
        .replace(/^\^|^!/, '^')
        .replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = end;
    } else if (char === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) throw new EvalError(`fileset(): invalid pattern ${JSON.stringify(pattern)}`);
      out += `(?:${pattern
        .slice(i + 1, end)
        .split(',')
        .map((alt) =>
          alt
            .replace(/[.+^$()|\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('|')})`;
      i = end;
    } else if (char === '\\' && i + 1 < pattern.length) {
      out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += char.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`${out}$`, 'u');
}

export const FILESYSTEM_FUNCTIONS: FunctionTable = [
  [
    'file',
    fileFn('file', (bytes) => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new EvalError('file(): the contents are not valid UTF-8; use filebase64 to read binary files');
      }
    }),
  ],
  ['filebase64', fileFn('filebase64', (bytes) => bytes.toString('base64'))],
  ['filemd5', fileFn('filemd5', digest('md5', 'hex'))],
  ['filesha1', fileFn('filesha1', digest('sha1', 'hex'))],
  ['filesha256', fileFn('filesha256', digest('sha256', 'hex'))],
  ['filesha512', fileFn('filesha512', digest('sha512', 'hex'))],
  ['filebase64sha256', fileFn('filebase64sha256', digest('sha256', 'base64'))],
  ['filebase64sha512', fileFn('filebase64sha512', digest('sha512', 'base64'))],
  [
    'fileexists',
    {
      call(args, ctx) {
        arity('fileexists', args, 1);
        const path = str(args[0]!, 'fileexists() path');
        if (ctx.listFiles && ctx.fileExists(path) && ctx.readBytes?.(path) === undefined)
          throw new EvalError(`fileexists(): ${JSON.stringify(path)} is a directory, not a file`);
        return ctx.fileExists(path);
      },
    },
  ],
  [
    'fileset',
    {
      call(args, ctx) {
        arity('fileset', args, 2);
        const dir = str(args[0]!, 'fileset() path');
        const pattern = globToRegExp(str(args[1]!, 'fileset() pattern'));
        if (!ctx.listFiles) throw new EvalError('fileset() is not available here');
        return ctx
          .listFiles(dir)
          .filter((file) => pattern.test(file))
          .sort();
      },
    },
  ],
  [
    'templatefile',
    {
      symbolic: true,
      call(args, ctx) {
        arity('templatefile', args, 2);
        if (isSymbolic(args[0]!)) return firstUnknown(args[0]!)!;
        const path = str(args[0]!, 'templatefile() path');
        const vars = isSymbolic(args[1]!) ? {} : toObject(args[1]!, 'templatefile() variables');
        const bytes = ctx.readBytes ? ctx.readBytes(path) : Buffer.from(ctx.readFile(path), 'utf8');
        if (bytes === undefined) return unknown(`file:${path}`, 'templatefile()');
        return ctx.renderTemplate(bytes.toString('utf8'), vars, path);
      },
    },
  ],
  [
    'abspath',
    { call: (args, ctx) => (arity('abspath', args, 1), resolve(ctx.moduleDir, str(args[0]!, 'abspath() path'))) },
  ],
  ['basename', { call: (args) => (arity('basename', args, 1), goBase(str(args[0]!, 'basename() path'))) }],
  ['dirname', { call: (args) => (arity('dirname', args, 1), goDir(str(args[0]!, 'dirname() path'))) }],
  [
    'pathexpand',
    {
      call(args) {
        arity('pathexpand', args, 1);
        const path = str(args[0]!, 'pathexpand() path');
        // The home directory is the machine's who runs Terraform, not something the configuration fixes.
        return path === '~' || path.startsWith('~/') ? unknown('pathexpand()', path) : path;
      },
    },
  ],
];

/** Go's filepath.Base: "" → ".", "/" → "/", trailing slashes dropped. */
function goBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : basename(trimmed);
}

/** Go's filepath.Dir: the path without its last element, cleaned; "" → ".". */
function goDir(path: string): string {
  if (path === '') return '.';
  const cut = path.lastIndexOf('/');
  const dir = cut < 0 ? '' : path.slice(0, cut + 1);
  const cleaned = posix.normalize(dir === '' ? '.' : dir);
  return cleaned === '/' ? '/' : cleaned.replace(/\/$/, '') || '.';
}
