# VPC flow logs to CloudWatch Logs (KMS-encrypted group, delivery role scoped to this account's flow logs)
# and/or to S3. With neither destination set the module creates nothing.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id    = data.aws_caller_identity.current.account_id
  flow_log_arns = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${local.account_id}:vpc-flow-log/*"
  # Decided on attributes that are literals in practice, so the choice is known at plan time to every evaluator.
  use_cloudwatch = try(var.cloudwatch.log_group_name, null) != null
  use_s3         = try(var.s3.prefix, null) != null
}

# --- CloudWatch Logs destination ---------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  count = local.use_cloudwatch ? 1 : 0

  name              = var.cloudwatch.log_group_name
  retention_in_days = var.cloudwatch.retention_in_days
  kms_key_id        = var.cloudwatch.kms_key_arn

  tags = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "FlowLogsDeliveryAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    # Confused-deputy protection: only flow logs of this account may use the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.flow_log_arns]
    }
  }
}

resource "aws_iam_role" "this" {
  count = local.use_cloudwatch ? 1 : 0

  name               = "${var.name}-flow-logs-role"
  description        = "Lets VPC flow logs of ${var.name} write to their log group"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  # Assumed by the flow-logs service to deliver records: judged as a delivery role (enclave verify).
  tags = merge(var.tags, { "enclave:duty" = "delivery" })
}

data "aws_iam_policy_document" "delivery" {
  count = local.use_cloudwatch ? 1 : 0

  statement {
    sid       = "WriteFlowLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.this[0].arn}:*"]
  }

  # DescribeLogGroups cannot be scoped to one group; flow logs call it to check the destination.
  statement {
    sid       = "DescribeLogGroups"
    effect    = "Allow"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${local.account_id}:log-group:*"]
  }
}

resource "aws_iam_role_policy" "delivery" {
  count = local.use_cloudwatch ? 1 : 0

  name   = "${var.name}-flow-logs-delivery"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.delivery[0].json
}

resource "aws_flow_log" "cloudwatch" {
  count = local.use_cloudwatch ? 1 : 0

  vpc_id                   = var.vpc_id
  traffic_type             = var.traffic_type
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.this[0].arn
  iam_role_arn             = aws_iam_role.this[0].arn
  max_aggregation_interval = var.max_aggregation_interval

  tags = merge(var.tags, { Name = "${var.name}-cloudwatch" })

  depends_on = [aws_iam_role_policy.delivery]
}

# --- S3 destination ----------------------------------------------------------------------------------------

resource "aws_flow_log" "s3" {
  count = local.use_s3 ? 1 : 0

  vpc_id                   = var.vpc_id
  traffic_type             = var.traffic_type
  log_destination_type     = "s3"
  log_destination          = "${var.s3.bucket_arn}/${var.s3.prefix}"
  max_aggregation_interval = var.max_aggregation_interval

  destination_options {
    file_format                = "parquet"
    hive_compatible_partitions = true
    per_hour_partition         = true
  }

  tags = merge(var.tags, { Name = "${var.name}-s3" })
}
