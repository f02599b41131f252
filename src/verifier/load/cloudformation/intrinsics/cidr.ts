// Fn::Cidr: [ipBlock, count, cidrBits] → `count` consecutive subnets of the block, each with `cidrBits` host bits.
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';

export const cidr: Intrinsic = {
  name: 'Fn::Cidr',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length !== 3)
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::Cidr takes [ipBlock, count, cidrBits]');
    const [block, countValue, bitsValue] = argument.items.map((item) => evaluate(item, ctx));
    if ([block, countValue, bitsValue].some((v) => isUnknown(v!))) return unknown('Fn::Cidr', 'subnets');
    const count = Number(countValue);
    const hostBits = Number(bitsValue);
    const match = typeof block === 'string' ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block) : null;
    if (!match || !Number.isInteger(count) || count < 1 || count > 256 || !Number.isInteger(hostBits)) {
      return fail(
        ctx,
        line,
        'cfn-bad-intrinsic',
        'Fn::Cidr needs an IPv4 CIDR block, a count 1–256 and a number of host bits',
      );
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    const subnetPrefix = 32 - hostBits;
    if (
      octets.some((o) => o > 255) ||
      subnetPrefix < prefix ||
      subnetPrefix > 32 ||
      count > 2 ** (subnetPrefix - prefix)
    ) {
      return fail(
        ctx,
        line,
        'cfn-bad-intrinsic',
        `Fn::Cidr cannot carve ${count} /${subnetPrefix} subnets out of ${block as string}`,
      );
    }
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    const base = (octets.reduce((acc, o) => acc * 256 + o, 0) & mask) >>> 0;
    const size = 2 ** hostBits;
    const result: string[] = [];
    for (let i = 0; i < count; i++) {
      const address = base + i * size;
      result.push(`${[24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.')}/${subnetPrefix}`);
    }
    return result;
  },
};
