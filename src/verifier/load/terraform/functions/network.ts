// IP network functions (over IPv4 and IPv6, BigInt arithmetic in ../cidr.ts).
import { cidrHost, cidrNetmask, cidrSubnet, cidrSubnets } from '../cidr.ts';
import { arity, num, str, type FunctionTable } from './support.ts';

export const NETWORK_FUNCTIONS: FunctionTable = [
  [
    'cidrsubnet',
    {
      call: (args) => (
        arity('cidrsubnet', args, 3),
        cidrSubnet(
          str(args[0]!, 'cidrsubnet() prefix'),
          num(args[1]!, 'cidrsubnet() newbits'),
          num(args[2]!, 'cidrsubnet() netnum'),
        )
      ),
    },
  ],
  [
    'cidrsubnets',
    {
      call(args) {
        arity('cidrsubnets', args, 1, Infinity);
        return cidrSubnets(
          str(args[0]!, 'cidrsubnets() prefix'),
          args.slice(1).map((arg) => num(arg, 'cidrsubnets() newbits')),
        );
      },
    },
  ],
  [
    'cidrhost',
    {
      call: (args) => (
        arity('cidrhost', args, 2), cidrHost(str(args[0]!, 'cidrhost() prefix'), num(args[1]!, 'cidrhost() hostnum'))
      ),
    },
  ],
  [
    'cidrnetmask',
    { call: (args) => (arity('cidrnetmask', args, 1), cidrNetmask(str(args[0]!, 'cidrnetmask() prefix'))) },
  ],
];
