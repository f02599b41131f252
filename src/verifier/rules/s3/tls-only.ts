// ENC-S3-004: the bucket policy denies requests not made over TLS.
import type { Value } from '../../load/types.ts';
import { actionCovers, check, conditionKeys, isEveryone } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { appliesTo, bucketStatements } from './common.ts';

const isFalse = (v: Value) => v === false || v === 'false' || (Array.isArray(v) && v.every((x) => x === false || x === 'false'));

export const bucketTlsOnly: Rule = {
  id: 'ENC-S3-004',
  title: 'Bucket policies deny requests without TLS',
  description: 'Card data is protected in transit: the bucket policy denies every request where aws:SecureTransport is false (a minimum s3:TlsVersion alone does not stop plain HTTP).',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['4.2.1'] },
  crossReference: { securityHub: ['S3.5'], cdkNag: ['PCI.DSS.321-S3BucketSSLRequestsOnly'], checkov: ['CKV_AWS_379'] },
  evaluate(model) {
    return resultOf(model.buckets.map((b) => {
      const statements = bucketStatements(b);
      if (!statements) return check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy?.location);
      if (!b.policy) return check('non-compliant', b, `${b.address} has no bucket policy, so requests without TLS are not denied`);
      let unsure = false;
      for (const s of statements) {
        if (s.effect !== 'Deny' || !isEveryone(s.principals)) continue;
        const covers = actionCovers(s.actions, 's3:GetObject') && actionCovers(s.actions, 's3:PutObject');
        // Only aws:SecureTransport catches plain HTTP: a request without TLS has no s3:TlsVersion, so a
        // NumericLessThan on it never matches such a request.
        const tls = conditionKeys(s).some((c) => c.key === 'aws:securetransport' && /^Bool(IfExists)?$/.test(c.operator) && isFalse(c.value));
        if (!tls) continue;
        const applies = appliesTo(s, b);
        if (covers && applies) return check('compliant', b, `${b.address}'s policy denies requests without TLS`, b.policy.location, s.raw);
        if (applies === undefined || covers === undefined) unsure = true;
      }
      if (unsure) return check('unknown', b, `${b.address}: a TLS-deny statement may cover it, depending on values known only after apply`, b.policy.location);
      return check('non-compliant', b, `${b.address}'s policy does not deny requests made without TLS (Deny * on s3:* when aws:SecureTransport is false)`, b.policy.location);
    }));
  },
};
