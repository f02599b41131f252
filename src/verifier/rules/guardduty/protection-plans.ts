// ENC-GD-002: a declared detector enables the protection plans for what the stack holds.
import type { Detector, Model } from '../../model/model.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

const DOC = 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html';

/** The plans the stack's resources call for: S3 Protection for buckets, Lambda Protection for functions, RDS Protection for databases. */
function wanted(model: Model): [string, string][] {
  return [
    ...(model.buckets.length > 0 ? [['S3_DATA_EVENTS', `${model.buckets.length} bucket(s)`] as [string, string]] : []),
    ...(model.functions.length > 0 ? [['LAMBDA_NETWORK_LOGS', `${model.functions.length} function(s)`] as [string, string]] : []),
    ...(model.dbInstances.length > 0 ? [['RDS_LOGIN_EVENTS', `${model.dbInstances.length} database(s)`] as [string, string]] : []),
  ];
}

function judge(model: Model, d: Detector): Check[] {
  return wanted(model).map(([feature, why]) => {
    const f = d.features.find((x) => x.name.value === feature);
    const unsure = d.features.find((x) => x.name.provenance === 'unknown');
    if (!f) return unsure ? check('unknown', d, `${d.address}: a protection plan known only after apply may be ${feature}`, unsure.location) : check('non-compliant', d, `${d.address} does not enable ${feature}, which the stack's ${why} call for (a plan not enabled by the stack is off unless the account turned it on: ${DOC})`, d.location, feature);
    if (f.status.provenance === 'unknown') return check('unknown', d, `${d.address}: ${feature} status is known only after apply`, f.location);
    return f.status.value === 'ENABLED' ? check('compliant', d, `${d.address} enables ${feature} (${why})`, f.location, feature) : check('non-compliant', d, `${d.address} sets ${feature} to ${f.status.value}: the stack's ${why} go unwatched`, f.location, feature);
  });
}

export const detectorProtectionPlans: Rule = {
  id: 'ENC-GD-002',
  title: 'GuardDuty detectors enable the protection plans the stack needs',
  description: `Intrusion detection covers the components that hold or reach card data (PCI DSS 11.5.1): a detector declared by the stack enables S3 Protection (S3_DATA_EVENTS) when it has buckets, Lambda Protection (LAMBDA_NETWORK_LOGS) when it has functions and RDS Protection (RDS_LOGIN_EVENTS) when it has databases, as detector features or the legacy datasources; a plan set to DISABLED or not set is reported, since whether AWS turns it on for a new detector depends on the account (${DOC}).`,
  service: 'guardduty',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['11.5.1', '10.4.1.1'] },
  crossReference: { securityHub: ['GuardDuty.10', 'GuardDuty.6'] },
  evaluate(model) {
    return resultOf(model.detectors.flatMap((d) => judge(model, d)));
  },
};
