# payment-api (spec 002): a payments API function over RDS PostgreSQL in a VPC with private subnets only, four
# customer-managed keys, encrypted buckets, flow logs to S3 and CloudWatch, and security alarms.
# Layout: main.tf (network, endpoints, keys, buckets, flow logs), database.tf, function.tf, iam.tf, monitoring.tf.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# The role running Terraform (not its session): one of the two principals that may rewrite the key policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  suffix     = var.environment_suffix
  account_id = data.aws_caller_identity.current.account_id
  region     = var.aws_region
  partition  = data.aws_partition.current.partition

  function_name    = "lambda-payment-api-${local.suffix}"
  db_identifier    = "rds-payment-api-${local.suffix}"
  flow_logs_bucket = "s3-flow-logs-payment-api-${local.suffix}-${local.account_id}"
  trail_bucket     = "s3-trail-payment-api-${local.suffix}-${local.account_id}"
  # The CloudTrail bucket the account baseline creates (none where the organisation's trail is used).
  trail_bucket_arns  = var.create_cloudtrail ? ["arn:${local.partition}:s3:::${local.trail_bucket}"] : []
  functions_dist_dir = coalesce(var.functions_dist_dir, "${path.root}/../../../../dist/functions")

  # Log groups are created here, before their writers, so none is ever created unencrypted or never-expiring.
  # The function's own group is a resource of its own (function.tf) so the function can depend on exactly it.
  log_groups = {
    rds_postgresql = "/aws/rds/instance/${local.db_identifier}/postgresql"
    rds_upgrade    = "/aws/rds/instance/${local.db_identifier}/upgrade"
    flow_logs      = "/aws/vpc/flow-logs-payment-api-${local.suffix}"
  }
  alarm_arn_pattern   = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:alarm-*-payment-api-${local.suffix}"
  trusted_account_ids = length(var.trusted_account_ids) > 0 ? var.trusted_account_ids : [local.account_id]

  # Who may rewrite the key policies (never the account root): the role that runs Terraform (KMS's lockout safety
  # check requires it) and break-glass (iam.tf).
  key_policy_writers = [data.aws_iam_session_context.deployer.issuer_arn, aws_iam_role.break_glass.arn]
}

# ---------------------------------------------------------------------------------------------------------------
# Network: three private subnets, no internet gateway, no NAT, no default route (the module creates none).

module "network" {
  source = "../../modules/network"

  name       = "vpc-payment-api-${local.suffix}"
  cidr_block = var.vpc_cidr
  private_subnets = [
    for i, zone in var.availability_zone_suffixes : {
      name              = "private-${zone}"
      cidr_block        = var.private_subnet_cidrs[i]
      availability_zone = "${local.region}${zone}"
    }
  ]
}

# S3 through a gateway endpoint; every API the function (and RDS's own tooling) calls through interface
# endpoints with private DNS: Secrets Manager (the function's only AWS call), KMS (Secrets Manager decrypts under
# our keys; operators' tooling), CloudWatch Logs, and the RDS API (the spec's "RDS using PrivateLink").
module "endpoints" {
  source = "../../modules/vpc-endpoints"

  name                = "vpce-payment-api-${local.suffix}"
  security_group_name = "secgroup-endpoints-payment-api-${local.suffix}"
  vpc_id              = module.network.vpc_id

  gateway_endpoints = {
    s3 = { policy_json = data.aws_iam_policy_document.s3_endpoint.json }
  }
  route_table_ids = [module.network.private_route_table_id]

  interface_endpoints = {
    secretsmanager = { policy_json = data.aws_iam_policy_document.secretsmanager_endpoint.json }
    kms            = {}
    logs           = {}
    rds            = {}
  }
  subnet_ids              = module.network.private_subnet_ids
  allowed_security_groups = { lambda = aws_security_group.lambda.id }
}

# Only this account's principals may use the S3 endpoint, and only on this account's buckets.
data "aws_iam_policy_document" "s3_endpoint" {
  statement {
    sid       = "OwnAccountOnly"
    effect    = "Allow"
    actions   = ["s3:*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:ResourceAccount"
      values   = [local.account_id]
    }
  }
}

