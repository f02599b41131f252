// ENC-VPC-001: subnets of an isolated tier (tagged or named so, or hosting a database) have no route to the internet.
import type { Model, Subnet } from '../../model/model.ts';
import { check, knownTags } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

const TIER_KEYS = /^(tier|isolation|zone|enclave:tier|network-tier)$/i;
const ISOLATED_VALUES = /^(isolated|database|db|data|restricted|cde)$/i;
const ISOLATED_NAME = /isolated|(^|[-_ ])(db|database|data)([-_ ]|\d|$)/i;

/** Why a subnet counts as isolated, or undefined when it does not. */
export function isolationReason(model: Model, subnet: Subnet): string | undefined {
  for (const address of [subnet.address, subnet.vpc.target].filter((a): a is string => !!a)) {
    const object = model.objects.get(address);
    const tags = object ? knownTags(object.tags) : {};
    for (const [key, value] of Object.entries(tags)) {
      if (TIER_KEYS.test(key) && ISOLATED_VALUES.test(value)) return `${address} is tagged ${key}=${value}`;
    }
    if (tags.Name && ISOLATED_NAME.test(tags.Name)) return `${address} is named ${tags.Name}`;
  }
  for (const db of model.dbInstances) {
    const group = model.dbSubnetGroups.find(
      (g) =>
        g.address === db.subnetGroup.target ||
        (db.subnetGroup.literal !== undefined && g.name.value === db.subnetGroup.literal),
    );
    if (group?.subnets.some((s) => s.target === subnet.address))
      return `${subnet.address} hosts database ${db.address}`;
  }
  return undefined;
}

export const isolatedTierNoInternet: Rule = {
  id: 'ENC-VPC-001',
  title: 'Isolated tiers have no path to the internet',
  description:
    'Subnets of an isolated tier (tagged Tier=isolated/database/data, named so, or hosting a database) must have no route to an internet gateway, nor to a NAT gateway that has one, nor to anything that might.',
  service: 'vpc',
  severity: 'critical',
  controls: { 'pci-dss-4.0.1': ['1.3.1', '1.3.2', '1.4.1', '1.4.4'] },
  crossReference: { securityHub: ['EC2.2'] },
  evaluate(model, analysis) {
    return resultOf(
      model.subnets.flatMap((subnet) => {
        const why = isolationReason(model, subnet);
        if (!why) return [];
        const path = analysis.network.subnets.find((s) => s.subnet === subnet.address)!.internet;
        const verdict =
          path.verdict === 'reachable' ? 'non-compliant' : path.verdict === 'unknown' ? 'unknown' : 'compliant';
        return [
          check(
            verdict,
            subnet,
            `${why}; ${path.verdict === 'unreachable' ? 'no internet path' : `internet path: ${path.reason}`} (${path.path.join(' → ')})`,
            path.location,
          ),
        ];
      }),
    );
  },
};
