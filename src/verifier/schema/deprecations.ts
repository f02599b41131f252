// Arguments the AWS provider 5.x deprecates. The generated bindings do not carry deprecation, so this is data, taken
// from the provider's 5.x documentation (the "Deprecated" notes on each resource page and the v4/v5 upgrade guides).

export interface Deprecation {
  resourceType: string;
  argument: string;
  instead: string;
}

const s3Split = (argument: string, resource: string): Deprecation => ({
  resourceType: 'aws_s3_bucket',
  argument,
  instead: `the ${resource} resource`,
});

export const DEPRECATIONS: readonly Deprecation[] = [
  s3Split('versioning', 'aws_s3_bucket_versioning'),
  s3Split('server_side_encryption_configuration', 'aws_s3_bucket_server_side_encryption_configuration'),
  s3Split('lifecycle_rule', 'aws_s3_bucket_lifecycle_configuration'),
  s3Split('policy', 'aws_s3_bucket_policy'),
  s3Split('logging', 'aws_s3_bucket_logging'),
  s3Split('acl', 'aws_s3_bucket_acl'),
  s3Split('grant', 'aws_s3_bucket_acl'),
  s3Split('cors_rule', 'aws_s3_bucket_cors_configuration'),
  s3Split('website', 'aws_s3_bucket_website_configuration'),
  s3Split('replication_configuration', 'aws_s3_bucket_replication_configuration'),
  s3Split('object_lock_configuration', 'aws_s3_bucket_object_lock_configuration'),
  s3Split('acceleration_status', 'aws_s3_bucket_accelerate_configuration'),
  s3Split('request_payer', 'aws_s3_bucket_request_payment_configuration'),
  {
    resourceType: 'aws_guardduty_detector',
    argument: 'datasources',
    instead: 'aws_guardduty_detector_feature resources',
  },
  {
    resourceType: 'aws_iam_role',
    argument: 'inline_policy',
    instead: 'aws_iam_role_policy (or aws_iam_role_policies_exclusive)',
  },
  {
    resourceType: 'aws_iam_role',
    argument: 'managed_policy_arns',
    instead: 'aws_iam_role_policy_attachment (or aws_iam_role_policy_attachments_exclusive)',
  },
  { resourceType: 'aws_eip', argument: 'vpc', instead: 'domain = "vpc"' },
  { resourceType: 'aws_db_instance', argument: 'name', instead: 'db_name' },
];

const byResource = new Map<string, Map<string, Deprecation>>();
for (const deprecation of DEPRECATIONS) {
  const arguments_ = byResource.get(deprecation.resourceType) ?? new Map<string, Deprecation>();
  arguments_.set(deprecation.argument, deprecation);
  byResource.set(deprecation.resourceType, arguments_);
}

export function deprecationOf(resourceType: string, argument: string): Deprecation | undefined {
  return byResource.get(resourceType)?.get(argument);
}
