output "vpc_id" {
  description = "ID of the VPC (private subnets only, no internet gateway)."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the three private subnets."
  value       = module.network.private_subnet_ids
}

output "vpc_endpoint_ids" {
  description = "VPC endpoint IDs keyed by service (s3, secretsmanager, kms, logs, rds)."
  value       = module.endpoints.endpoint_ids
}

output "rds_instance_identifier" {
  description = "Identifier of the RDS PostgreSQL instance."
  value       = aws_db_instance.this.identifier
}

output "rds_endpoint_address" {
  description = "Host name of the RDS PostgreSQL instance (reachable from the private subnets only)."
  value       = aws_db_instance.this.address
}

output "rds_port" {
  description = "Port of the RDS PostgreSQL instance."
  value       = aws_db_instance.this.port
}

output "rds_database_name" {
  description = "Name of the application database."
  value       = var.db_name
}

output "rds_parameter_group_name" {
  description = "Parameter group of the instance (rds.force_ssl = 1)."
  value       = aws_db_parameter_group.this.name
}

output "db_master_secret_arn" {
  description = "ARN of the RDS-managed master user secret (generated and rotated by RDS)."
  value       = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)
}

output "token_key_secret_arn" {
  description = "ARN of the tokenization key secret (seed it once after the first apply; see README)."
  value       = aws_secretsmanager_secret.token_key.arn
}

output "lambda_function_name" {
  description = "Name of the payments API function."
  value       = aws_lambda_function.this.function_name
}

output "lambda_function_arn" {
  description = "ARN of the payments API function."
  value       = aws_lambda_function.this.arn
}

output "kms_key_arns" {
  description = "ARNs of the four customer-managed keys keyed by purpose (rds, s3, logs, lambda)."
  value = {
    rds    = module.kms_rds.key_arn
    s3     = module.kms_s3.key_arn
    logs   = module.kms_logs.key_arn
    lambda = module.kms_lambda.key_arn
  }
}

output "kms_rds_key_arn" {
  description = "ARN of the RDS key."
  value       = module.kms_rds.key_arn
}

output "kms_s3_key_arn" {
  description = "ARN of the S3 key."
  value       = module.kms_s3.key_arn
}

output "kms_logs_key_arn" {
  description = "ARN of the CloudWatch Logs key."
  value       = module.kms_logs.key_arn
}

output "kms_lambda_key_arn" {
  description = "ARN of the Lambda environment key."
  value       = module.kms_lambda.key_arn
}

output "flow_logs_bucket_name" {
  description = "Bucket receiving the VPC flow logs (SSE-KMS, versioned)."
  value       = module.flow_logs_bucket.bucket_id
}

output "log_group_names" {
  description = "CloudWatch log groups keyed by purpose (function, rds_postgresql, rds_upgrade, flow_logs)."
  value       = merge({ function = aws_cloudwatch_log_group.function.name }, { for k, g in aws_cloudwatch_log_group.this : k => g.name })
}

output "rds_os_metrics_log_group_name" {
  description = "The account's RDSOSMetrics log group enhanced monitoring writes to (created by the stack unless create_rds_os_metrics_log_group is false)."
  value       = module.account_baseline.rds_os_metrics_log_group_name
}

output "flow_logs_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.this["flow_logs"].name
}

output "lambda_log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.function.name
}

output "alarm_names" {
  description = "Names of the security alarms."
  value       = concat([for a in aws_cloudwatch_metric_alarm.this : a.alarm_name], [aws_cloudwatch_metric_alarm.lambda_errors.alarm_name])
}

output "alarm_topic_arn" {
  description = "SNS topic (KMS-encrypted) the alarms notify."
  value       = aws_sns_topic.alarms.arn
}

output "security_group_ids" {
  description = "Security groups keyed by role (lambda, database, endpoints)."
  value = {
    lambda    = aws_security_group.lambda.id
    database  = aws_security_group.database.id
    endpoints = module.endpoints.security_group_id
  }
}

output "role_arns" {
  description = "IAM role ARNs keyed by purpose (lambda, rds_monitoring, flow_logs, monitoring, rds_access, migrate)."
  value = {
    lambda         = aws_iam_role.lambda.arn
    rds_monitoring = aws_iam_role.rds_monitoring.arn
    flow_logs      = aws_iam_role.flow_logs.arn
    monitoring     = aws_iam_role.monitoring.arn
    rds_access     = aws_iam_role.rds_access.arn
    migrate        = aws_iam_role.migrate.arn
  }
}

output "region" {
  description = "Region the stack is deployed in."
  value       = local.region
}

output "account_id" {
  description = "Account the stack is deployed in."
  value       = local.account_id
}

output "environment_suffix" {
  description = "Suffix of every resource name."
  value       = var.environment_suffix
}

output "db_app_secret_arn" {
  description = "ARN of the application role's login secret (the API's DB_SECRET_ARN): SELECT and INSERT on its two tables."
  value       = aws_secretsmanager_secret.db_role["app"].arn
}

output "db_migrator_secret_arn" {
  description = "ARN of the migration role's login secret (owner of the schema)."
  value       = aws_secretsmanager_secret.db_role["migrator"].arn
}

output "migrate_function_name" {
  description = "The database migration function: invoke with {\"action\":\"migrate\"} after each deployment."
  value       = aws_lambda_function.migrate.function_name
}

output "cloudtrail_trail_arn" {
  description = "The CloudTrail trail the environment relies on: the account baseline's, or the organisation's it names."
  value       = module.account_baseline.cloudtrail_trail_arn
}

output "cloudtrail_bucket_name" {
  description = "Bucket of the environment's trail (null when the organisation's trail is used)."
  value       = module.account_baseline.cloudtrail_bucket_name
}

output "guardduty_detector_id" {
  description = "The GuardDuty detector the environment relies on: created by the stack, or the account's."
  value       = module.account_baseline.guardduty_detector_id
}
