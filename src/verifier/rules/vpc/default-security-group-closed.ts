// ENC-VPC-005: the default security group of every VPC allows nothing.
import type { Model, Vpc } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

/** Things in the VPC that would fall back to the default group because they name none. */
function relyingOnDefault(model: Model, vpc: Vpc): string[] {
  const inVpc = (subnets: { target?: string }[]) =>
    subnets.some((s) => model.subnets.find((x) => x.address === s.target)?.vpc.target === vpc.address);
  return [
    ...model.functions
      .filter((f) => f.inVpc.value && f.securityGroups.length === 0 && inVpc(f.subnets))
      .map((f) => f.address),
    ...model.vpcEndpoints
      .filter(
        (e) => e.endpointType.value === 'interface' && e.securityGroups.length === 0 && e.vpc.target === vpc.address,
      )
      .map((e) => e.address),
    ...model.dbInstances.filter((d) => d.securityGroups.length === 0).map((d) => d.address),
  ];
}

export const defaultSecurityGroupClosed: Rule = {
  id: 'ENC-VPC-005',
  title: "Each VPC's default security group allows no traffic",
  description:
    'Anything launched without a security group lands in the default group; it must admit and emit nothing. Terraform manages it with aws_default_security_group and no rules; CloudFormation cannot, so nothing may rely on it.',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.2.1', '1.3.1', '2.2.1'] },
  crossReference: { checkov: ['CKV2_AWS_12'], securityHub: ['EC2.2'] },
  evaluate(model) {
    return resultOf(
      model.vpcs.map((vpc) => {
        const managed = model.securityGroups.find((g) => g.isDefault && g.vpc.target === vpc.address);
        if (managed) {
          const rules = [...managed.ingress, ...managed.egress];
          return rules.length === 0
            ? check(
                'compliant',
                vpc,
                `${managed.address} strips every rule from the default security group of ${vpc.address}`,
                managed.location,
              )
            : check(
                'non-compliant',
                vpc,
                `${managed.address} leaves ${rules.length} rule(s) on the default security group of ${vpc.address}`,
                rules[0]!.location,
              );
        }
        const unresolved = model.securityGroups.find(
          (g) => g.isDefault && !g.vpc.target && g.vpc.provenance === 'unknown',
        );
        if (unresolved)
          return check(
            'unknown',
            vpc,
            `${unresolved.address} manages the default security group of a VPC known only after apply; it may be ${vpc.address}'s`,
            unresolved.location,
          );
        const users = relyingOnDefault(model, vpc);
        if (!vpc.defaultSecurityGroupManageable) {
          return users.length === 0
            ? check(
                'compliant',
                vpc,
                `nothing in ${vpc.address} relies on its default security group (CloudFormation cannot strip its rules)`,
              )
            : check(
                'non-compliant',
                vpc,
                `${users.join(', ')} would use the default security group of ${vpc.address}, which allows traffic`,
              );
        }
        return check(
          'non-compliant',
          vpc,
          `${vpc.address} leaves its default security group with AWS's rules (declare aws_default_security_group with no rules)`,
        );
      }),
    );
  },
};
