output "guardduty_detector_id" {
  description = "ID of the detector the example relies on."
  value       = module.baseline.guardduty_detector_id
}

output "guardduty_detector_created" {
  description = "Whether the example created the detector."
  value       = module.baseline.guardduty_detector_created
}

output "rds_os_metrics_log_group_arn" {
  description = "ARN of the RDSOSMetrics log group."
  value       = module.baseline.rds_os_metrics_log_group_arn
}
