// Terraform → GuardDuty detectors.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field } from '../fields.ts';

export function adaptTerraformGuardDuty(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_guardduty_detector')) {
    ctx.model.detectors.push({ ...base(raw, 'guardduty-detector'), enabled: field(raw, 'enable', asBoolean, true), findingFrequency: field(raw, 'finding_publishing_frequency', asString, 'SIX_HOURS') });
  }
}
