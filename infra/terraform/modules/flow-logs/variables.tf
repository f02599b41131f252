variable "name" {
  description = "Name used for the delivery role (<name>-flow-logs-role) and the flow logs' Name tags."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,47}$", var.name))
    error_message = "name must be 1-47 letters, digits or hyphens (so that <name>-flow-logs-role fits IAM's 64)."
  }
}

variable "vpc_id" {
  description = "ID of the VPC whose traffic is recorded."
  type        = string
}

variable "traffic_type" {
  description = "Which traffic to record: ALL, ACCEPT or REJECT."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ACCEPT", "REJECT"], var.traffic_type)
    error_message = "traffic_type must be ALL, ACCEPT or REJECT."
  }
}

variable "max_aggregation_interval" {
  description = "Seconds over which a flow is aggregated into one record (60 or 600)."
  type        = number
  default     = 60

  validation {
    condition     = contains([60, 600], var.max_aggregation_interval)
    error_message = "max_aggregation_interval must be 60 or 600."
  }
}

variable "cloudwatch" {
  description = "Deliver flow records to a new CloudWatch Logs group: its name, the CMK that encrypts it and its retention (PCI DSS 10.5.1: 12 months). null disables this destination."
  type = object({
    log_group_name    = string
    kms_key_arn       = string
    retention_in_days = optional(number, 365)
  })
  default = null

  validation {
    condition     = var.cloudwatch == null || try(contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch.retention_in_days), false)
    error_message = "cloudwatch.retention_in_days must be a value CloudWatch Logs accepts (… 90, 120, 150, 180, 365, 400, 545, 731 …)."
  }
}

variable "s3" {
  description = "Deliver flow records to an S3 bucket (its ARN, optionally a prefix), as Parquet partitioned per hour. The bucket policy must allow delivery.logs.amazonaws.com (see README). null disables this destination."
  type = object({
    bucket_arn = string
    prefix     = optional(string, "vpc-flow-logs/")
  })
  default = null
}

variable "tags" {
  description = "Extra tags for every resource of the module."
  type        = map(string)
  default     = {}
}