# Through this endpoint, only the secrets the two functions read can be read.
data "aws_iam_policy_document" "secretsmanager_endpoint" {
  statement {
    sid       = "ReadTheStackSecretsOnly"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = concat([local.db_secret_arn, aws_secretsmanager_secret.token_key.arn], [for s in aws_secretsmanager_secret.db_role : s.arn])

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Four customer-managed keys, rotation on, each used for one thing (spec 3): RDS, S3, CloudWatch Logs, Lambda.
# The account root only administers them (kms-key module); data use is granted per principal or per service.

module "kms_rds" {
  source = "../../modules/kms-key"

  description             = "RDS PostgreSQL storage, backups, Performance Insights and the RDS-managed master secret (payment-api ${local.suffix})"
  alias                   = "kms-rds-payment-api-${local.suffix}"
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_policy_writer_arns  = local.key_policy_writers

  # RDS and Secrets Manager act with the caller's permissions and create grants; IAM then decides who reads.
  via_service_account_usage = [
    "rds.${local.region}.amazonaws.com",
    "secretsmanager.${local.region}.amazonaws.com",
  ]
}

module "kms_s3" {
  source = "../../modules/kms-key"

  description             = "S3 buckets of payment-api ${local.suffix} (flow-log archive)"
  alias                   = "kms-s3-payment-api-${local.suffix}"
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_policy_writer_arns  = local.key_policy_writers

  service_principals = [
    {
      sid     = "LogDeliveryWritesFlowLogs"
      service = "delivery.logs.amazonaws.com"
      actions = ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
      ]
    },
  ]
  via_service_account_usage = ["s3.${local.region}.amazonaws.com"]
}

module "kms_logs" {
  source = "../../modules/kms-key"

  description             = "CloudWatch Logs groups and the alarm topic of payment-api ${local.suffix}"
  alias                   = "kms-logs-payment-api-${local.suffix}"
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_policy_writer_arns  = local.key_policy_writers

  service_principals = [
    {
      sid     = "CloudWatchLogsForThisAccount"
      service = "logs.${local.region}.amazonaws.com"
      # Exactly what the CloudWatch Logs encryption guide lists, without wildcards.
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
        },
      ]
    },
    {
      # CloudWatch alarms publish to the KMS-encrypted alarm topic.
      sid     = "CloudWatchAlarmsPublish"
      service = "cloudwatch.amazonaws.com"
      actions = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
        { test = "ArnLike", variable = "aws:SourceArn", values = [local.alarm_arn_pattern] },
      ]
    },
  ]
  # SNS encrypts the topic's messages with the publisher's permissions.
  via_service_account_usage = ["sns.${local.region}.amazonaws.com"]
}

module "kms_lambda" {
  source = "../../modules/kms-key"

  description             = "Lambda environment variables and the tokenization key secret of payment-api ${local.suffix}"
  alias                   = "kms-lambda-payment-api-${local.suffix}"
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_policy_writer_arns  = local.key_policy_writers

  # Lambda decrypts the function's environment with the grant it creates when the function is deployed (encryption
  # context aws:lambda:FunctionArn), not with the execution role: no statement for the role. The one that stood
  # here tested kms:EncryptionContext:LambdaFunctionName, which Lambda never sends (the 2026 audit, defect 6).
  via_service_account_usage = [
    "lambda.${local.region}.amazonaws.com",
    "secretsmanager.${local.region}.amazonaws.com",
  ]
}

# ---------------------------------------------------------------------------------------------------------------
# Buckets: the flow-log archive (S3 Standard 90 days, then Glacier, kept 12+ months: PCI DSS 10.5.1).

