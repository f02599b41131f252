# IAM: five roles, each with customer-managed policies attached (aws_iam_policy + attachment); no inline policy
# anywhere (spec 7). Every role's sessions last at most one hour. The two roles other accounts may assume demand
# the external id.
#   lambda          execution role of the payments API function
#   rds_monitoring  RDS enhanced monitoring (monitoring.rds.amazonaws.com)
#   flow_logs       VPC flow-log delivery to CloudWatch Logs (vpc-flow-logs.amazonaws.com)
#   monitoring      cross-account, read-only security monitoring: alarms, metrics, logs
#   rds_access      cross-account database operations: describe the instance, read its logs; no data, no secret
#   break_glass     emergency access with MFA: no standing permissions; the key policies name it as a writer and the
#                   flow-log archive as the only principal that may delete records
# Each role declares its duty (tag enclave:duty), which is what `enclave verify` judges it by.

locals {
  # Opts every role into the verifier's managed-policies-only proof (ENC-IAM-009): spec 002 forbids inline policies.
  role_tags            = { "enclave:policies" = "managed-only" }
  duty                 = { lambda = "execution", rds_monitoring = "delivery", flow_logs = "delivery", monitoring = "monitoring", rds_access = "monitoring", break_glass = "break-glass" }
  lambda_log_group_arn = aws_cloudwatch_log_group.function.arn
  all_log_group_arns   = concat([aws_cloudwatch_log_group.function.arn, aws_cloudwatch_log_group.migrate.arn], [for g in aws_cloudwatch_log_group.this : g.arn])
}

# --- trust policies ----------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "trust_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "trust_rds_monitoring" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "trust_flow_logs" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-flow-log/*"]
    }
  }
}

# Cross-account: the trusted accounts' principals, only with the agreed external id.
data "aws_iam_policy_document" "trust_cross_account" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [for a in local.trusted_account_ids : "arn:${local.partition}:iam::${a}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

# --- roles --------------------------------------------------------------------------------------------------------

resource "aws_iam_role" "lambda" {
  name                 = "role-lambda-payment-api-${local.suffix}"
  description          = "Execution role of the payments API function"
  assume_role_policy   = data.aws_iam_policy_document.trust_lambda.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.lambda })
}

resource "aws_iam_role" "rds_monitoring" {
  name                 = "role-rds-monitoring-payment-api-${local.suffix}"
  description          = "RDS enhanced monitoring of the payment-api database"
  assume_role_policy   = data.aws_iam_policy_document.trust_rds_monitoring.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.rds_monitoring })
}

resource "aws_iam_role" "flow_logs" {
  name                 = "role-flow-logs-payment-api-${local.suffix}"
  description          = "VPC flow-log delivery to CloudWatch Logs"
  assume_role_policy   = data.aws_iam_policy_document.trust_flow_logs.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.flow_logs })
}

resource "aws_iam_role" "monitoring" {
  name                 = "role-monitoring-payment-api-${local.suffix}"
  description          = "Cross-account, read-only security monitoring of payment-api (external id required)"
  assume_role_policy   = data.aws_iam_policy_document.trust_cross_account.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.monitoring })
}

resource "aws_iam_role" "rds_access" {
  name                 = "role-rds-access-payment-api-${local.suffix}"
  description          = "Cross-account database operations on payment-api: describe, logs; no data (external id required)"
  assume_role_policy   = data.aws_iam_policy_document.trust_cross_account.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.rds_access })
}

data "aws_iam_policy_document" "trust_break_glass" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = length(var.break_glass_principal_arns) > 0 ? var.break_glass_principal_arns : ["arn:${local.partition}:iam::${local.account_id}:root"]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "break_glass" {
  name                 = "role-break-glass-payment-api-${local.suffix}"
  description          = "Emergency access (MFA): may rewrite the key policies and delete flow-log records; no standing permissions"
  assume_role_policy   = data.aws_iam_policy_document.trust_break_glass.json
  max_session_duration = 3600
  tags                 = merge(local.role_tags, { "enclave:duty" = local.duty.break_glass })
}

# --- permission policies, one per concern -------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_logs" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.lambda_log_group_arn}:*"]
  }
}

