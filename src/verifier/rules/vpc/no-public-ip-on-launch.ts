// ENC-VPC-008: no subnet gives what is launched in it a public address.
import { fieldCheck } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const noPublicIpOnLaunch: Rule = {
  id: 'ENC-VPC-008',
  title: 'Subnets do not assign public IP addresses',
  description:
    'System components are not directly reachable from untrusted networks; a subnet that maps public IPs on launch exposes whatever starts in it.',
  service: 'vpc',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['1.4.4', '1.4.5'] },
  crossReference: { checkov: ['CKV_AWS_130'], securityHub: ['EC2.15'] },
  evaluate(model) {
    return resultOf(
      model.subnets.map((s) =>
        fieldCheck(s, s.mapPublicIpOnLaunch, (v) => v !== true, {
          ok: `${s.address} does not map public IPs on launch`,
          bad: `${s.address} maps public IPs on launch`,
        }),
      ),
    );
  },
};
