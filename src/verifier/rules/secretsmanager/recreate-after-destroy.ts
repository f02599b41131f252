// ENC-SM-002: destroying the stack leaves no secret name taken that creating it again needs.
import { show } from '../../model/fields.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const secretRecreatable: Rule = {
  id: 'ENC-SM-002',
  title: 'A destroyed stack can be created again: no secret name waits out a recovery window',
  description:
    'DeleteSecret keeps a deleted secret restorable for its recovery window (7-30 days, 30 when not set; https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html), and its name stays taken meanwhile: CreateSecret refuses it ("a secret with this name is already scheduled for deletion"). A stack that fixes a secret\'s name and keeps a recovery window therefore cannot be created again for up to 30 days after it is destroyed — the rebuild a recovery plan counts on fails part-way. Passes with a generated name (Terraform name_prefix, CloudFormation without Name), which keeps the window, or with a window of 0. CloudFormation chooses the window itself at stack deletion and does not document it, so a named secret there is unknown.',
  service: 'secretsmanager',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['6.5.1', '12.10.1'] },
  evaluate(model) {
    return resultOf(
      model.secrets.map((s): Check => {
        const window = s.recoveryWindowDays;
        if (window.provenance !== 'unknown' && window.value === 0)
          return check(
            'compliant',
            s,
            `${s.address} is deleted at once on destroy (recovery window 0): its name is free again`,
            window.location,
            0,
          );
        if (!s.fixedName)
          return check(
            'compliant',
            s,
            `${s.address}'s name is generated at each creation: a stack created again gets a new secret while the deleted one waits out its recovery window`,
            s.location,
          );
        if (window.provenance === 'unknown')
          return check(
            'unknown',
            s,
            `${s.address} has a fixed name and a recovery window known only after apply (${show(window.unknown)}): within it, creating the stack again would fail`,
            window.location,
          );
        const name = s.name.value ?? show(s.name.unknown);
        return check(
          'non-compliant',
          s,
          `${s.address} keeps its name ${name} for ${window.value} days after the stack is destroyed (recovery window${window.provenance === 'default' ? ', not set: 30 by default' : ''}): creating the stack again within them fails (CreateSecret: a secret with this name is already scheduled for deletion)`,
          window.provenance === 'default' ? s.location : window.location,
          window.value ?? null,
        );
      }),
    );
  },
};