data "aws_iam_policy_document" "flow_logs_delivery" {
  statement {
    sid     = "LogDeliveryWrite"
    effect  = "Allow"
    actions = ["s3:PutObject"]
    # The flow-logs module writes Parquet with Hive-compatible partitions: AWSLogs/aws-account-id=<account>/…
    resources = ["arn:${local.partition}:s3:::${local.flow_logs_bucket}/vpc-flow-logs/AWSLogs/aws-account-id=${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
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
    resources = ["arn:${local.partition}:s3:::${local.flow_logs_bucket}"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:*"]
    }
  }
}

module "flow_logs_bucket" {
  source = "../../modules/secure-bucket"

  bucket        = local.flow_logs_bucket
  kms_key_arn   = module.kms_s3.key_arn
  force_destroy = true # the spec: every bucket destroyable for synthetic environments
  # "Deny unencrypted uploads": the module denies any upload that asks for another algorithm or another key, and
  # default SSE-KMS encrypts every upload that names none (S3 stores nothing unencrypted). Requiring the header
  # as well would refuse the log deliveries this bucket exists for (README, "Deviations").
  additional_policy_json = data.aws_iam_policy_document.flow_logs_delivery.json
  # Flow logs are audit records (PCI DSS 10.3.2): only break-glass deletes them or rewrites their lifecycle.
  record_keeper_arns = [aws_iam_role.break_glass.arn]

  lifecycle_rules = [
    {
      id                         = "flow-logs-hot-90-then-archive"
      transition_days            = 90
      transition_storage_class   = "GLACIER"
      expiration_days            = var.flow_log_archive_days
      noncurrent_expiration_days = var.flow_log_archive_days
    },
  ]

  tags = { "enclave:classification" = "audit" }
}

# ---------------------------------------------------------------------------------------------------------------
# Flow logs: S3 through the shared module; CloudWatch Logs here, because the module's delivery role carries an
# inline policy and this spec allows managed policies only (see README, "Deviations").

module "flow_logs_s3" {
  source = "../../modules/flow-logs"

  name   = "flow-logs-s3-payment-api-${local.suffix}"
  vpc_id = module.network.vpc_id
  s3     = { bucket_arn = module.flow_logs_bucket.bucket_arn }

  # The bucket policy must allow delivery before CreateFlowLogs runs; otherwise AWS writes its own policy onto the
  # bucket, which the next apply replaces.
  depends_on = [module.flow_logs_bucket]
}

resource "aws_flow_log" "cloudwatch" {
  vpc_id                   = module.network.vpc_id
  traffic_type             = "ALL"
  max_aggregation_interval = 60
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.this["flow_logs"].arn
  iam_role_arn             = aws_iam_role.flow_logs.arn

  tags = { Name = "flow-logs-cloudwatch-payment-api-${local.suffix}" }

  depends_on = [aws_iam_role_policy_attachment.flow_logs]
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.log_groups

  name              = each.value
  retention_in_days = var.log_retention_in_days
  kms_key_id        = module.kms_logs.key_arn
}

# ---------------------------------------------------------------------------------------------------------------
# What the environment needs from its account that AWS keeps once per account and Region (modules/account-baseline):
# enhanced monitoring's RDSOSMetrics log group, created before the instance with the logs key and the stack's
# retention; RDS would otherwise create it on first use without a customer-managed key, kept 30 days. Where the
# account already has the group, create_rds_os_metrics_log_group = false reads it instead, and the plan fails unless
# it has a customer-managed key and at least that retention.

module "account_baseline" {
  source = "../../modules/account-baseline"

  name = "payment-api-${local.suffix}"

  # GuardDuty with S3, RDS (login activity) and Lambda Protection; where GuardDuty is already on, the account's
  # detector is read and must have those plans enabled (create_guardduty_detector = false). The 2026 audit, defect 11.
  guardduty = {
    create_detector = var.create_guardduty_detector
    features        = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"]
  }

  # A trail of every Region (defect 11). Card data lives in PostgreSQL, which CloudTrail data events do not cover
  # (the database logs connections and DDL, GuardDuty RDS Protection its logins): the stack has no card-data bucket
  # or table to record data events on. The monitoring role reads the trail (PCI DSS 10.4.1).
  cloudtrail = {
    create_trail                = var.create_cloudtrail
    organization_trail_arn      = var.cloudtrail_organization_trail_arn
    name                        = "trail-payment-api-${local.suffix}"
    bucket_name                 = local.trail_bucket
    key_policy_writer_arns      = local.key_policy_writers
    record_keeper_arns          = [aws_iam_role.break_glass.arn]
    reader_arns                 = [aws_iam_role.monitoring.arn]
    retention_days              = var.flow_log_archive_days
    kms_deletion_window_in_days = var.kms_deletion_window_in_days
    force_destroy               = true # the spec: every bucket destroyable for synthetic environments
  }
  rds_os_metrics = {
    create_log_group  = var.create_rds_os_metrics_log_group
    retention_in_days = var.log_retention_in_days
  }
  rds_os_metrics_kms_key_arn = module.kms_logs.key_arn
}
