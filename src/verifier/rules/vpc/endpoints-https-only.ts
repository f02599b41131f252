// ENC-VPC-007: interface endpoints accept only HTTPS (443).
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const endpointsHttpsOnly: Rule = {
  id: 'ENC-VPC-007',
  title: 'Interface endpoints accept only TLS on 443',
  description:
    'Security groups of interface VPC endpoints admit TCP 443 only, so every call to an AWS service inside the VPC is TLS.',
  service: 'vpc',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['4.2.1', '1.2.5'] },
  evaluate(model) {
    return resultOf(
      model.vpcEndpoints
        .filter((e) => e.endpointType.value !== 'gateway')
        .flatMap((endpoint) => {
          if (endpoint.endpointType.provenance === 'unknown')
            return [
              check(
                'unknown',
                endpoint,
                `${endpoint.address}'s type is known only after apply`,
                endpoint.endpointType.location,
              ),
            ];
          if (endpoint.securityGroups.length === 0)
            return [
              check(
                'non-compliant',
                endpoint,
                `${endpoint.address} has no security group of its own, so the VPC's default group applies`,
              ),
            ];
          return endpoint.securityGroups.map((ref) => {
            const group = model.securityGroups.find((g) => g.address === ref.target);
            if (!group)
              return check(
                'unknown',
                endpoint,
                `${endpoint.address} uses security group ${ref.literal ?? 'known only after apply'}, not in the model`,
                ref.location,
              );
            const wide = group.ingress.find(
              (r) => r.protocol.value !== 'tcp' || r.fromPort.value !== 443 || r.toPort.value !== 443,
            );
            if (!wide)
              return check(
                'compliant',
                endpoint,
                `${group.address} admits only TCP 443 to ${endpoint.address}`,
                group.location,
              );
            if (
              wide.protocol.provenance === 'unknown' ||
              wide.fromPort.provenance === 'unknown' ||
              wide.toPort.provenance === 'unknown'
            )
              return check('unknown', endpoint, `${wide.address} ports are known only after apply`, wide.location);
            return check(
              'non-compliant',
              endpoint,
              `${wide.address} admits ${wide.protocol.value === '-1' ? 'all traffic' : `${wide.protocol.value} ${wide.fromPort.value}-${wide.toPort.value}`} to ${endpoint.address}`,
              wide.location,
            );
          });
        }),
    );
  },
};
