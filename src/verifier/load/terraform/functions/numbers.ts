// Numeric functions.
import { EvalError } from '../values.ts';
import { arity, int, num, str, type FunctionTable } from './support.ts';

const unary = (name: string, fn: (n: number) => number) =>
  [
    name,
    {
      call: (args: import('../../types.ts').Value[]) => (arity(name, args, 1), fn(num(args[0]!, `${name}() argument`))),
    },
  ] as const;

export const NUMBER_FUNCTIONS: FunctionTable = [
  unary('abs', Math.abs),
  unary('ceil', Math.ceil),
  unary('floor', Math.floor),
  ['signum', { call: (args) => (arity('signum', args, 1), Math.sign(int(args[0]!, 'signum() argument'))) }],
  ['pow', { call: (args) => (arity('pow', args, 2), num(args[0]!, 'pow() base') ** num(args[1]!, 'pow() exponent')) }],
  [
    'log',
    {
      call(args) {
        arity('log', args, 2);
        const result = Math.log(num(args[0]!, 'log() number')) / Math.log(num(args[1]!, 'log() base'));
        // log(1000, 10) is 2.9999999999999996 in doubles; Terraform's is exact.
        const rounded = Math.round(result);
        return Math.abs(result - rounded) < 1e-12 ? rounded : result;
      },
    },
  ],
  [
    'parseint',
    {
      call(args) {
        arity('parseint', args, 2);
        const base = int(args[1]!, 'parseint() base');
        if (base < 2 || base > 62) throw new EvalError('parseint(): the base must be a whole number between 2 and 62');
        const text = str(args[0]!, 'parseint() string');
        const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
        const match = /^([-+]?)(.+)$/.exec(text);
        let value = 0n;
        for (const char of match?.[2] ?? '') {
          let digit = digits.indexOf(char);
          if (base <= 36 && digit >= 36) digit -= 26;
          if (digit < 0 || digit >= base)
            throw new EvalError(`parseint(): cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
          value = value * BigInt(base) + BigInt(digit);
        }
        if (!match) throw new EvalError(`parseint(): cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
        return Number(match[1] === '-' ? -value : value);
      },
    },
  ],
  ['min', { call: (args) => (minmax('min', args), Math.min(...args.map((arg) => num(arg, 'min() argument')))) }],
  ['max', { call: (args) => (minmax('max', args), Math.max(...args.map((arg) => num(arg, 'max() argument')))) }],
];

function minmax(name: string, args: readonly import('../../types.ts').Value[]): void {
  if (args.length === 0) throw new EvalError(`${name}(): must pass at least one number`);
}
