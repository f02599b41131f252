// Date and time functions over RFC 3339 timestamps (Go's time.Parse / time.Format semantics, as Terraform uses).
// timestamp() and plantimestamp() are in conversions.ts: they are unknown during plan.
import { EvalError } from '../values.ts';
import { arity, str, type FunctionTable } from './support.ts';

interface Timestamp {
  /** Nanoseconds since the epoch, UTC. */
  nanos: bigint;
  /** The offset written in the timestamp, in minutes east of UTC (kept for formatting). */
  offset: number;
  utc: boolean;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[-+]\d{2}:\d{2})$/;

function parseTimestamp(text: string, what: string): Timestamp {
  const match = RFC3339.exec(text);
  if (!match) throw new EvalError(`${what}: not a valid RFC3339 timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > new Date(Date.UTC(year, month, 0)).getUTCDate() ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new EvalError(`${what}: not a valid RFC3339 timestamp: ${JSON.stringify(text)} is out of range`);
  }
  const utc = zone === 'Z' || zone === 'z';
  const offset = utc
    ? 0
    : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const fractionNanos = BigInt((fraction.slice(1) + '000000000').slice(0, 9) || '0');
  return { nanos: BigInt(date.getTime()) * 1_000_000n + fractionNanos - BigInt(offset) * 60_000_000_000n, offset, utc };
}

/** The wall-clock fields of a timestamp in its own offset. */
function fields(t: Timestamp): {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
} {
  const local = new Date(
    Number((t.nanos + BigInt(t.offset) * 60_000_000_000n - floorMod(t.nanos, 1_000_000n)) / 1_000_000n),
  );
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function floorMod(a: bigint, b: bigint): bigint {
  return ((a % b) + b) % b;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function zoneText(t: Timestamp, colon: boolean): string {
  const sign = t.offset < 0 ? '-' : '+';
  const abs = Math.abs(t.offset);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** time.RFC3339 output: seconds precision, `Z` for UTC. */
function formatRfc3339(t: Timestamp): string {
  const f = fields(t);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${t.utc ? 'Z' : zoneText(t, true)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function formatDate(spec: string, t: Timestamp): string {
  const f = fields(t);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const verbs: Record<string, () => string> = {
    YYYY: () => pad(f.year, 4),
    YY: () => pad(f.year % 100),
    MMMM: () => MONTHS[f.month - 1]!,
    MMM: () => MONTHS[f.month - 1]!.slice(0, 3),
    MM: () => pad(f.month),
    M: () => String(f.month),
    DD: () => pad(f.day),
    D: () => String(f.day),
    EEEE: () => WEEKDAYS[f.weekday]!,
    EEE: () => WEEKDAYS[f.weekday]!.slice(0, 3),
    hh: () => pad(f.hour),
    h: () => String(f.hour),
    HH: () => pad(hour12),
    H: () => String(hour12),
    mm: () => pad(f.minute),
    m: () => String(f.minute),
    ss: () => pad(f.second),
    s: () => String(f.second),
    AA: () => (f.hour < 12 ? 'AM' : 'PM'),
    aa: () => (f.hour < 12 ? 'am' : 'pm'),
    ZZZZZ: () => zoneText(t, true),
    ZZZZ: () => zoneText(t, false),
    ZZZ: () => (t.utc ? 'UTC' : zoneText(t, false)),
    Z: () => (t.utc ? 'Z' : zoneText(t, true)),
  };
  let out = '';
  for (let i = 0; i < spec.length; ) {
    const char = spec[i]!;
    if (char === "'") {
      if (spec[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = spec.indexOf("'", i + 1);
      if (end < 0) throw new EvalError('formatdate(): unterminated literal in the format');
      out += spec.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let j = i;
      while (spec[j] === char) j++;
      const run = spec.slice(i, j);
      const verb = verbs[run];
      if (!verb) throw new EvalError(`formatdate(): invalid date format verb ${JSON.stringify(run)}`);
      out += verb();
      i = j;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration: `[-+]` then number+unit pairs (`1h30m`, `1.5h`, `-10m`, `500ms`). */
function parseDuration(text: string): bigint {
  const match = /^([-+]?)(.*)$/.exec(text)!;
  const body = match[2]!;
  if (body === '0') return 0n;
  if (body === '') throw new EvalError(`timeadd(): invalid duration ${JSON.stringify(text)}`);
  let total = 0n;
  // µ (micro sign) and μ (Greek mu) as escapes: the bundle stays ASCII (packages/cli/build.mjs).
  const part = /(\d*\.?\d*)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;
  let at = 0;
  while (at < body.length) {
    part.lastIndex = at;
    const found = part.exec(body);
    if (!found || found[1] === '' || found[1] === '.')
      throw new EvalError(`timeadd(): invalid duration ${JSON.stringify(text)}: unknown unit or number`);
    const [whole, fraction = ''] = found[1]!.split('.');
    const unit = UNITS[found[2]!]!;
    total += BigInt(whole || '0') * unit;
    if (fraction) total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    at = part.lastIndex;
  }
  return match[1] === '-' ? -total : total;
}

export const DATETIME_FUNCTIONS: FunctionTable = [
  [
    'formatdate',
    {
      call(args) {
        arity('formatdate', args, 2);
        const spec = str(args[0]!, 'formatdate() format');
        return formatDate(spec, parseTimestamp(str(args[1]!, 'formatdate() time'), 'formatdate()'));
      },
    },
  ],
  [
    'timeadd',
    {
      call(args) {
        arity('timeadd', args, 2);
        const t = parseTimestamp(str(args[0]!, 'timeadd() timestamp'), 'timeadd()');
        return formatRfc3339({ ...t, nanos: t.nanos + parseDuration(str(args[1]!, 'timeadd() duration')) });
      },
    },
  ],
  [
    'timecmp',
    {
      call(args) {
        arity('timecmp', args, 2);
        const a = parseTimestamp(str(args[0]!, 'timecmp() first timestamp'), 'timecmp()').nanos;
        const b = parseTimestamp(str(args[1]!, 'timecmp() second timestamp'), 'timecmp()').nanos;
        return a < b ? -1 : a > b ? 1 : 0;
      },
    },
  ],
];
