// ENC-EVT-001: EventBridge rules are enabled and send what they match somewhere.
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const eventRulesEnabled: Rule = {
  id: 'ENC-EVT-001',
  title: 'EventBridge rules are enabled and have targets',
  description: 'A disabled rule (state DISABLED, is_enabled = false) matches nothing, and a rule without a target drops what it matches: the detection or the scheduled job it stands for never happens (PCI DSS 10.4.1, 11.5). https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html',
  service: 'events',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.4.1', '10.7.1', '11.5.1'] },
  evaluate(model) {
    return resultOf(model.eventRules.flatMap((r): Check[] => {
      const out: Check[] = [];
      if (r.state.provenance === 'unknown') out.push(check('unknown', r, `${r.address}'s state is known only after apply`, r.state.location));
      else if (r.state.value === 'DISABLED') out.push(check('non-compliant', r, `${r.address} is disabled: it matches nothing`, r.state.location, 'DISABLED'));
      if (r.targets.length === 0) out.push(check('non-compliant', r, `${r.address} has no target: what it matches goes nowhere`));
      return out.length > 0 ? out : [check('compliant', r, `${r.address} is ${r.state.value ?? 'ENABLED'} and sends to ${r.targets.length} target(s)`, r.state.location)];
    }));
  },
};
