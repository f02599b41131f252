// A small parser for `--flag value`, `--flag=value` and repeated flags, with typed results.
import { UsageError } from './io.ts';

export interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(args: string[], known: Record<string, 'value' | 'repeat'>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!(name in known)) throw new UsageError(`unknown option --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const list = flags.get(name) ?? [];
    if (known[name] === 'value' && list.length > 0) throw new UsageError(`--${name} given twice`);
    list.push(value);
    flags.set(name, list);
  }
  return { positional, flags };
}

/** `--var k=v` pairs into a map. */
export function parseVars(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var wants name=value, got "${v}"`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}
