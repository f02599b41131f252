# Flow logs of a VPC to both a KMS-encrypted CloudWatch Logs group (12 months) and an S3 bucket.

data "aws_caller_identity" "current" {}

# The role running Terraform (not its session): it keeps the right to rewrite the example keys' policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}
data "aws_region" "current" {}

module "network" {
  source = "../../../network"

  name       = "flow-logs-example"
  cidr_block = "10.50.0.0/16"
  private_subnets = [
    { name = "private-1", cidr_block = "10.50.1.0/24", availability_zone = "${data.aws_region.current.name}a" },
  ]
}

module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for flow logs"
  alias                   = "flow-logs-example"
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
    {
      sid     = "LogDeliveryWritesFlowLogsToS3"
      service = "delivery.logs.amazonaws.com"
      actions = ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"]
      conditions = [
        {
          test     = "StringEquals"
          variable = "aws:SourceAccount"
          values   = [data.aws_caller_identity.current.account_id]
        },
      ]
    },
  ]

  via_service_account_usage = ["s3.${data.aws_region.current.name}.amazonaws.com"]
}

data "aws_iam_policy_document" "log_delivery" {
  statement {
    sid     = "LogDeliveryWrite"
    effect  = "Allow"
    actions = ["s3:PutObject"]
    # Hive-compatible partitions (the module's default): AWSLogs/aws-account-id=<account>/…
    resources = ["arn:aws:s3:::flow-logs-example-${data.aws_caller_identity.current.account_id}/vpc-flow-logs/AWSLogs/aws-account-id=${data.aws_caller_identity.current.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    sid       = "LogDeliveryAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:aws:s3:::flow-logs-example-${data.aws_caller_identity.current.account_id}"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

module "bucket" {
  source = "../../../secure-bucket"

  bucket                 = "flow-logs-example-${data.aws_caller_identity.current.account_id}"
  kms_key_arn            = module.logs_key.key_arn
  force_destroy          = true
  additional_policy_json = data.aws_iam_policy_document.log_delivery.json
  # Flow logs are audit records: nobody deletes them or shortens their lifecycle (a real stack names its
  # break-glass role here; emptying this example bucket first needs its policy removed by an account admin).
  record_keeper_arns = []

  lifecycle_rules = [
    { id = "keep-12-months", transition_days = 90, expiration_days = 400 },
  ]

  tags = { "enclave:classification" = "audit" }
}

module "flow_logs" {
  source = "../../"

  name   = "flow-logs-example"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name    = "/aws/vpc/flow-logs-example"
    kms_key_arn       = module.logs_key.key_arn
    retention_in_days = 365
  }

  s3 = {
    bucket_arn = module.bucket.bucket_arn
  }

  depends_on = [module.bucket]
}
