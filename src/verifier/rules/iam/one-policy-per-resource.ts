import type { Rule } from '../types.ts';
import { resultOf, type Check } from '../types.ts';

export const onePolicyPerResource: Rule = {
  id: 'ENC-IAM-019',
  title: 'Each bucket, key and secret has its policy written once',
  description: 'A bucket, a KMS key and a secret each have exactly one resource policy in AWS. Two places that write it — an aws_s3_bucket_policy next to another one or next to the bucket\'s own policy argument, aws_kms_key.policy next to aws_kms_key_policy, two AWS::S3::BucketPolicy for one bucket — replace each other on every apply: which one is in force depends on the order Terraform or CloudFormation happened to take, and the other\'s denies silently vanish. (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy)',
  service: 'iam',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['7.2.1', '6.4.1'] },
  evaluate(model) {
    const checks: Check[] = [];
    // A policy resource whose bucket, key or secret only apply can tell may be a second policy for one of these.
    for (const u of model.unattached.filter((x) => /policy/i.test(x.aspect) && ['s3-bucket', 'kms-key', 'secret'].includes(x.configures))) {
      if (model.buckets.length + model.keys.length + model.secrets.length === 0) continue;
      checks.push({ verdict: 'unknown', resource: u.address, message: `${u.address} writes the policy of a ${u.configures} known only after apply: it may be a second policy for one of this stack's, replacing its policy on every apply`, location: u.location });
    }
    for (const r of [...model.buckets, ...model.keys, ...model.secrets]) {
      if (r.policySources.length <= 1) {
        if (r.policySources.length === 1) checks.push({ verdict: 'compliant', resource: r.address, message: `${r.address}'s policy is written once (${r.policySources[0]!.address})`, location: r.policySources[0]!.location });
        continue;
      }
      const [first, ...others] = r.policySources;
      for (const other of others) checks.push({ verdict: 'non-compliant', resource: r.address, message: `${r.address}'s policy is written by ${first!.address} and again by ${other.address}: each apply replaces the other, so which denies hold depends on apply order`, location: other.location });
    }
    return resultOf(checks);
  },
};
