output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector the environment relies on: the one created here, or the account's (null when GuardDuty is left out)."
  value       = try(aws_guardduty_detector.this[0].id, data.aws_guardduty_detector.existing[0].id, null)
}

output "guardduty_detector_created" {
  description = "Whether the detector was created by this module (false: the account's, which a destroy leaves alone)."
  value       = length(aws_guardduty_detector.this) > 0
}

output "rds_os_metrics_log_group_name" {
  description = "Name of the RDSOSMetrics log group (null when enhanced monitoring is left out)."
  value       = try(aws_cloudwatch_log_group.rds_os_metrics[0].name, data.aws_cloudwatch_log_group.rds_os_metrics[0].name, null)
}

output "rds_os_metrics_log_group_arn" {
  description = "ARN of the RDSOSMetrics log group (null when enhanced monitoring is left out)."
  value       = try(aws_cloudwatch_log_group.rds_os_metrics[0].arn, data.aws_cloudwatch_log_group.rds_os_metrics[0].arn, null)
}

output "cloudtrail_trail_arn" {
  description = "ARN of the trail the environment relies on: the one created here, or the organisation's it names (null when CloudTrail is left out)."
  value       = try(aws_cloudtrail.this[0].arn, var.cloudtrail.organization_trail_arn, null)
}

output "cloudtrail_bucket_name" {
  description = "Bucket of the trail created here (null when the organisation's trail is used)."
  value       = try(module.trail_bucket[0].bucket_id, null)
}

output "cloudtrail_key_arn" {
  description = "Key of the trail created here (null when the organisation's trail is used)."
  value       = try(module.trail_key[0].key_arn, null)
}
