# --- CloudTrail --------------------------------------------------------------------------------------------------
# A trail of every Region's management events (global service events included, log file validation on), encrypted
# with its own customer-managed key into a bucket that keeps its records, and recording data events — reads and
# writes — on the stack's card-data buckets and tables (PCI DSS 10.2.1.1: every individual access to cardholder
# data). Where the organisation's trail already does this, create_trail = false creates nothing and the stack must
# name that trail (organization_trail_arn); enclave verify then cannot see it, and reports the data-event control as
# failing until the claim is recorded as a suppression with its reason (README): claimed, not proven.

locals {
  create_trail = var.cloudtrail != null && try(var.cloudtrail.create_trail, false)
  trail_arn    = local.create_trail ? "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/${var.cloudtrail.name}" : null
  trail_prefix = "cloudtrail"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

module "trail_key" {
  source = "../kms-key"
  count  = local.create_trail ? 1 : 0

  description             = "CloudTrail log files of ${var.name}"
  alias                   = "kms-trail-${var.name}"
  deletion_window_in_days = var.cloudtrail.kms_deletion_window_in_days
  key_policy_writer_arns  = var.cloudtrail.key_policy_writer_arns

  service_principals = [
    {
      sid     = "CloudTrailEncryptsLogFiles"
      service = "cloudtrail.amazonaws.com"
      actions = ["kms:GenerateDataKey"]
      conditions = [
        { test = "StringLike", variable = "kms:EncryptionContext:aws:cloudtrail:arn", values = ["arn:${data.aws_partition.current.partition}:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*"] },
        { test = "StringEquals", variable = "aws:SourceArn", values = [local.trail_arn] },
      ]
    },
    {
      sid     = "CloudTrailDescribesKey"
      service = "cloudtrail.amazonaws.com"
      actions = ["kms:DescribeKey"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceArn", values = [local.trail_arn] },
      ]
    },
    {
      # The bucket uses an S3 Bucket Key: CloudTrail then needs kms:Decrypt as well as GenerateDataKey
      # (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
      sid     = "CloudTrailDecryptsWithTheBucketKey"
      service = "cloudtrail.amazonaws.com"
      actions = ["kms:Decrypt"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceArn", values = [local.trail_arn] },
      ]
    },
  ]

  # The named readers (an auditor; PCI DSS 10.4.1 log review, validate-logs) decrypt the trail's objects through S3.
  key_users = length(var.cloudtrail.reader_arns) > 0 ? [
    {
      sid            = "TrailReadersDecryptThroughS3"
      principal_arns = var.cloudtrail.reader_arns
      actions        = ["kms:Decrypt"]
      conditions     = [{ test = "StringEquals", variable = "kms:ViaService", values = ["s3.${data.aws_region.current.name}.amazonaws.com"] }]
    },
  ] : []

  tags = var.tags
}

data "aws_iam_policy_document" "trail_delivery" {
  count = local.create_trail ? 1 : 0

  statement {
    sid       = "CloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.cloudtrail.bucket_name}"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.cloudtrail.bucket_name}/${local.trail_prefix}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

module "trail_bucket" {
  source = "../secure-bucket"
  count  = local.create_trail ? 1 : 0

  bucket        = var.cloudtrail.bucket_name
  kms_key_arn   = module.trail_key[0].key_arn
  force_destroy = var.cloudtrail.force_destroy

  # Audit records: only the record keepers (break-glass) may delete them or shorten their lifecycle.
  record_keeper_arns = var.cloudtrail.record_keeper_arns
  lifecycle_rules = [
    {
      id                         = "trail-retention"
      transition_days            = 90
      expiration_days            = var.cloudtrail.retention_days
      noncurrent_expiration_days = var.cloudtrail.retention_days
    },
  ]
  additional_policy_json = data.aws_iam_policy_document.trail_delivery[0].json

  tags = merge(var.tags, { "enclave:classification" = "audit" })
}

resource "aws_cloudtrail" "this" {
  # checkov:skip=CKV_AWS_252: per-log-file SNS notifications are not a control here; the stack's alarms watch the data itself
  # checkov:skip=CKV2_AWS_10: CloudWatch Logs delivery of the trail is the stack's choice (an alarm on API calls); the S3 copy is the record
  count = local.create_trail ? 1 : 0

  name                          = var.cloudtrail.name
  s3_bucket_name                = module.trail_bucket[0].bucket_id
  s3_key_prefix                 = local.trail_prefix
  kms_key_id                    = module.trail_key[0].key_arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    dynamic "data_resource" {
      for_each = length(var.cloudtrail.data_event_bucket_arns) > 0 ? [1] : []
      content {
        type   = "AWS::S3::Object"
        values = [for arn in var.cloudtrail.data_event_bucket_arns : "${arn}/"]
      }
    }

    dynamic "data_resource" {
      for_each = length(var.cloudtrail.data_event_table_arns) > 0 ? [1] : []
      content {
        type   = "AWS::DynamoDB::Table"
        values = var.cloudtrail.data_event_table_arns
      }
    }
  }

  tags = merge(var.tags, { Name = var.cloudtrail.name })

  # CreateTrail checks the bucket policy first.
  depends_on = [module.trail_bucket]
}
