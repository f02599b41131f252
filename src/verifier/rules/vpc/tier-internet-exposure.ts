// ENC-VPC-011: every subnet reaches the internet only as its tier allows — not only the isolated tiers.
import type { Model, Subnet } from '../../model/model.ts';
import { check, knownTags } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { isolationReason } from './isolated-tier-no-internet.ts';

const TIER_KEYS = /^(tier|zone|enclave:tier|network-tier)$/i;
const PUBLIC_VALUES = /^(public|dmz|edge|nat|ingress)$/i;

/** Why a subnet is a public tier (it may route straight to an internet gateway), or undefined. */
function publicReason(model: Model, subnet: Subnet): string | undefined {
  const tags = knownTags(subnet.tags);
  for (const [key, value] of Object.entries(tags)) if (TIER_KEYS.test(key) && PUBLIC_VALUES.test(value)) return `it is tagged ${key}=${value}`;
  const nat = model.natGateways.find((n) => n.subnet.target === subnet.address);
  if (nat) return `it holds NAT gateway ${nat.address}`;
  return undefined;
}

export const tierInternetExposure: Rule = {
  id: 'ENC-VPC-011',
  title: 'Every tier reaches the internet only as its role allows',
  description: 'Judged for every subnet, whatever runs in it (application, management and NAT tiers too): a public tier (tagged Tier=public, or holding a NAT gateway) may route straight to an internet gateway but must hold no function, database or instance; every other tier reaches the internet at most through a NAT gateway — a direct route to an internet gateway makes anything that gets a public address reachable from the internet. Isolated tiers are judged by ENC-VPC-001 (no path at all).',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.3.1', '1.3.2', '1.4.1', '1.4.4'] },
  evaluate(model, analysis) {
    return resultOf(analysis.network.subnets.flatMap((exposure) => {
      const subnet = model.subnets.find((s) => s.address === exposure.subnet);
      if (!subnet || isolationReason(model, subnet)) return [];
      const path = `${exposure.internet.reason} (${exposure.internet.path.join(' → ')})`;
      if (exposure.via === 'unknown') return [check('unknown', subnet, `${subnet.address}: whether it reaches the internet is known only after apply: ${path}`, exposure.internet.location)];
      const isPublic = publicReason(model, subnet);
      if (isPublic) {
        const compute = exposure.hosts.filter((h) => !model.natGateways.some((n) => n.address === h));
        if (compute.length > 0 && exposure.via === 'direct') return [check('non-compliant', subnet, `${subnet.address} is a public tier (${isPublic}, routed straight to an internet gateway) but runs ${compute.join(', ')}: code and data stores belong in a private tier`, exposure.internet.location)];
        return [check('compliant', subnet, `${subnet.address} is a public tier (${isPublic}) and runs no function, database or instance`, exposure.internet.location)];
      }
      const tier = knownTags(subnet.tags)['Tier'] ?? knownTags(subnet.tags)['Name'] ?? 'untagged';
      if (exposure.via === 'direct') return [check('non-compliant', subnet, `${subnet.address} (${tier}) is not a public tier but routes straight to an internet gateway: ${path}`, exposure.internet.location)];
      if (exposure.via === 'nat') return [check('compliant', subnet, `${subnet.address} (${tier}) reaches the internet only through a NAT gateway (controlled egress, nothing can connect in)`, exposure.internet.location)];
      return [check('compliant', subnet, `${subnet.address} (${tier}) has no path to the internet`, exposure.internet.location)];
    }));
  },
};
