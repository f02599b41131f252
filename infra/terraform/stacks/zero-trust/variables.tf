variable "environment" {
  description = "Environment name used in every resource name ({resource-type}-{purpose}-{environment})."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9-]{2,16}$", var.environment))
    error_message = "environment must be 2-16 lower-case letters, digits or hyphens (it is part of S3 bucket names)."
  }
}

variable "aws_region" {
  description = "Region of the whole stack. The specification fixes us-east-1."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = var.aws_region == "us-east-1"
    error_message = "The zero-trust specification deploys to us-east-1 only (the CloudTrail, flow-log and KMS ARNs assume the aws partition)."
  }
}

variable "availability_zones" {
  description = "The three availability zones of the tiers, pinned by name (one subnet of each tier per zone)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]

  validation {
    condition     = length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3
    error_message = "availability_zones must name exactly three distinct zones."
  }
}

variable "deployer_principal_arn" {
  description = "IAM principal (role or user ARN) that deploys the stack; the bucket policies allow it (and the account root) to administer the buckets. The keys are administered through the account root's delegation to IAM. null uses the caller of this Terraform run (an assumed-role session ARN when run from a role, which is a valid policy principal but changes per session)."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Retention of every CloudWatch log group. Default 365: PCI DSS v4.0.1 10.5.1 asks for 12 months of audit history, three of them immediately available. The specification's test setting is 1 (-var log_retention_in_days=1): the verifier reports it as a finding."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, …)."
  }
}

variable "flow_logs_bucket_lifecycle" {
  description = "Flow-log objects in S3 move to Glacier after transition_days and are deleted after expiration_days. Defaults 90 and 365: PCI DSS 10.5.1 keeps 12 months, the last 3 immediately available (Glacier is not). The specification's test settings are 7 and 30 (-var 'flow_logs_bucket_lifecycle={transition_days=7,expiration_days=30}'); the verifier reports them."
  type = object({
    transition_days = number
    expiration_days = number
  })
  default = {
    transition_days = 90
    expiration_days = 365
  }

  validation {
    condition     = var.flow_logs_bucket_lifecycle.expiration_days > var.flow_logs_bucket_lifecycle.transition_days
    error_message = "expiration_days must come after transition_days."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion completes. The specification asks for 7 so tests tear down quickly; production should use 30."
  type        = number
  default     = 7

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy delete buckets that still hold objects. The specification asks for true (test teardown); production must set false so audit logs cannot be deleted with the stack."
  type        = bool
  default     = true
}

variable "management_ssh_cidr" {
  description = "The restricted range (bastion or VPN) allowed to reach the management tier on SSH. Never the whole internet."
  type        = string
  default     = "172.16.0.0/24"

  validation {
    condition     = can(cidrhost(var.management_ssh_cidr, 0)) && !contains(["0.0.0.0/0", "::/0"], var.management_ssh_cidr)
    error_message = "management_ssh_cidr must be a valid, restricted CIDR block, not the whole internet."
  }
}

variable "ephemeral_ports" {
  description = "Port range of return traffic for the app, management and database NACLs (stateless rules need it). Default: the Linux ephemeral range. The NAT subnet always uses 1024-65535, the range a NAT gateway uses."
  type = object({
    from = number
    to   = number
  })
  default = {
    from = 32768
    to   = 65535
  }

  validation {
    condition     = var.ephemeral_ports.from >= 1024 && var.ephemeral_ports.to <= 65535 && var.ephemeral_ports.from < var.ephemeral_ports.to
    error_message = "ephemeral_ports must lie within 1024-65535."
  }
}

variable "db_password_version" {
  description = "Version of the generated database password: the secret is written when it is created and again whenever this number changes (write-only arguments are never compared with the secret's value)."
  type        = number
  default     = 1

  validation {
    condition     = var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version
    error_message = "db_password_version must be a whole number of at least 1."
  }
}

variable "db_username" {
  description = "User name stored with the generated password in the database-credentials secret."
  type        = string
  default     = "app_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_username))
    error_message = "db_username must start with a letter and hold only lower-case letters, digits and underscores."
  }
}

variable "lambda_runtime" {
  description = "Lambda runtime of the compliance checker. nodejs22.x is the newest Node.js runtime AWS provider 5.x accepts."
  type        = string
  default     = "nodejs22.x"
}

variable "scanner_package_file" {
  description = "The compliance scanner's deployment package (written reproducibly by `npm run build`). null means dist/functions/compliance-scanner.zip at the repository root."
  type        = string
  default     = null
}

variable "create_guardduty_detector" {
  description = "Create the account's GuardDuty detector (the specification's default). An account has at most one per region and CreateDetector refuses a second: where GuardDuty is already on, set false to use the existing detector instead (the plan checks it is enabled with S3 data events; destroy leaves it)."
  type        = bool
  default     = true
}

variable "scanner_reserved_concurrency" {
  description = "Concurrency reserved for (and capping) the compliance checker. -1 (the default) reserves nothing: accounts still at a new account's reduced quota refuse any reservation (Lambda keeps 100 unreserved, all of a smaller quota). 1 keeps two scans from overlapping where the account's quota is at least 101; the daily schedule alone never overlaps (README)."
  type        = number
  default     = -1

  validation {
    condition     = var.scanner_reserved_concurrency == -1 || var.scanner_reserved_concurrency >= 1
    error_message = "scanner_reserved_concurrency is -1 (unreserved) or at least 1."
  }
}

variable "scanner_schedule_expression" {
  description = "When the compliance checker runs (specification: daily at 02:00 UTC)."
  type        = string
  default     = "cron(0 2 * * ? *)"
}

variable "alarm_thresholds" {
  description = "Alarm thresholds per 5-minute period: authentication failures (specification: more than 5), NAT gateway dropped packets, rejected flow-log records, Lambda errors."
  type = object({
    auth_failures    = optional(number, 5)
    nat_packet_drops = optional(number, 100)
    flow_log_rejects = optional(number, 1000)
    lambda_errors    = optional(number, 0)
  })
  default = {}
}

variable "break_glass_principal_arns" {
  description = "Principals allowed to assume the break-glass role (always with MFA), which alone (with the deploying role) may rewrite the key policies and delete log records. Defaults to this account."
  type        = list(string)
  default     = []
}
