// ENC-S3-005: uploads asking for the wrong encryption are denied, without denying uploads that send no encryption
// header (default encryption, AWS log deliveries, the parts of multipart uploads).
import { morePermissive } from '../../analysis/iam/decision.ts';
import type { Answer, KeyValue } from '../../analysis/iam/questions.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';
import { answers, bucketKeyArn, bucketResource, policyUnknown, where } from './common.ts';

const SSE = 's3:x-amz-server-side-encryption';
const KEY_ID = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** Denied more than `than`: explicitly where `than` is not, or maybe where `than` surely is not. */
function deniedMore(a: Answer, than: Answer): 'yes' | 'maybe' | 'no' {
  if (a.denied === 'yes' && than.denied !== 'yes') return 'yes';
  if (a.denied === 'maybe' && than.denied === 'no') return 'maybe';
  if (morePermissive(than.decision, a.decision) && a.denied !== 'no') return 'maybe';
  return 'no';
}

export const bucketUploadsEncrypted: Rule = {
  id: 'ENC-S3-005',
  title: 'Uploads with the wrong encryption are denied, default encryption still works',
  description:
    "The bucket policy denies PutObject when the request asks for an encryption other than SSE-KMS (or another key than the bucket's), and denies nothing for a request that sends no encryption header: default encryption, AWS log deliveries, and the parts of a multipart upload (UploadPart is authorised as s3:PutObject and carries no encryption header) all send none. Only a deny on a header that is present and wrong does this: Null = false with StringNotEquals. StringNotEqualsIfExists, a bare StringNotEquals and Null = true also deny requests without the header, because IAM evaluates an ...IfExists condition on a missing key as true and a StringNotEquals on a missing key as true (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists).",
  service: 's3',
  severity: 'medium',
  controls: { 'pci-dss-4.0.1': ['3.5.1'] },
  crossReference: { checkov: ['CKV_AWS_19'] },
  evaluate(model, analysis) {
    return resultOf(
      model.buckets.flatMap((b): Check[] => {
        if (!b.policy)
          return [
            check('non-compliant', b, `${b.address} has no bucket policy denying uploads with the wrong encryption`),
          ];
        if (policyUnknown(b))
          return [check('unknown', b, `${b.address}'s bucket policy is known only after apply`, b.policy.location)];
        const resource = bucketResource(analysis, b);
        const key = bucketKeyArn(analysis, b);
        const upload = (request: Record<string, KeyValue>) =>
          answers(analysis, { asker: { anyone: true }, action: 's3:PutObject', resource, request });
        // The same principals from the same places, asked three ways: the right header, a wrong one, none.
        const right = upload({ [SSE]: 'aws:kms', [KEY_ID]: key ? [key] : null });
        const wrong = upload({ [SSE]: 'AES256', [KEY_ID]: null });
        const none = upload({ [SSE]: null, [KEY_ID]: null });
        const delivery = answers(analysis, {
          asker: { service: 'delivery.logs.amazonaws.com', forAccount: 'this' },
          action: 's3:PutObject',
          resource,
          request: { [SSE]: null, [KEY_ID]: null },
        });

        const problems: Check[] = [];
        const notDenied = wrong.find((a) => a.denied === 'no');
        if (notDenied)
          problems.push(
            check(
              'non-compliant',
              b,
              `${b.address}'s policy does not deny uploads that ask for the wrong encryption: PutObject with ${SSE}: AES256 by ${notDenied.as} is not denied (deny it when the header is present and not aws:kms: Null = false with StringNotEquals)`,
              b.policy.location,
            ),
          );
        const headerless = none.map((a, i) => ({ a, more: deniedMore(a, right[i]!) }));
        const broken =
          headerless.find((x) => x.more === 'yes') ??
          (delivery.find((a) => a.denied === 'yes')
            ? { a: delivery.find((a) => a.denied === 'yes')!, more: 'yes' as const }
            : undefined);
        if (broken) {
          problems.push(
            check(
              'non-compliant',
              b,
              `${b.address}'s policy denies uploads that send no encryption header (PutObject by ${broken.a.as}: ${broken.a.reason}). AWS log deliveries, uploads relying on default encryption and the parts of multipart uploads (UploadPart carries no encryption header) all fail; deny only a header that is present and wrong (Null = false with StringNotEquals), not StringNotEqualsIfExists, a bare StringNotEquals or Null = true`,
              where(broken.a, 'Deny') ?? b.policy.location,
            ),
          );
        }
        if (problems.length > 0) return problems;
        const unsureWrong = wrong.find((a) => a.denied === 'maybe');
        if (unsureWrong)
          return [
            check(
              'unknown',
              b,
              `${b.address}: whether an upload asking for AES256 by ${unsureWrong.as} is denied depends on values known only after apply or on conditions the code does not decide`,
              where(unsureWrong, 'Deny') ?? b.policy.location,
            ),
          ];
        const unsureNone = headerless.find((x) => x.more === 'maybe')?.a ?? delivery.find((a) => a.denied === 'maybe');
        if (unsureNone)
          return [
            check(
              'unknown',
              b,
              `${b.address}: whether an upload without an encryption header by ${unsureNone.as} is denied depends on values known only after apply or on conditions the code does not decide`,
              where(unsureNone, 'Deny') ?? b.policy.location,
            ),
          ];
        return [
          check(
            'compliant',
            b,
            `${b.address}'s policy denies uploads that ask for an encryption other than SSE-KMS and lets uploads without the header (default encryption, log deliveries, multipart parts) through`,
            where(wrong[0]!, 'Deny') ?? b.policy.location,
          ),
        ];
      }),
    );
  },
};
