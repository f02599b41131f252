# A data bucket reachable only through one S3 gateway endpoint, except for the deploying role (so Terraform
# outside the VPC can still manage it) and AWS service deliveries; objects go to Glacier after 30 days and
# expire after 90. Flow logs record the VPC's traffic.

data "aws_caller_identity" "current" {}

# The role running Terraform (not its session): it keeps the right to rewrite the example keys' policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

data "aws_region" "current" {}

module "network" {
  source = "../../../network"

  name       = "secure-bucket-example"
  cidr_block = "10.40.0.0/16"
  private_subnets = [
    { name = "private-1", cidr_block = "10.40.1.0/24", availability_zone = "${data.aws_region.current.name}a" },
  ]
}

module "endpoints" {
  source = "../../../vpc-endpoints"

  name              = "secure-bucket-example"
  vpc_id            = module.network.vpc_id
  route_table_ids   = [module.network.private_route_table_id]
  gateway_endpoints = { s3 = {} }
}

module "key" {
  source = "../../../kms-key"

  description               = "Example key for S3"
  alias                     = "s3-encryption-example"
  deletion_window_in_days   = 7
  key_policy_writer_arns    = [data.aws_iam_session_context.deployer.issuer_arn]
  via_service_account_usage = ["s3.${data.aws_region.current.name}.amazonaws.com"]
}

module "bucket" {
  source = "../../"

  bucket                       = "s3-example-data-${data.aws_caller_identity.current.account_id}"
  kms_key_arn                  = module.key.key_arn
  force_destroy                = true
  restrict_to_vpc_endpoint_ids = [module.endpoints.gateway_endpoint_ids["s3"]]
  vpce_exempt_principal_arns   = [var.deployer_role_arn]
  tags                         = { "enclave:classification" = "other" }

  lifecycle_rules = [
    {
      id                         = "glacier-30-expire-90"
      transition_days            = 30
      transition_storage_class   = "GLACIER"
      expiration_days            = 90
      noncurrent_expiration_days = 90
    },
  ]
}

# Flow logs for the example VPC (PCI DSS 10.2.1), to a log group under a CloudWatch Logs key.
module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for the flow-log group"
  alias                   = "secure-bucket-example-logs"
  deletion_window_in_days = 7
  key_policy_writer_arns  = [data.aws_iam_session_context.deployer.issuer_arn]

  service_principals = [
    {
      sid     = "CloudWatchLogsUseForThisAccount"
      service = "logs.${data.aws_region.current.name}.amazonaws.com"
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
        },
      ]
    },
  ]
}

module "flow_logs" {
  source = "../../../flow-logs"

  name   = "secure-bucket-example"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name = "/aws/vpc/secure-bucket-example"
    kms_key_arn    = module.logs_key.key_arn
  }
}
