// ENC-S3-006: buckets holding audit logs are versioned and deny deletes (or lock objects).
import { actionCovers, check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { appliesTo, auditReason, bucketStatements } from './common.ts';

export const auditBucketImmutable: Rule = {
  id: 'ENC-S3-006',
  title: 'Audit log buckets are versioned and deny deletes',
  description: 'Audit logs are protected from modification and deletion: the bucket is versioned and either Object Lock or a bucket policy Deny on s3:DeleteObject and s3:DeleteObjectVersion protects every object.',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.2', '10.3.3', '10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_21'], cdkNag: ['PCI.DSS.321-S3BucketReplicationEnabled'] },
  evaluate(model) {
    return resultOf(model.buckets.flatMap((b) => {
      const why = auditReason(model, b);
      if (!why) return [];
      if (b.versioning.provenance === 'unknown') return [check('unknown', b, `${b.address} holds audit logs (${why}); its versioning is known only after apply`, b.versioning.location)];
      if (b.versioning.value !== 'Enabled') return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but is not versioned`, b.versioning.location, b.versioning.value ?? null)];
      if (b.objectLock.value === true && b.objectLockMode.value !== undefined) return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, Object Lock ${b.objectLockMode.value}`, b.objectLockMode.location, b.objectLockMode.value)];
      const statements = bucketStatements(b);
      if (!statements) return [check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy?.location)];
      let unsure = false;
      for (const s of statements) {
        if (s.effect !== 'Deny' || s.notAction) continue;
        const del = actionCovers(s.actions, 's3:DeleteObject');
        const delVersion = actionCovers(s.actions, 's3:DeleteObjectVersion');
        const applies = appliesTo(s, b);
        if (del && delVersion && applies) return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, and its policy denies deleting objects and versions`, b.policy!.location, s.raw)];
        if ((del !== false && delVersion !== false) && (del === undefined || delVersion === undefined || applies === undefined)) unsure = true;
      }
      if (unsure) return [check('unknown', b, `${b.address}: whether deletes are denied depends on values known only after apply`, b.policy?.location)];
      return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but neither Object Lock nor its policy stops objects or versions being deleted`, b.policy?.location ?? b.location)];
    }));
  },
};
