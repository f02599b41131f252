variable "environment_suffix" {
  description = "Suffix of every resource name (resource-type-purpose-<suffix>), so several copies of the stack can share an account."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9]{2,12}$", var.environment_suffix))
    error_message = "environment_suffix must be 2-12 lowercase letters or digits (it ends up in bucket and database names)."
  }
}

variable "aws_region" {
  description = "Region of the environment. The spec fixes us-east-1; the README's cost figures assume it."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as us-east-1."
  }
}

variable "availability_zone_suffixes" {
  description = "Letters of the three availability zones that get one private subnet each."
  type        = list(string)
  default     = ["a", "b", "c"]

  validation {
    condition     = length(var.availability_zone_suffixes) == 3 && alltrue([for s in var.availability_zone_suffixes : can(regex("^[a-z]$", s))])
    error_message = "Give exactly three zone letters."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be an IPv4 CIDR."
  }
}

variable "private_subnet_cidrs" {
  description = "CIDRs of the three private subnets, one per availability zone, inside vpc_cidr."
  type        = list(string)
  default     = ["10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) == 3 && alltrue([for c in var.private_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "Give exactly three IPv4 CIDRs."
  }
}

variable "data_classification" {
  description = "DataClassification tag on every resource."
  type        = string
  default     = "PCI-CardholderData"
}

variable "owner" {
  description = "Owner tag on every resource (the team accountable for the environment)."
  type        = string
  default     = "payments-platform"
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion completes. The spec asks for 7 so test environments clean up quickly; production should use 30."
  type        = number
  default     = 7

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Days a destroyed stack's secrets stay restorable (7-30). Their names are generated per creation, so the stack can be created again at once regardless."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30
    error_message = "secret_recovery_window_in_days must be 7-30: the token key is the only way to recognise existing tokens, so it is never deleted without a recovery window."
  }
}

variable "log_retention_in_days" {
  description = "Retention of every CloudWatch log group (function, RDS, flow logs). The spec says 90; PCI DSS 10.5.1 needs 12 months of audit history with 3 immediately available, so the default keeps 365 days hot. Values under 365 need an archive elsewhere and are flagged by the verifier."
  type        = number
  default     = 365

  validation {
    condition     = contains([90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be at least 90 (the spec's minimum) and a value CloudWatch Logs accepts."
  }
}

variable "flow_log_archive_days" {
  description = "Days flow-log objects are kept in S3 (first 90 in S3 Standard, then Glacier Flexible Retrieval). PCI DSS 10.5.1: at least 365."
  type        = number
  default     = 400

  validation {
    condition     = var.flow_log_archive_days >= 365
    error_message = "flow_log_archive_days must be at least 365 (PCI DSS 10.5.1)."
  }
}

variable "db_engine_version" {
  description = "PostgreSQL major (or major.minor) version; the parameter group family follows the major."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^1[3-7](\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be a PostgreSQL version from 13 to 17, e.g. 16 or 16.4."
  }
}

variable "db_instance_class" {
  description = "RDS instance class. db.t4g.micro is the smallest that supports Multi-AZ, encryption and Performance Insights' free tier."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_allocated_storage" {
  description = "Initial storage in GiB (gp3)."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be 20-65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Ceiling for storage autoscaling in GiB."
  type        = number
  default     = 100
}

variable "db_name" {
  description = "Name of the application database."
  type        = string
  default     = "payments"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and hold only lowercase letters, digits and underscores."
  }
}

variable "db_master_username" {
  description = "Master user name. Its password is generated and rotated by RDS in Secrets Manager (manage_master_user_password) and never passes through Terraform."
  type        = string
  default     = "payments_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_master_username)) && !contains(["admin", "postgres", "rdsadmin"], var.db_master_username)
    error_message = "db_master_username must be a lowercase identifier and not a reserved name."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated (encrypted) backups and point-in-time recovery."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be 1-35: 0 would turn automated backups off."
  }
}

variable "functions_dist_dir" {
  description = "Directory holding the built function bundles (<dir>/payments-api), written by `npm run build` at the repository root. null means <repo>/dist/functions."
  type        = string
  default     = null
}

variable "lambda_runtime" {
  description = "Runtime of the function. nodejs22.x is the newest Node.js runtime AWS provider 5.x accepts; moving to nodejs24.x is this one line."
  type        = string
  default     = "nodejs22.x"
}

variable "lambda_memory_size" {
  description = "Memory of the function in MB (CPU scales with it; TLS handshakes and HMAC are CPU-bound)."
  type        = number
  default     = 512
}

variable "lambda_timeout" {
  description = "Timeout of the function in seconds."
  type        = number
  default     = 10
}

variable "lambda_reserved_concurrency" {
  description = "Concurrency reserved for (and capping) the payments API: each execution holds one database connection, so a reservation bounds the connections the API can open. -1 (the default) reserves nothing: Lambda refuses any reservation on accounts still at a new account's reduced quota (it keeps 100 unreserved, all of a smaller quota). Set it (e.g. 50) where the account's quota is at least the reservation plus 100; README, \"Deviations\"."
  type        = number
  default     = -1

  validation {
    condition     = var.lambda_reserved_concurrency == -1 || var.lambda_reserved_concurrency >= 1
    error_message = "lambda_reserved_concurrency is -1 (unreserved) or at least 1."
  }
}

variable "create_rds_os_metrics_log_group" {
  description = "Create RDS enhanced monitoring's RDSOSMetrics log group (one per account and region) with the logs key and log_retention_in_days, before the instance. Where an instance in the account has used enhanced monitoring before, the group exists and creating it fails: set false to use it (the plan then fails unless it has a customer-managed key and at least that retention)."
  type        = bool
  default     = true
}

variable "trusted_account_ids" {
  description = "AWS accounts whose principals may assume the cross-account monitoring and RDS-access roles (with the external id). Empty means this account only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.trusted_account_ids : can(regex("^[0-9]{12}$", a))])
    error_message = "trusted_account_ids must be 12-digit account ids."
  }
}

