import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allRules } from '../../../src/verifier/rules/index.ts';
import { iamRules } from '../../../src/verifier/rules/iam/index.ts';
import { pciDss401 } from '../../../src/verifier/rules/packs/pci-dss-4.0.1.ts';

describe('the PCI DSS v4.0.1 pack', () => {
  test('holds exactly these rules at these severities (IAM rules as the IAM module lists them)', () => {
    const entries = pciDss401.entries.map((e) => `${e.rule.id} ${e.severity}`);
    const nonIam = entries.filter((e) => !e.startsWith('ENC-IAM-'));
    assert.deepEqual(nonIam, [
      'ENC-VPC-001 critical',
      'ENC-VPC-002 critical',
      'ENC-VPC-003 high',
      'ENC-VPC-004 high',
      'ENC-VPC-005 high',
      'ENC-VPC-006 high',
      'ENC-VPC-007 medium',
      'ENC-VPC-008 medium',
      'ENC-VPC-009 high',
      'ENC-VPC-010 high',
      'ENC-VPC-011 high',
      'ENC-VPC-012 high',
      'ENC-VPC-013 high',
      'ENC-KMS-001 high',
      'ENC-KMS-002 high',
      'ENC-KMS-003 high',
      'ENC-KMS-004 high',
      'ENC-KMS-005 critical',
      'ENC-DATA-001 critical',
      'ENC-DATA-002 medium',
      'ENC-S3-001 medium',
      'ENC-S3-002 high',
      'ENC-S3-003 critical',
      'ENC-S3-004 high',
      'ENC-S3-005 medium',
      'ENC-S3-006 critical',
      'ENC-S3-007 high',
      'ENC-DDB-001 medium',
      'ENC-DDB-002 high',
      'ENC-LAMBDA-001 medium',
      'ENC-LAMBDA-002 high',
      'ENC-LAMBDA-003 high',
      'ENC-LAMBDA-004 medium',
      'ENC-LAMBDA-005 medium',
      'ENC-LAMBDA-006 high',
      'ENC-LAMBDA-007 medium',
      'ENC-LAMBDA-008 low',
      'ENC-LOGS-001 high',
      'ENC-LOGS-002 critical',
      'ENC-LOGS-003 high',
      'ENC-RDS-001 critical',
      'ENC-RDS-002 medium',
      'ENC-RDS-003 medium',
      'ENC-RDS-004 critical',
      'ENC-RDS-005 high',
      'ENC-RDS-006 high',
      'ENC-RDS-007 medium',
      'ENC-RDS-008 high',
      'ENC-RDS-009 medium',
      'ENC-RDS-011 medium',
      'ENC-RDS-012 high',
      'ENC-CT-001 high',
      'ENC-CT-002 high',
      'ENC-CT-003 high',
      'ENC-CT-004 high',
      'ENC-GD-001 high',
      'ENC-GD-002 high',
      'ENC-SM-001 high',
      'ENC-SM-002 medium',
      'ENC-SNS-001 medium',
      'ENC-SNS-002 medium',
      'ENC-DLV-001 high',
      'ENC-DLV-002 high',
      'ENC-DLV-003 high',
      'ENC-DLV-004 high',
      'ENC-DLV-005 high',
      'ENC-DLV-006 high',
      'ENC-EVT-001 high',
      'ENC-EVT-002 high',
      'ENC-CW-001 high',
      'ENC-CW-002 high',
      'ENC-NAME-001 high',
      'ENC-ACCT-001 high',
      'ENC-TF-001 medium',
    ]);
    assert.deepEqual(
      pciDss401.entries.filter((e) => e.rule.id.startsWith('ENC-IAM-')).map((e) => e.rule.id),
      iamRules.map((r) => r.id),
    );
    assert.ok(iamRules.length >= 9, 'the IAM rules are in the pack');
  });

  test('rule ids are unique, well-formed, and every rule maps to PCI DSS requirement ids', () => {
    const ids = allRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of allRules) {
      assert.match(rule.id, /^ENC-[A-Z0-9]+-\d{3}$/);
      assert.ok(rule.controls['pci-dss-4.0.1'].length > 0, rule.id);
      for (const c of rule.controls['pci-dss-4.0.1']) assert.match(c, /^\d{1,2}(\.\d+){1,3}$/, `${rule.id}: ${c}`);
      for (const ids of Object.values(rule.crossReference ?? {}))
        for (const x of ids as string[]) assert.ok(x.length > 0);
    }
  });
});
