// ENC-LAMBDA-005: failed asynchronous invocations go somewhere (DLQ or on-failure destination).
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';

export const functionFailureDestination: Rule = {
  id: 'ENC-LAMBDA-005',
  title: 'Lambda functions keep failed events (DLQ or on-failure destination)',
  description:
    'An event that fails every retry is kept for investigation rather than dropped, so a failure of a processing control is detected.',
  service: 'lambda',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['10.7.2', '12.10.1'] },
  crossReference: { checkov: ['CKV_AWS_116'] },
  evaluate(model) {
    return resultOf(
      model.functions.map((f) => {
        const destination = f.onFailure.find((d) => d.provenance !== 'default');
        if (destination)
          return check(
            'compliant',
            f,
            `${f.address} sends failed events to ${destination.target ?? destination.literal ?? 'a destination known after apply'}`,
            destination.location,
          );
        if (f.deadLetterTarget.provenance !== 'default')
          return check(
            'compliant',
            f,
            `${f.address} has a dead-letter queue ${f.deadLetterTarget.target ?? f.deadLetterTarget.literal ?? '(known after apply)'}`,
            f.deadLetterTarget.location,
          );
        const maybe = model.unattached.find(
          (u) => u.configures === 'lambda-function' && u.aspect === 'on-failure destination',
        );
        if (maybe)
          return check(
            'unknown',
            f,
            `${maybe.address} configures a function known only after apply; it may give ${f.address} an on-failure destination`,
            f.location,
          );
        return check('non-compliant', f, `${f.address} has neither a dead-letter queue nor an on-failure destination`);
      }),
    );
  },
};
