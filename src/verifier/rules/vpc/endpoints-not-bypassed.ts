// ENC-VPC-010: where the VPC has an endpoint for a service, no subnet a place runs in reaches that service around it.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const endpointsNotBypassed: Rule = {
  id: 'ENC-VPC-010',
  title: 'No place reaches an AWS service around the VPC endpoint for it',
  description: 'A VPC endpoint\'s policy (and every aws:SourceVpce condition that relies on it) only governs traffic that takes the endpoint. A subnet whose route table lacks the gateway endpoint, or a VPC where the interface endpoint\'s private DNS is off, sends the same calls through a NAT or internet gateway to the public endpoint, where no endpoint policy applies — data can leave to any account\'s bucket or table. Judged per subnet of every place where code runs, on the route AWS takes: private DNS to an interface endpoint first, then a gateway endpoint on the subnet\'s route table (its prefix-list route is the most specific, https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing), then the public endpoint.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.3.2', '1.4.1', '7.2.1'] },
  evaluate(model, analysis) {
    return resultOf(analysis.network.places.flatMap((reach): Check[] => {
      const place = model.objects.get(reach.place.address) ?? { address: reach.place.address, location: reach.place.location };
      const checks: Check[] = [];
      for (const subnet of reach.perSubnet) {
        for (const [service, path] of Object.entries(subnet.bypass)) {
          if (path.verdict === 'unreachable') continue;
          checks.push(check(path.verdict === 'reachable' ? 'non-compliant' : 'unknown', place, `${reach.place.address} in ${subnet.subnet}: ${path.verdict === 'reachable' ? path.reason : `may bypass the ${service} endpoint: ${path.reason}`} (${path.path.join(' → ')})`, path.location, service));
        }
      }
      if (checks.length > 0 || !reach.place.inVpc) return checks;
      const endpointServices = [...new Set(reach.perSubnet.flatMap((s) => Object.values(s.services).filter((p) => p.endpoint !== undefined).map((p) => p.endpoint!)))];
      return endpointServices.length === 0 ? [] : [check('compliant', place, `${reach.place.address}: every subnet reaches ${endpointServices.join(', ')} only through the endpoint, never around it`)];
    }));
  },
};
