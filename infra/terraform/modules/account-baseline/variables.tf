variable "name" {
  description = "Name of the environment the baseline serves, used in Name tags (e.g. payment-api-dev)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,48}$", var.name))
    error_message = "name must be 1-48 letters, digits or hyphens."
  }
}

variable "guardduty" {
  description = "GuardDuty for the account and Region. create_detector = true creates the detector with the protection plans in features (findings every finding_publishing_frequency); false reads the account's detector and fails the plan unless it is enabled with those plans. null leaves GuardDuty out."
  type = object({
    create_detector              = optional(bool, true)
    finding_publishing_frequency = optional(string, "FIFTEEN_MINUTES")
    features                     = optional(list(string), ["S3_DATA_EVENTS"])
  })
  default = {}

  validation {
    condition     = var.guardduty == null || try(contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty.finding_publishing_frequency), false)
    error_message = "guardduty.finding_publishing_frequency must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."
  }

  validation {
    condition     = var.guardduty == null || alltrue([for f in try(var.guardduty.features, []) : contains(["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"], f)])
    error_message = "guardduty.features holds GuardDuty detector feature names (S3_DATA_EVENTS, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS, EBS_MALWARE_PROTECTION, RUNTIME_MONITORING, EKS_AUDIT_LOGS, EKS_RUNTIME_MONITORING)."
  }
}

variable "rds_os_metrics" {
  description = "RDS enhanced monitoring's account-wide RDSOSMetrics log group, for stacks whose instances use enhanced monitoring. create_log_group = true creates it encrypted with rds_os_metrics_kms_key_arn and kept retention_in_days (the instance must depend on this module); false reads the account's group and fails the plan unless it has a customer-managed key and at least that retention. null: no enhanced monitoring."
  type = object({
    create_log_group  = optional(bool, true)
    retention_in_days = optional(number, 365)
  })
  default = null

  validation {
    condition     = var.rds_os_metrics == null || try(contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.rds_os_metrics.retention_in_days), false)
    error_message = "rds_os_metrics.retention_in_days must be a value CloudWatch Logs accepts (… 90, 120, 150, 180, 365, 400, 545, 731 …)."
  }
}

# Apart from rds_os_metrics so that reading the account's group (and checking it) does not wait for a key the same
# apply creates: Terraform defers a data source whose checks refer to a value not known yet.
variable "rds_os_metrics_kms_key_arn" {
  description = "Customer-managed key that encrypts RDSOSMetrics when the module creates it (its policy must let logs.<region>.amazonaws.com use it for this account's log groups)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Extra tags for every resource of the module."
  type        = map(string)
  default     = {}
}

variable "cloudtrail" {
  description = "CloudTrail for the environment: create_trail = true creates a multi-Region trail with log file validation, encrypted with its own key into bucket_name (records kept retention_days, deletable by record_keeper_arns only — omitted, nothing protects them and ENC-S3-006 fails the bucket —, decryptable through S3 by reader_arns), recording data events on data_event_bucket_arns and data_event_table_arns. false: the organisation's trail does this; name it in organization_trail_arn (the stack relies on it, and enclave verify reports the data-event control as claimed, not proven). null leaves CloudTrail out."
  type = object({
    create_trail                = optional(bool, true)
    name                        = optional(string)
    bucket_name                 = optional(string)
    key_policy_writer_arns      = optional(list(string), [])
    record_keeper_arns          = optional(list(string))
    reader_arns                 = optional(list(string), [])
    data_event_bucket_arns      = optional(list(string), [])
    data_event_table_arns       = optional(list(string), [])
    retention_days              = optional(number, 400)
    kms_deletion_window_in_days = optional(number, 30)
    force_destroy               = optional(bool, false)
    organization_trail_arn      = optional(string)
  })
  default = null

  validation {
    condition     = var.cloudtrail == null || try(!var.cloudtrail.create_trail, false) || try(var.cloudtrail.name != null && var.cloudtrail.bucket_name != null && length(var.cloudtrail.key_policy_writer_arns) > 0, false)
    error_message = "cloudtrail.create_trail = true needs name, bucket_name and key_policy_writer_arns."
  }

  validation {
    condition     = var.cloudtrail == null || try(var.cloudtrail.create_trail, true) || try(can(regex("^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:trail/.+$", var.cloudtrail.organization_trail_arn)), false)
    error_message = "cloudtrail.create_trail = false needs organization_trail_arn: the trail that records the environment's data events instead."
  }

  validation {
    condition     = var.cloudtrail == null || try(var.cloudtrail.retention_days >= 365, false)
    error_message = "cloudtrail.retention_days must be at least 365 (PCI DSS 10.5.1: a year of audit history)."
  }
}
