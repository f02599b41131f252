# Every resource the post-deployment tests check (test/deployed/zero-trust reads them from
# cfn-outputs/flat-outputs.json, written by scripts/tf-outputs-to-flat.ts).

# --- KMS -----------------------------------------------------------------------------------------------------

output "app_kms_key_id" {
  description = "ID of the application-data key (SNS, Secrets Manager, Lambda environment)."
  value       = module.app_key.key_id
}

output "app_kms_key_arn" {
  description = "ARN of the application-data key."
  value       = module.app_key.key_arn
}

output "s3_kms_key_id" {
  description = "ID of the S3 storage key (application logs, compliance reports, CloudTrail)."
  value       = module.s3_key.key_id
}

output "s3_kms_key_arn" {
  description = "ARN of the S3 storage key."
  value       = module.s3_key.key_arn
}

output "logs_kms_key_id" {
  description = "ID of the CloudWatch Logs / VPC flow logs key."
  value       = module.logs_key.key_id
}

output "logs_kms_key_arn" {
  description = "ARN of the CloudWatch Logs / VPC flow logs key."
  value       = module.logs_key.key_arn
}

# --- S3 ------------------------------------------------------------------------------------------------------

output "app_logs_bucket_name" {
  description = "Name of the application-log bucket (also holds the CloudTrail log files and S3 access logs)."
  value       = module.app_logs_bucket.bucket_id
}

output "app_logs_bucket_arn" {
  description = "ARN of the application-log bucket."
  value       = module.app_logs_bucket.bucket_arn
}

output "app_logs_bucket_versioning" {
  description = "Versioning status of the application-log bucket."
  value       = module.app_logs_bucket.versioning_status
}

output "flow_logs_bucket_name" {
  description = "Name of the VPC flow-log bucket."
  value       = module.flow_logs_bucket.bucket_id
}

output "flow_logs_bucket_arn" {
  description = "ARN of the VPC flow-log bucket."
  value       = module.flow_logs_bucket.bucket_arn
}

output "flow_logs_bucket_versioning" {
  description = "Versioning status of the VPC flow-log bucket."
  value       = module.flow_logs_bucket.versioning_status
}

output "compliance_reports_bucket_name" {
  description = "Name of the compliance-report bucket."
  value       = module.compliance_reports_bucket.bucket_id
}

output "compliance_reports_bucket_arn" {
  description = "ARN of the compliance-report bucket."
  value       = module.compliance_reports_bucket.bucket_arn
}

output "compliance_reports_bucket_versioning" {
  description = "Versioning status of the compliance-report bucket."
  value       = module.compliance_reports_bucket.versioning_status
}

# --- network -------------------------------------------------------------------------------------------------

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = module.network.vpc_cidr_block
}

output "app_subnet_ids" {
  description = "IDs of the application-tier subnets (10.0.1-3.0/24), one per availability zone."
  value       = aws_subnet.app[*].id
}

output "database_subnet_ids" {
  description = "IDs of the database-tier subnets (10.0.11-13.0/24), one per availability zone."
  value       = module.network.private_subnet_ids
}

output "management_subnet_ids" {
  description = "IDs of the management-tier subnets (10.0.21-23.0/24), one per availability zone."
  value       = aws_subnet.management[*].id
}

output "nat_subnet_id" {
  description = "ID of the public subnet holding the NAT gateway."
  value       = aws_subnet.nat.id
}

output "internet_gateway_id" {
  description = "ID of the internet gateway."
  value       = aws_internet_gateway.this.id
}

output "nat_gateway_id" {
  description = "ID of the NAT gateway."
  value       = aws_nat_gateway.this.id
}

output "nat_public_ip" {
  description = "Elastic IP address of the NAT gateway (the environment's only egress address)."
  value       = aws_eip.nat.public_ip
}

output "route_table_ids" {
  description = "Route table IDs by tier: app and management route 0.0.0.0/0 to the NAT, database has no internet route, public (NAT subnet) routes to the internet gateway."
  value = {
    app        = aws_route_table.app.id
    database   = module.network.private_route_table_id
    management = aws_route_table.management.id
    public     = aws_route_table.public.id
  }
}

# --- security groups and NACLs -------------------------------------------------------------------------------

output "app_security_group_id" {
  description = "ID of the application-tier security group."
  value       = aws_security_group.app.id
}

output "database_security_group_id" {
  description = "ID of the database-tier security group."
  value       = aws_security_group.database.id
}

output "management_security_group_id" {
  description = "ID of the management-tier security group."
  value       = aws_security_group.management.id
}