variable "external_id" {
  description = "External id the trusted accounts must present to assume the cross-account roles (confused-deputy protection). Agree it out of band with the trusted party."
  type        = string
  sensitive   = true

  validation {
    # Length apart from the pattern: Terraform's regex engine (RE2) refuses repeat counts above 1000, so
    # {16,1224} made every value fail.
    condition     = length(var.external_id) >= 16 && length(var.external_id) <= 1224 && can(regex("^[A-Za-z0-9+=,.@:/_-]+$", var.external_id))
    error_message = "external_id must be 16-1224 characters of letters, digits and +=,.@:/_-."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the security alarm topic (the subscription must be confirmed). null subscribes nobody."
  type        = string
  default     = null
}

variable "cloudtrail_log_group_name" {
  description = "Name of the account's CloudTrail log group, if CloudTrail delivers to CloudWatch Logs. When set, an alarm counts AccessDenied/Unauthorized API calls (CIS 4.1). null leaves it out: this stack creates no trail."
  type        = string
  default     = null
}

variable "break_glass_principal_arns" {
  description = "Principals allowed to assume the break-glass role (always with MFA), which alone (with the deploying role) may rewrite the key policies and delete flow-log records. Defaults to this account."
  type        = list(string)
  default     = []
}

variable "db_role_password_version" {
  description = "Generation of the migration and application roles' passwords: raise it to write new ones to their secrets (the next migration run sets them in PostgreSQL). They are never in state."
  type        = number
  default     = 1

  validation {
    condition     = var.db_role_password_version >= 1 && floor(var.db_role_password_version) == var.db_role_password_version
    error_message = "db_role_password_version must be a whole number >= 1."
  }
}

variable "create_cloudtrail" {
  description = "Create the environment's CloudTrail trail (every Region, log file validation, own key and bucket). false: the organisation's trail records the account's activity; name it in cloudtrail_organization_trail_arn."
  type        = bool
  default     = true
}

variable "cloudtrail_organization_trail_arn" {
  description = "The organisation's trail the environment relies on when create_cloudtrail = false."
  type        = string
  default     = null
}

variable "create_guardduty_detector" {
  description = "Create the account's GuardDuty detector (S3, RDS and Lambda Protection). false where GuardDuty is already on: the account's detector is read, and the plan fails unless it is enabled with those protection plans."
  type        = bool
  default     = true
}
