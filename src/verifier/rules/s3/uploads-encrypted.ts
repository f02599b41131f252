// ENC-S3-005: uploads asking for the wrong encryption are denied, without denying uploads that rely on default
// encryption (which AWS log deliveries do).
import type { Value } from '../../load/types.ts';
import { actionCovers, check, conditionKeys, textOf } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { appliesTo, bucketStatements } from './common.ts';

const SSE = 's3:x-amz-server-side-encryption';
const KEY_ID = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const isTrue = (v: Value) => v === true || v === 'true' || (Array.isArray(v) && v.some((x) => x === true || x === 'true'));
const isFalse = (v: Value) => v === false || v === 'false' || (Array.isArray(v) && v.some((x) => x === false || x === 'false'));

export const bucketUploadsEncrypted: Rule = {
  id: 'ENC-S3-005',
  title: 'Uploads with the wrong encryption are denied, default encryption still works',
  description: 'The bucket policy denies PutObject when the request asks for an encryption other than SSE-KMS (or another key than the bucket\'s), using ...IfExists so uploads without the header — default encryption, AWS log deliveries — still succeed. A deny on a missing header (Null: true, or StringNotEquals without IfExists) breaks them.',
  service: 's3',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['3.5.1'] },
  crossReference: { checkov: ['CKV_AWS_19'] },
  evaluate(model) {
    return resultOf(model.buckets.map((b) => {
      const statements = bucketStatements(b);
      if (!statements) return check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy?.location);
      if (!b.policy) return check('non-compliant', b, `${b.address} has no bucket policy denying uploads with the wrong encryption`);
      let good: string | undefined;
      let unsure = false;
      for (const s of statements) {
        if (s.effect !== 'Deny') continue;
        const covers = actionCovers(s.actions, 's3:PutObject');
        if (covers === false) continue;
        if (covers === undefined) { unsure = true; continue; }
        const applies = appliesTo(s, b);
        if (applies === false) continue;
        const keys = conditionKeys(s);
        const missingDenied = keys.find((c) => c.key === SSE && c.operator === 'Null' && isTrue(c.value));
        if (missingDenied) return check('non-compliant', b, `${b.address}'s policy denies uploads without an encryption header (Null ${SSE} = true), which breaks default encryption and AWS log deliveries`, b.policy.location, s.raw);
        const presentRequired = keys.some((c) => (c.key === SSE || c.key === KEY_ID) && c.operator === 'Null' && isFalse(c.value));
        for (const c of keys) {
          if (c.key !== SSE && c.key !== KEY_ID) continue;
          if (c.operator === 'StringNotEqualsIfExists' || (c.operator === 'StringNotEquals' && presentRequired)) {
            if (c.key === SSE && !/aws:kms/.test(textOf(c.value))) continue;
            good = `${b.address}'s policy denies uploads that ask for ${c.key === SSE ? 'an encryption other than SSE-KMS' : 'another KMS key'} and lets uploads without the header use default encryption`;
          } else if (c.operator === 'StringNotEquals') {
            return check('non-compliant', b, `${b.address}'s policy denies uploads whose ${c.key} is not set (StringNotEquals without IfExists), which breaks default encryption and AWS log deliveries`, b.policy.location, s.raw);
          }
        }
        if (applies === undefined && good) { unsure = true; good = undefined; }
      }
      if (good) return check('compliant', b, good, b.policy.location);
      if (unsure) return check('unknown', b, `${b.address}: whether uploads with the wrong encryption are denied depends on values known only after apply`, b.policy.location);
      return check('non-compliant', b, `${b.address}'s policy does not deny uploads that ask for the wrong encryption (Deny PutObject with StringNotEqualsIfExists on ${SSE} or ${KEY_ID})`, b.policy.location);
    }));
  },
};
