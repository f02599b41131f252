// The corpus verdicts a correct verifier must give, and the errors Enclave reports that the reference tools do not
// (each with the reason it is nevertheless right). expected.json pins Enclave's diagnostics per entry and
// verdicts.json every rule's verdict per entry; regenerate both with `npx tsx test/corpus/expected.ts` after a
// reviewed change, and read the diff. REVIEWED_VERDICTS are verdicts checked by hand against the code and AWS's
// behaviour, asserted on their own: a regeneration cannot make them wrong silently.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, runEnclave, type EnclaveResult, type EnclaveVerdicts } from './run-enclave.ts';
import type { ManifestEntry } from './vendor.ts';

/**
 * Errors beyond what `terraform validate` / cfn-lint see, reviewed one by one: id → (a substring of the diagnostic
 * → why it is a true diagnostic).
 */
const RAIN_EMBED =
  'Rain::Embed is a directive of the rain CLI, which inlines a file before deploying; the template as written gives CloudFormation a non-string ZipFile, which it rejects. cfn-lint reports exactly this (E3012) on ElastiCache/Elasticache-snapshot; here the template tells cfn-lint to ignore E3012';

export const BEYOND_THE_ORACLE: Record<string, Record<string, string>> = {
  'cfn/aws-cloudformation-templates/APIGateway/apigateway_lambda_integration.json': { '"Code.ZipFile" on AWS::Lambda::Function must be a string': RAIN_EMBED },
  'cfn/aws-cloudformation-templates/APIGateway/apigateway_lambda_integration.yaml': { 'unknown tag !Rain::Embed': RAIN_EMBED },
  'tf/vpc/issues': {
    'coalescelist(): no non-null, non-empty argument':
      'module vpc_issue_46 has private_subnets = [] and no database or elasticache route tables, so coalescelist(aws_route_table.database[*].id, aws_route_table.private[*].id) gets two empty lists: terraform plan fails there ("no non-null arguments"); validate does not evaluate counts',
  },
};

/** A verdict checked by hand: the rule's verdict, or a check's (rule → resource → verdict), and why it is right. */
export interface ReviewedVerdict {
  rule: string;
  /** The rule's verdict; or, with `resource`, the verdict of that resource's checks (the worst of them). */
  verdict: 'compliant' | 'non-compliant' | 'unknown' | 'not-applicable';
  resource?: string;
  why: string;
}

const TLS_BY_NAME =
  'the bucket policy names its bucket by Fn::Sub over the same parameters as the bucket\'s BucketName and denies s3:* to everyone when aws:SecureTransport is false: requests without TLS are denied (issue 17: these buckets wrongly failed, the policy was not linked)';
const NO_POLICY = 'no AWS::S3::BucketPolicy in the template: nothing denies requests without TLS';
const NOT_LOADED = 'the configuration calls registry modules that cannot be loaded offline: whatever they create is not verified, so it must not pass (issue 17: a stack of registry modules printed PASSED and exited 0)';

export const REVIEWED_VERDICTS: Record<string, { failed?: boolean; verdicts: ReviewedVerdict[] }> = {
  ...Object.fromEntries(['json', 'yaml'].flatMap((ext) => [
    [`cfn/aws-cloudformation-templates/S3/compliant-bucket.${ext}`, { verdicts: ['ObjectStorageBucket', 'ObjectStorageLogBucket', 'ObjectStorageReplicaBucket'].map((resource) => ({ rule: 'ENC-S3-004', resource, verdict: 'compliant' as const, why: TLS_BY_NAME })) }],
    [`cfn/aws-cloudformation-templates/S3/compliant-static-website.${ext}`, { verdicts: ['CloudFrontLogsBucket', 'CloudFrontLogsLogBucket', 'CloudFrontLogsReplicaBucket', 'ContentBucket', 'ContentLogBucket', 'ContentReplicaBucket'].map((resource) => ({ rule: 'ENC-S3-004', resource, verdict: 'compliant' as const, why: TLS_BY_NAME })) }],
    [`cfn/aws-cloudformation-templates/Config/Config.${ext}`, { verdicts: [{ rule: 'ENC-S3-004', resource: 'ConfigBucket', verdict: 'non-compliant' as const, why: NO_POLICY }] }],
  ])),
  'tf/lambda/with-vpc-s3-endpoint': { failed: true, verdicts: [{ rule: 'ENC-S3-004', verdict: 'unknown', why: NOT_LOADED }, { rule: 'ENC-VPC-001', verdict: 'unknown', why: NOT_LOADED }] },
  'tf/vpc/vpc-flow-logs': { failed: true, verdicts: [{ rule: 'ENC-VPC-002', verdict: 'unknown', why: `${NOT_LOADED} (module.s3_bucket, the flow-log bucket)` }] },
  'tf/kms/complete': {
    verdicts: [{ rule: 'ENC-KMS-001', resource: 'module.kms_complete.aws_kms_key.this[0]', verdict: 'non-compliant', why: 'the example sets enable_key_rotation = false for this key: it does not rotate' }],
  },
  'tf/vpc/ipam': {
    verdicts: [{ rule: 'ENC-VPC-001', verdict: 'not-applicable', why: 'no subnet of the example is tagged, named or used as an isolated tier; the public subnets whose count IPAM decides are linked to their route table (they reach the internet gateway) instead of being orphaned' }],
  },
};

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected: Record<string, EnclaveResult> = {};
  const verdicts: Record<string, EnclaveVerdicts> = {};
  for (const entry of manifest()) {
    const run = await runEnclave(entry);
    expected[entry.id] = run.result;
    verdicts[entry.id] = run.verdicts;
  }
  writeFileSync(join(CORPUS, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  writeFileSync(join(CORPUS, 'verdicts.json'), `${JSON.stringify(verdicts, null, 1)}\n`);
  console.log(`wrote expected.json and verdicts.json for ${Object.keys(expected).length} entries`);
}
