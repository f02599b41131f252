// CloudFormation → GuardDuty detectors.
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, field } from '../fields.ts';

export function adaptCloudFormationGuardDuty(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::GuardDuty::Detector')) {
    ctx.model.detectors.push({ ...base(raw, 'guardduty-detector'), enabled: field(raw, 'Enable', asBoolean), findingFrequency: field(raw, 'FindingPublishingFrequency', asString, 'SIX_HOURS') });
  }
}
