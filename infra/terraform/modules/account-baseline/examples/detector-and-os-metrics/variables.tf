variable "region" {
  description = "AWS region of the example."
  type        = string
  default     = "us-east-1"
}

variable "create_guardduty_detector" {
  description = "Create the detector (false: use the account's, which must be enabled with the example's protection plans)."
  type        = bool
  default     = true
}

variable "create_rds_os_metrics_log_group" {
  description = "Create RDSOSMetrics (false: use the account's, which must have a customer-managed key and 365 days' retention)."
  type        = bool
  default     = true
}
