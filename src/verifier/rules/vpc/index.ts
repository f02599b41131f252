import type { Rule } from '../types.ts';
import { defaultSecurityGroupClosed } from './default-security-group-closed.ts';
import { egressLimited } from './egress-limited.ts';
import { endpointsHttpsOnly } from './endpoints-https-only.ts';
import { endpointsNotBypassed } from './endpoints-not-bypassed.ts';
import { flowLogsEnabled } from './flow-logs-enabled.ts';
import { internetEgressHttpsOnly } from './internet-egress-https-only.ts';
import { isolatedTierNoInternet } from './isolated-tier-no-internet.ts';
import { naclDenyOrder } from './nacl-deny-order.ts';
import { naclInternetEntries } from './nacl-internet-entries.ts';
import { noOpenIngress } from './no-open-ingress.ts';
import { noPublicIpOnLaunch } from './no-public-ip-on-launch.ts';
import { privateDnsResolves } from './private-dns-resolves.ts';
import { tierInternetExposure } from './tier-internet-exposure.ts';

export const vpcRules: Rule[] = [
  isolatedTierNoInternet, noOpenIngress, egressLimited, naclDenyOrder, defaultSecurityGroupClosed, flowLogsEnabled, endpointsHttpsOnly, noPublicIpOnLaunch,
  privateDnsResolves, endpointsNotBypassed, tierInternetExposure, internetEgressHttpsOnly, naclInternetEntries,
];
