// ENC-S3-006: buckets holding audit logs are versioned and deny deletes (or lock objects).
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { answers, auditReason, bucketResource, policyUnknown, where } from './common.ts';

export const auditBucketImmutable: Rule = {
  id: 'ENC-S3-006',
  title: 'Audit log buckets are versioned and deny deletes',
  description: 'Audit logs are protected from modification and deletion: the bucket is versioned and either Object Lock or a bucket policy Deny on s3:DeleteObject and s3:DeleteObjectVersion protects every object. A Deny that holds only under a condition the request decides (aws:SecureTransport, the network path) still counts here for now: this rule does not yet demand that every delete be denied.',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['10.3.2', '10.3.3', '10.5.1'] },
  crossReference: { checkov: ['CKV_AWS_21'], cdkNag: ['PCI.DSS.321-S3BucketReplicationEnabled'] },
  evaluate(model, analysis) {
    return resultOf(model.buckets.flatMap((b) => {
      const why = auditReason(model, b);
      if (!why) return [];
      if (b.versioning.provenance === 'unknown') return [check('unknown', b, `${b.address} holds audit logs (${why}); its versioning is known only after apply`, b.versioning.location)];
      if (b.versioning.value !== 'Enabled') return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but is not versioned`, b.versioning.location, b.versioning.value ?? null)];
      if (b.objectLock.value === true && b.objectLockMode.value !== undefined) return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, Object Lock ${b.objectLockMode.value}`, b.objectLockMode.location, b.objectLockMode.value)];
      if (policyUnknown(b)) return [check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy?.location)];
      if (!b.policy) return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but neither Object Lock nor a bucket policy stops objects or versions being deleted`)];
      const resource = bucketResource(analysis, b);
      // Every request key left undecided: a Deny that may apply counts (see the description).
      const undecided = { 'aws:SecureTransport': undefined, 's3:TlsVersion': undefined };
      const deletes = ['s3:DeleteObject', 's3:DeleteObjectVersion'].flatMap((action) => answers(analysis, { asker: { anyone: true }, action, resource, request: undecided }));
      const never = deletes.find((a) => a.denied === 'no');
      const unsure = deletes.find((a) => a.denied !== 'yes' && a.decision === 'unknown');
      if (never) return [check('non-compliant', b, `${b.address} holds audit logs (${why}) but neither Object Lock nor its policy stops objects or versions being deleted (a delete by ${never.as} meets no Deny)`, b.policy.location)];
      if (unsure) return [check('unknown', b, `${b.address}: whether deletes are denied depends on values known only after apply (${unsure.reason})`, b.policy.location)];
      return [check('compliant', b, `${b.address} holds audit logs (${why}); versioned, and its policy denies deleting objects and versions`, where(deletes[0]!, 'Deny') ?? b.policy.location)];
    }));
  },
};