# The ENI actions Lambda performs with the execution role to place the function in the VPC.
data "aws_iam_policy_document" "lambda_vpc" {
  statement {
    sid     = "CreateInterfacesInOwnSubnetsAndGroup"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(module.network.private_subnet_arns, [
      "arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${aws_security_group.lambda.id}",
      "arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*",
    ])
  }

  statement {
    sid       = "ManageOwnAccountInterfaces"
    actions   = ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"]
  }

  statement {
    sid       = "DescribeNeedsStar"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "lambda_secrets" {
  statement {
    sid       = "ReadApplicationLoginAndTokenKeySecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.db_role["app"].arn, aws_secretsmanager_secret.token_key.arn]
  }

  statement {
    sid       = "DecryptSecretsThroughSecretsManager"
    actions   = ["kms:Decrypt"]
    resources = [module.kms_rds.key_arn, module.kms_lambda.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${local.region}.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "flow_logs_delivery_role" {
  statement {
    sid       = "DeliverToFlowLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [aws_cloudwatch_log_group.this["flow_logs"].arn, "${aws_cloudwatch_log_group.this["flow_logs"].arn}:*"]
  }

  statement {
    sid       = "DescribeGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "monitoring" {
  statement {
    sid       = "ReadStackAlarms"
    actions   = ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"]
    resources = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:alarm-*-payment-api-${local.suffix}"]
  }

  # Metric reads support no resource scoping (IAM service authorization reference).
  statement {
    sid       = "ReadMetrics"
    actions   = ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadStackLogs"
    actions   = ["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults"]
    resources = concat(local.all_log_group_arns, [for a in local.all_log_group_arns : "${a}:*"])
  }

  # The CloudTrail trail's log and digest files (log review, validate-logs).
  statement {
    sid       = "ReadTheTrail"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = concat(local.trail_bucket_arns, [for b in local.trail_bucket_arns : "${b}/*"])
  }

}

data "aws_iam_policy_document" "rds_access" {
  statement {
    sid       = "DescribeTheDatabase"
    actions   = ["rds:DescribeDBInstances", "rds:DescribeDBLogFiles", "rds:DownloadDBLogFilePortion", "rds:DescribeDBParameters"]
    resources = [aws_db_instance.this.arn, aws_db_parameter_group.this.arn]
  }
}

locals {
  # role key => { policy name suffix => document }
  managed_policies = {
    "lambda-logs"     = { role = "lambda", json = data.aws_iam_policy_document.lambda_logs.json, description = "Payments API writes its own log group" }
    "lambda-vpc"      = { role = "lambda", json = data.aws_iam_policy_document.lambda_vpc.json, description = "Payments API network interfaces in its own subnets" }
    "lambda-secrets"  = { role = "lambda", json = data.aws_iam_policy_document.lambda_secrets.json, description = "Payments API reads its two secrets" }
    "flow-logs"       = { role = "flow_logs", json = data.aws_iam_policy_document.flow_logs_delivery_role.json, description = "Flow-log delivery to its log group" }
    "monitoring-read" = { role = "monitoring", json = data.aws_iam_policy_document.monitoring.json, description = "Read-only alarms, metrics and this stack's logs" }
    "rds-access"      = { role = "rds_access", json = data.aws_iam_policy_document.rds_access.json, description = "Describe the database and read its log files" }
  }
  roles = {
    lambda     = aws_iam_role.lambda.name
    flow_logs  = aws_iam_role.flow_logs.name
    monitoring = aws_iam_role.monitoring.name
    rds_access = aws_iam_role.rds_access.name
  }
}

resource "aws_iam_policy" "this" {
  for_each = local.managed_policies

  name        = "policy-${each.key}-payment-api-${local.suffix}"
  description = each.value.description
  policy      = each.value.json
}

resource "aws_iam_role_policy_attachment" "lambda" {
  for_each = { for k, v in local.managed_policies : k => v if v.role == "lambda" }

  role       = local.roles[each.value.role]
  policy_arn = aws_iam_policy.this[each.key].arn
}

resource "aws_iam_role_policy_attachment" "flow_logs" {
  role       = aws_iam_role.flow_logs.name
  policy_arn = aws_iam_policy.this["flow-logs"].arn
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = aws_iam_policy.this["monitoring-read"].arn
}

resource "aws_iam_role_policy_attachment" "rds_access" {
  role       = aws_iam_role.rds_access.name
  policy_arn = aws_iam_policy.this["rds-access"].arn
}

# AWS's own managed policy for enhanced monitoring (writes to the RDSOSMetrics log group only).
resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
