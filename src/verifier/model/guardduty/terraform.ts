// Terraform → GuardDuty detectors and their protection plans (aws_guardduty_detector_feature, legacy datasources).
import { attach, base, find, ofType, orphan, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, refAt } from '../fields.ts';
import type { DetectorFeature } from '../model.ts';

/** Legacy `datasources` blocks → the feature names GuardDuty reports them under. */
const LEGACY: [string, string][] = [
  ['datasources.s3_logs.enable', 'S3_DATA_EVENTS'],
  ['datasources.kubernetes.audit_logs.enable', 'EKS_AUDIT_LOGS'],
  ['datasources.malware_protection.scan_ec2_instance_with_findings.ebs_volumes.enable', 'EBS_MALWARE_PROTECTION'],
];

export function adaptTerraformGuardDuty(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'aws_guardduty_detector')) {
    const features: DetectorFeature[] = [];
    for (const [path, name] of LEGACY) {
      if (at(raw.attributes, path) === undefined) continue;
      const enabled = field(raw, path, asBoolean);
      const location = enabled.location;
      features.push({ name: { value: name, provenance: 'explicit', location }, status: enabled.provenance === 'unknown' ? { value: undefined, provenance: 'unknown', location } : { value: enabled.value ? 'ENABLED' : 'DISABLED', provenance: 'explicit', location }, location, address: raw.address });
    }
    ctx.model.detectors.push({ ...base(raw, 'guardduty-detector'), enabled: field(raw, 'enable', asBoolean, true), findingFrequency: field(raw, 'finding_publishing_frequency', asString, 'SIX_HOURS'), features });
  }
  for (const raw of ofType(ctx, 'aws_guardduty_detector_feature')) {
    const detector = find(refAt(raw, 'detector_id', ctx.addresses), ctx.model.detectors);
    if (!detector) { orphan(ctx, raw, 'a GuardDuty detector', 'guardduty-detector', 'feature'); continue; }
    detector.features.push({ name: field(raw, 'name', asString), status: field(raw, 'status', asString), location: locate(raw, ''), address: raw.address });
    attach(detector, raw);
  }
}
