output "cloudwatch_flow_log_id" {
  description = "ID of the CloudWatch Logs flow log."
  value       = module.flow_logs.cloudwatch_flow_log_id
}

output "s3_flow_log_id" {
  description = "ID of the S3 flow log."
  value       = module.flow_logs.s3_flow_log_id
}

output "log_group_name" {
  description = "Name of the flow-log group."
  value       = module.flow_logs.log_group_name
}
