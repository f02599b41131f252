// CloudFormation → GuardDuty detectors and their protection plans (Features, legacy DataSources).
import { base, ofType, type AdaptContext } from '../context.ts';
import { asBoolean, asString, at, field, locate, objects } from '../fields.ts';
import type { DetectorFeature } from '../model.ts';

const LEGACY: [string, string][] = [
  ['DataSources.S3Logs.Enable', 'S3_DATA_EVENTS'],
  ['DataSources.Kubernetes.AuditLogs.Enable', 'EKS_AUDIT_LOGS'],
  ['DataSources.MalwareProtection.ScanEc2InstanceWithFindings.EbsVolumes', 'EBS_MALWARE_PROTECTION'],
];

export function adaptCloudFormationGuardDuty(ctx: AdaptContext): void {
  for (const raw of ofType(ctx, 'AWS::GuardDuty::Detector')) {
    const features: DetectorFeature[] = [];
    for (const [path, name] of LEGACY) {
      if (at(raw.attributes, path) === undefined) continue;
      const enabled = field(raw, path, asBoolean);
      features.push({ name: { value: name, provenance: 'explicit', location: enabled.location }, status: enabled.provenance === 'unknown' ? { value: undefined, provenance: 'unknown', location: enabled.location } : { value: enabled.value ? 'ENABLED' : 'DISABLED', provenance: 'explicit', location: enabled.location }, location: enabled.location, address: raw.address });
    }
    objects(at(raw.attributes, 'Features')).forEach((f, i) => {
      const location = locate(raw, `Features.${i}`);
      features.push({ name: typeof f.Name === 'string' ? { value: f.Name, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location }, status: typeof f.Status === 'string' ? { value: f.Status, provenance: 'explicit', location } : { value: undefined, provenance: 'unknown', location }, location, address: raw.address });
    });
    ctx.model.detectors.push({ ...base(raw, 'guardduty-detector'), enabled: field(raw, 'Enable', asBoolean), findingFrequency: field(raw, 'FindingPublishingFrequency', asString, 'SIX_HOURS'), features });
  }
}
