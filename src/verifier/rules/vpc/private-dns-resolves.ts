// ENC-VPC-009: interface endpoints that ask for private DNS sit in VPCs that resolve it.
import { privateDnsState } from '../../analysis/network/index.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const privateDnsResolves: Rule = {
  id: 'ENC-VPC-009',
  title: 'VPCs with private-DNS interface endpoints have DNS support and DNS hostnames on',
  description: 'Private DNS of an interface endpoint (the service\'s public name answering with the endpoint\'s private addresses) works only in a VPC with both enableDnsSupport and enableDnsHostnames; AWS refuses to create such an endpoint otherwise, and without private DNS every call resolves the public endpoint — over a NAT, outside the endpoint policy, or nowhere in an isolated VPC (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#access-service-private-dns, https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support). DNS hostnames are off by default in a new VPC.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.3.2'] },
  evaluate(model) {
    return resultOf(model.vpcEndpoints.filter((e) => e.endpointType.value !== 'gateway').flatMap((endpoint) => {
      if (endpoint.endpointType.provenance === 'unknown') return [check('unknown', endpoint, `${endpoint.address}'s type is known only after apply`, endpoint.endpointType.location)];
      const dns = privateDnsState(model, endpoint);
      switch (dns.state) {
        case 'off': return [];
        case 'on': return [check('compliant', endpoint, dns.reason, dns.location)];
        case 'broken': return [check('non-compliant', endpoint, dns.reason, dns.location, false)];
        default: return [check('unknown', endpoint, dns.reason, dns.location)];
      }
    }));
  },
};
