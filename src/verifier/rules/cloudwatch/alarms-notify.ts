// ENC-CW-001: every alarm notifies someone when it goes off.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const alarmsNotify: Rule = {
  id: 'ENC-CW-001',
  title: 'Alarms notify someone when they go off',
  description: 'An alarm without alarm actions, or with actions disabled (actions_enabled / ActionsEnabled false), changes state and tells nobody: failures of critical controls go unnoticed (PCI DSS 10.7.1, 10.7.2). Each alarm action must be a topic of the stack (whose delivery ENC-DLV-003 proves) or an ARN written out; one known only after apply is unknown. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
  service: 'cloudwatch',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.7.1', '10.7.2'] },
  crossReference: { securityHub: ['CloudWatch.15', 'CloudWatch.17'] },
  evaluate(model) {
    return resultOf(model.alarms.flatMap((a): Check[] => {
      if (a.actionsEnabled.provenance === 'unknown') return [check('unknown', a, `${a.address}: whether its actions are enabled is known only after apply`, a.actionsEnabled.location)];
      if (a.actionsEnabled.value === false) return [check('non-compliant', a, `${a.address} has its actions disabled: it notifies nobody`, a.actionsEnabled.location, false)];
      if (a.actions.length === 0) return [check('non-compliant', a, `${a.address} has no alarm action: going into ALARM notifies nobody`)];
      const unknown = a.actions.find((r) => !r.target && r.literal === undefined);
      if (unknown) return [check('unknown', a, `${a.address} notifies a target known only after apply`, unknown.location)];
      return [check('compliant', a, `${a.address} notifies ${a.actions.map((r) => r.target ?? r.literal).join(', ')}`, a.actions[0]!.location)];
    }));
  },
};
