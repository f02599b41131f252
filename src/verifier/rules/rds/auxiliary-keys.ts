// ENC-RDS-008: Performance Insights data and the RDS-managed master secret are under customer-managed keys.
import { check, cmkCheck } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

export const dbAuxiliaryKeys: Rule = {
  id: 'ENC-RDS-008',
  title: 'Performance Insights and the managed master secret use customer-managed keys',
  description: 'Performance Insights keeps query text (which may hold account data) and the RDS-managed master-user secret keeps the database\'s most powerful credential; without their own key arguments they fall back to the AWS managed keys aws/rds and aws/secretsmanager, whose policies the entity does not control (PCI DSS 3.5.1, 3.6.1, 8.3.2). https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.access-control.html, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html',
  service: 'rds',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1', '8.3.2'] },
  crossReference: { checkov: ['CKV_AWS_354'] },
  evaluate(model) {
    return resultOf(model.dbInstances.flatMap((d): Check[] => {
      const out: Check[] = [];
      if (d.performanceInsightsEnabled.provenance === 'unknown') out.push(check('unknown', d, `${d.address}: whether Performance Insights is on is known only after apply`, d.performanceInsightsEnabled.location));
      else if (d.performanceInsightsEnabled.value) out.push(cmkCheck(model, d, d.performanceInsightsKmsKey, `${d.address}'s Performance Insights data`, 'without a key argument it uses aws/rds'));
      if (d.manageMasterPassword.provenance === 'unknown') out.push(check('unknown', d, `${d.address}: whether RDS manages the master secret is known only after apply`, d.manageMasterPassword.location));
      else if (d.manageMasterPassword.value) out.push(cmkCheck(model, d, d.masterUserSecretKmsKey, `${d.address}'s RDS-managed master secret`, 'without a key argument it uses aws/secretsmanager'));
      return out;
    }));
  },
};
