output "cloudwatch_flow_log_id" {
  description = "ID of the flow log delivering to CloudWatch Logs (null when that destination is off)."
  value       = try(aws_flow_log.cloudwatch[0].id, null)
}

output "s3_flow_log_id" {
  description = "ID of the flow log delivering to S3 (null when that destination is off)."
  value       = try(aws_flow_log.s3[0].id, null)
}

output "log_group_name" {
  description = "Name of the flow-log group (null when the CloudWatch destination is off)."
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}

output "log_group_arn" {
  description = "ARN of the flow-log group (null when the CloudWatch destination is off)."
  value       = try(aws_cloudwatch_log_group.this[0].arn, null)
}

output "delivery_role_arn" {
  description = "ARN of the role flow logs use to write to CloudWatch Logs (null when that destination is off)."
  value       = try(aws_iam_role.this[0].arn, null)
}
