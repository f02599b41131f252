// What the compliance scanner needs from its environment, and the requests it really sends: the verifier proves
// the zero-trust stack gives exactly this.
import { defineContract } from '../../core/contract.ts';

const read = (action: string, why: string) => ({ action, resource: { kind: 'any' as const }, why });

export const contract = defineContract({
  function: 'compliance-scanner',
  environment: [
    { name: 'SNS_TOPIC_ARN', required: true, names: 'sns-topic', description: 'topic that receives the scan summary' },
    { name: 'REPORTS_BUCKET', required: true, names: 's3-bucket', holds: 'other', description: 'bucket that receives the full JSON report' },
    { name: 'REPORTS_KMS_KEY_ID', required: true, names: 'kms-key', description: 'KMS key the report is encrypted under (SSE-KMS)' },
    {
      name: 'SNS_TOPIC_KMS_KEY_ID',
      required: false,
      names: 'kms-key',
      description: 'KMS key of the topic; recorded in the report as evidence of how notifications are protected',
    },
  ],
  calls: [
    read('s3:ListAllMyBuckets', 'list the buckets to scan'),
    read('s3:GetEncryptionConfiguration', 'default encryption of every bucket'),
    read('s3:GetBucketVersioning', 'versioning of every bucket'),
    read('s3:GetBucketPublicAccessBlock', 'public access block of every bucket'),
    read('ec2:DescribeVolumes', 'EBS volume encryption'),
    read('ec2:DescribeSecurityGroups', 'security group rules open to the internet'),
    read('ec2:DescribeVpcs', 'VPCs to check for flow logs'),
    read('ec2:DescribeFlowLogs', 'flow logs attached to each VPC'),
    read('logs:DescribeLogGroups', 'log group KMS encryption'),
    read('kms:ListKeys', 'keys to check for rotation'),
    read('kms:DescribeKey', 'which keys are customer-managed and rotatable'),
    read('kms:GetKeyRotationStatus', 'rotation of customer-managed keys'),
    read('dynamodb:ListTables', 'tables to check for point-in-time recovery'),
    read('dynamodb:DescribeContinuousBackups', 'point-in-time recovery of every table'),
    {
      action: 's3:PutObject',
      resource: { kind: 's3-object', env: 'REPORTS_BUCKET', prefixes: ['compliance-reports/'] },
      request: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': { env: 'REPORTS_KMS_KEY_ID' } },
      why: 'upload the JSON report (src/functions/compliance-scanner/findings.ts: compliance-reports/<region>/<day>/…)',
    },
    { action: 'sns:Publish', resource: { kind: 'sns-topic', env: 'SNS_TOPIC_ARN' }, why: 'publish the scan summary' },
    {
      action: 'kms:GenerateDataKey',
      resource: { kind: 'kms-key', env: 'REPORTS_KMS_KEY_ID' },
      viaService: 's3',
      encryptionContext: { 'aws:s3:arn': { s3ArnOf: 'REPORTS_BUCKET' } },
      why: 'data key for the SSE-KMS report upload (a single PutObject needs no kms:Decrypt)',
    },
    // SNS encrypts with the topic's own key, whichever variable names it: the key is the topic's.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    {
      action: 'kms:GenerateDataKey',
      resource: { kind: 'kms-key', keyOf: 'SNS_TOPIC_ARN' },
      viaService: 'sns',
      encryptionContext: { 'aws:sns:topicArn': { arnOf: 'SNS_TOPIC_ARN' } },
      why: 'publish to the KMS-encrypted topic',
    },
    {
      action: 'kms:Decrypt',
      resource: { kind: 'kms-key', keyOf: 'SNS_TOPIC_ARN' },
      viaService: 'sns',
      encryptionContext: { 'aws:sns:topicArn': { arnOf: 'SNS_TOPIC_ARN' } },
      why: 'publish to the KMS-encrypted topic (AWS docs: publishers need GenerateDataKey and Decrypt)',
    },
  ],
  extraServices: ['logs'],
});

export default contract;