output "app_network_acl_id" {
  description = "ID of the application-tier network ACL."
  value       = aws_network_acl.app.id
}

output "database_network_acl_id" {
  description = "ID of the database-tier network ACL."
  value       = aws_network_acl.database.id
}

output "management_network_acl_id" {
  description = "ID of the management-tier network ACL."
  value       = aws_network_acl.management.id
}

output "nat_network_acl_id" {
  description = "ID of the NAT subnet's network ACL."
  value       = aws_network_acl.nat.id
}

# --- IAM -----------------------------------------------------------------------------------------------------

output "lambda_role_arn" {
  description = "ARN of the compliance checker's execution role."
  value       = aws_iam_role.scanner.arn
}

output "lambda_policy_arn" {
  description = "ARN of the compliance checker's managed policy."
  value       = aws_iam_policy.scanner.arn
}

output "flow_logs_role_arn" {
  description = "ARN of the role VPC flow logs use to write to CloudWatch Logs."
  value       = try(module.flow_logs.delivery_role_arn, null)
}

output "flow_logs_log_group_arn" {
  description = "ARN of the flow-log group the flow-log role may write to (its delivery policy is an inline role policy of the flow-logs module, so it has no ARN of its own)."
  value       = try(module.flow_logs.log_group_arn, null)
}

# --- CloudWatch ----------------------------------------------------------------------------------------------

output "application_log_group_name" {
  description = "Name of the application log group."
  value       = aws_cloudwatch_log_group.application.name
}

output "lambda_log_group_name" {
  description = "Name of the compliance checker's log group."
  value       = aws_cloudwatch_log_group.lambda.name
}

output "flow_logs_log_group_name" {
  description = "Name of the VPC flow-log group."
  value       = try(module.flow_logs.log_group_name, null)
}

output "log_retention_in_days" {
  description = "Retention of every log group (365 unless overridden for tests)."
  value       = var.log_retention_in_days
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms by purpose."
  value = {
    auth_failures    = aws_cloudwatch_metric_alarm.auth_failures.alarm_name
    nat_packet_drops = aws_cloudwatch_metric_alarm.nat_packet_drops.alarm_name
    flow_log_rejects = aws_cloudwatch_metric_alarm.flow_log_rejects.alarm_name
    lambda_errors    = aws_cloudwatch_metric_alarm.lambda_errors.alarm_name
  }
}

# --- Lambda, EventBridge, SNS, CloudTrail ----------------------------------------------------------------------

output "lambda_function_name" {
  description = "Name of the compliance checker function."
  value       = aws_lambda_function.scanner.function_name
}

output "lambda_function_arn" {
  description = "ARN of the compliance checker function."
  value       = aws_lambda_function.scanner.arn
}

output "lambda_function_role_arn" {
  description = "ARN of the role the compliance checker runs as."
  value       = aws_lambda_function.scanner.role
}

output "compliance_schedule_rule_arn" {
  description = "ARN of the EventBridge rule that runs the checker daily at 02:00 UTC."
  value       = aws_cloudwatch_event_rule.compliance_schedule.arn
}

output "security_group_change_rule_arn" {
  description = "ARN of the EventBridge rule that alerts on security-group changes."
  value       = aws_cloudwatch_event_rule.security_group_changes.arn
}

output "sns_topic_arn" {
  description = "ARN of the KMS-encrypted security and compliance topic."
  value       = aws_sns_topic.security_alerts.arn
}

output "cloudtrail_arn" {
  description = "ARN of the trail that feeds security-group API calls to EventBridge."
  value       = aws_cloudtrail.this.arn
}

# --- Secrets Manager, GuardDuty ------------------------------------------------------------------------------

output "db_secret_arn" {
  description = "ARN of the database-credentials secret."
  value       = aws_secretsmanager_secret.db_credentials.arn
  sensitive   = true
}

output "db_secret_name" {
  description = "Name of the database-credentials secret."
  value       = aws_secretsmanager_secret.db_credentials.name
  sensitive   = true
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector: the stack's, or the account's when create_guardduty_detector is false."
  value       = module.guardduty.guardduty_detector_id
}

output "guardduty_detector_created" {
  description = "Whether the stack created the detector (false: the account's, which destroy leaves alone)."
  value       = module.guardduty.guardduty_detector_created
}

# --- metadata ------------------------------------------------------------------------------------------------

output "environment" {
  description = "Environment name."
  value       = var.environment
}

output "region" {
  description = "Region the stack is deployed in."
  value       = local.region
}

output "account_id" {
  description = "Account the stack is deployed in."
  value       = local.account_id
}
