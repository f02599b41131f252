// ENC-LAMBDA-002: functions run in the environment's VPC.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const functionInVpc: Rule = {
  id: 'ENC-LAMBDA-002',
  title: 'Lambda functions run inside the VPC',
  description:
    'Where the environment has a VPC, every function runs in its subnets so the network controls (routes, security groups, NACLs, endpoints) apply to it.',
  service: 'lambda',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['1.3.1', '1.3.2', '1.4.1'] },
  crossReference: { checkov: ['CKV_AWS_117'], securityHub: ['Lambda.3'], cdkNag: ['PCI.DSS.321-LambdaInsideVPC'] },
  evaluate(model) {
    if (model.vpcs.length === 0) return resultOf([]);
    return resultOf(
      model.functions.map((f) => {
        if (f.inVpc.provenance === 'unknown')
          return check(
            'unknown',
            f,
            `whether ${f.address} runs in the VPC is known only after apply`,
            f.inVpc.location,
          );
        if (f.inVpc.value !== true)
          return check(
            'non-compliant',
            f,
            `${f.address} runs outside the VPC, beyond its routes, security groups and endpoints`,
          );
        if (f.subnets.length === 0)
          return check('unknown', f, `${f.address}'s subnets are known only after apply`, f.inVpc.location);
        return check(
          'compliant',
          f,
          `${f.address} runs in ${f.subnets.map((s) => s.target ?? s.literal ?? 'subnets known after apply').join(', ')}`,
          f.inVpc.location,
        );
      }),
    );
  },
};
