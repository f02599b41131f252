// ENC-VPC-006: every VPC has flow logs capturing all traffic.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const flowLogsEnabled: Rule = {
  id: 'ENC-VPC-006',
  title: 'Flow logs capture all traffic of every VPC',
  description: 'Network traffic into and out of the cardholder data environment is logged (accepted and rejected).',
  service: 'vpc',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.2.1', '10.2.1.7', '1.2.1'] },
  crossReference: { checkov: ['CKV2_AWS_11'], securityHub: ['EC2.6'], cdkNag: ['PCI.DSS.321-VPCFlowLogsEnabled'] },
  evaluate(model) {
    return resultOf(
      model.vpcs.map((vpc) => {
        const logs = model.flowLogs.filter((f) => f.resourceKind === 'vpc' && f.resource.target === vpc.address);
        const all = logs.find((f) => f.trafficType.value === 'ALL');
        if (all)
          return check(
            'compliant',
            vpc,
            `${all.address} logs ALL traffic of ${vpc.address} to ${all.destinationType.value}`,
            all.trafficType.location,
            'ALL',
          );
        const unsure =
          logs.find((f) => f.trafficType.provenance === 'unknown') ??
          model.flowLogs.find((f) => !f.resource.target && f.resource.provenance === 'unknown');
        if (unsure)
          return check(
            'unknown',
            vpc,
            `${unsure.address} may log ${vpc.address}, but its settings are known only after apply`,
            unsure.location,
          );
        if (logs.length > 0)
          return check(
            'non-compliant',
            vpc,
            `flow logs of ${vpc.address} capture only ${logs.map((l) => l.trafficType.value).join(', ')} traffic`,
            logs[0]!.trafficType.location,
            logs[0]!.trafficType.value ?? null,
          );
        return check('non-compliant', vpc, `${vpc.address} has no flow log`);
      }),
    );
  },
};
