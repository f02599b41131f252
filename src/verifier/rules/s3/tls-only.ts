// ENC-S3-004: the bucket policy denies requests not made over TLS.
import { check } from '../helpers.ts';
import { resultOf, type Rule } from '../types.ts';
import { answers, bucketKeyArn, bucketResource, policyUnknown, where } from './common.ts';

export const bucketTlsOnly: Rule = {
  id: 'ENC-S3-004',
  title: 'Bucket policies deny requests without TLS',
  description:
    'Card data is protected in transit: the bucket policy denies every request where aws:SecureTransport is false (a minimum s3:TlsVersion alone does not stop plain HTTP, whose requests carry no TLS version). Asked of the IAM evaluator: may anyone in the account, from anywhere, read or write an object over plain HTTP?',
  service: 's3',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['4.2.1'] },
  crossReference: { securityHub: ['S3.5'], cdkNag: ['PCI.DSS.321-S3BucketSSLRequestsOnly'], checkov: ['CKV_AWS_379'] },
  evaluate(model, analysis) {
    return resultOf(
      model.buckets.map((b) => {
        if (!b.policy)
          return check('non-compliant', b, `${b.address} has no bucket policy, so requests without TLS are not denied`);
        if (policyUnknown(b))
          return check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy.location);
        const resource = bucketResource(analysis, b);
        const key = bucketKeyArn(analysis, b);
        const plainHttp = { 'aws:SecureTransport': 'false', 's3:TlsVersion': null };
        // Uploads send the right encryption headers, so that only the missing TLS can be what denies them.
        const put = {
          ...plainHttp,
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': key ? [key] : null,
        };
        const all = [
          ...answers(analysis, { asker: { anyone: true }, action: 's3:GetObject', resource, request: plainHttp }).map(
            (a) => ({ a, action: 's3:GetObject' }),
          ),
          ...answers(analysis, { asker: { anyone: true }, action: 's3:PutObject', resource, request: put }).map(
            (a) => ({ a, action: 's3:PutObject' }),
          ),
        ];
        const through = all.find(({ a }) => a.denied === 'no');
        if (through)
          return check(
            'non-compliant',
            b,
            `${b.address}'s policy does not deny requests made without TLS: ${through.action} over plain HTTP by ${through.a.as} is not denied (Deny * on s3:* when aws:SecureTransport is false)`,
            b.policy.location,
          );
        const unsure = all.find(({ a }) => a.denied === 'maybe');
        if (unsure)
          return check(
            'unknown',
            b,
            `${b.address}: whether ${unsure.action} over plain HTTP by ${unsure.a.as} is denied depends on values known only after apply or on conditions the code does not decide`,
            where(unsure.a, 'Deny') ?? b.policy.location,
          );
        return check(
          'compliant',
          b,
          `${b.address}'s policy denies requests without TLS`,
          where(all[0]!.a, 'Deny') ?? b.policy.location,
        );
      }),
    );
  },
};
