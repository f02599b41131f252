# Security alarms, each fed by a metric filter on a log that really carries the event (spec 9):
#
# | alarm                        | log group                          | the line it counts                                              |
# |------------------------------|------------------------------------|-----------------------------------------------------------------|
# | failed authentication        | RDS postgresql log                 | FATAL:  password authentication failed for user "…"             |
# | encryption violation (db)    | RDS postgresql log                 | FATAL:  no pg_hba.conf entry for host "…", …, no encryption      |
# | encryption violation (client)| function log (JSON, Powertools)    | {"message":"database TLS verification failed", …}                |
# | RDS connection failures      | function log (JSON, Powertools)    | {"message":"database unavailable","causeCode":"ECONNREFUSED", …} |
# | application errors           | function log (JSON, Powertools)    | {"message":"unexpected error", …}                                |
# | Lambda errors                | AWS/Lambda Errors metric           | crashes and timeouts (the runtime's own count)                   |
# | unauthorized API calls       | CloudTrail log group (optional)    | errorCode AccessDenied* / *UnauthorizedOperation (CIS 4.1)       |
#
# The RDS lines appear because the parameter group sets log_connections and rds.force_ssl (database.tf); the
# function lines are written by src/functions/payments-api (app.ts). test/infra/payment-api checks each pattern
# against the lines a local PostgreSQL and the function really write.

locals {
  metric_namespace = "Enclave/payment-api-${local.suffix}"

  metric_filters = {
    failed-authentication = {
      log_group = aws_cloudwatch_log_group.this["rds_postgresql"].name
      pattern   = "\"authentication failed for user\""
    }
    db-encryption-violation = {
      log_group = aws_cloudwatch_log_group.this["rds_postgresql"].name
      pattern   = "\"no pg_hba.conf entry\" \"no encryption\""
    }
    client-encryption-violation = {
      log_group = aws_cloudwatch_log_group.function.name
      pattern   = "{ $.message = \"database TLS verification failed\" }"
    }
    rds-connection-failure = {
      log_group = aws_cloudwatch_log_group.function.name
      pattern   = "{ $.message = \"database unavailable\" }"
    }
    application-error = {
      log_group = aws_cloudwatch_log_group.function.name
      pattern   = "{ $.message = \"unexpected error\" }"
    }
  }

  # metric => threshold within one 5-minute period
  alarms = {
    failed-authentication       = { metric = "FailedAuthentication", threshold = 3, description = "Failed database logins (wrong password or user): PCI DSS 10.2.1.4" }
    db-encryption-violation     = { metric = "DbEncryptionViolation", threshold = 1, description = "Connections attempted without TLS and refused by rds.force_ssl: PCI DSS 4.2.1" }
    client-encryption-violation = { metric = "ClientEncryptionViolation", threshold = 1, description = "The function refused the database's certificate (possible interception): PCI DSS 4.2.1" }
    rds-connection-failure      = { metric = "RdsConnectionFailure", threshold = 5, description = "The function could not reach or log in to the database" }
    application-error           = { metric = "ApplicationError", threshold = 1, description = "Requests that ended in an unexpected error (HTTP 500)" }
  }
}

resource "aws_sns_topic" "alarms" {
  name              = "sns-security-alarms-payment-api-${local.suffix}"
  kms_master_key_id = module.kms_logs.key_arn
}

# Only this stack's alarms may publish, and only over TLS.
data "aws_iam_policy_document" "alarm_topic" {
  statement {
    sid       = "StackAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.alarm_arn_pattern]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish", "sns:Subscribe"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each = local.metric_filters

  name           = "mf-${each.key}-payment-api-${local.suffix}"
  log_group_name = each.value.log_group
  pattern        = each.value.pattern

  metric_transformation {
    name          = local.alarms[each.key].metric
    namespace     = local.metric_namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "alarm-${each.key}-payment-api-${local.suffix}"
  alarm_description   = each.value.description
  namespace           = local.metric_namespace
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  depends_on = [aws_cloudwatch_log_metric_filter.this]
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  alarm_name          = "alarm-lambda-errors-payment-api-${local.suffix}"
  alarm_description   = "Invocations of the payments API that crashed or timed out"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# Optional: unauthorized API calls from the account's CloudTrail log group (this stack creates no trail).
resource "aws_cloudwatch_log_metric_filter" "unauthorized_api_calls" {
  count = var.cloudtrail_log_group_name == null ? 0 : 1

  name           = "mf-unauthorized-api-calls-payment-api-${local.suffix}"
  log_group_name = var.cloudtrail_log_group_name
  pattern        = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"

  metric_transformation {
    name          = "UnauthorizedApiCalls"
    namespace     = local.metric_namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "unauthorized_api_calls" {
  count = var.cloudtrail_log_group_name == null ? 0 : 1

  alarm_name          = "alarm-unauthorized-api-calls-payment-api-${local.suffix}"
  alarm_description   = "API calls refused for lack of permission (CIS AWS Foundations 4.1)"
  namespace           = local.metric_namespace
  metric_name         = "UnauthorizedApiCalls"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  depends_on = [aws_cloudwatch_log_metric_filter.unauthorized_api_calls]
}
