variable "environment" {
  description = "Environment name; the suffix of every resource name ({type}-{purpose}-{environment})."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z0-9]{2,12}$", var.environment))
    error_message = "environment must be 2-12 lowercase letters or digits (it ends up in bucket names)."
  }
}

variable "aws_region" {
  description = "Region of the environment. The spec fixes us-east-1; cost figures in the README assume it."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as us-east-1."
  }
}

variable "availability_zone_suffixes" {
  description = "Letters of the three availability zones that get a private subnet each (pinned, so the set never changes when AWS adds a zone)."
  type        = list(string)
  default     = ["a", "b", "c"]

  validation {
    condition     = length(var.availability_zone_suffixes) == 3 && alltrue([for s in var.availability_zone_suffixes : can(regex("^[a-z]$", s))])
    error_message = "Give exactly three zone letters."
  }
}

variable "data_classification" {
  description = "DataClassification tag on every resource."
  type        = string
  default     = "PCI-CardholderData"
}

variable "owner" {
  description = "Owner tag on every resource (team or person accountable for the environment)."
  type        = string
  default     = "payments-platform"
}

variable "functions_dist_dir" {
  description = "Directory holding the functions' deployment packages (<dir>/processor.zip, <dir>/validator.zip), written by `npm run build` at the repository root."
  type        = string
  default     = null
}

variable "lambda_runtime" {
  description = "Runtime of both functions. nodejs22.x is the newest Node.js runtime AWS provider 5.x accepts; moving to nodejs24.x is this one line."
  type        = string
  default     = "nodejs22.x"
}

variable "token_key_version" {
  description = "Version of the processor's tokenization key (TOKEN_KEY_VERSION). Raise it to rotate: the next cold start generates and stores a new wrapped key; tokens carry their version."
  type        = number
  default     = 1

  validation {
    condition     = var.token_key_version >= 1 && var.token_key_version <= 9999 && floor(var.token_key_version) == var.token_key_version
    error_message = "token_key_version must be an integer from 1 to 9999."
  }
}

variable "lambda_memory_size" {
  description = "Memory of both functions in MB (spec: 256)."
  type        = number
  default     = 256
}

variable "lambda_timeout" {
  description = "Timeout of both functions in seconds (spec: 300)."
  type        = number
  default     = 300
}

variable "processor_reserved_concurrency" {
  description = "Concurrency reserved for (and capping) the processor; -1 leaves it unreserved (new accounts cannot reserve any)."
  type        = number
  default     = -1
}

variable "validator_reserved_concurrency" {
  description = "Concurrency reserved for (and capping) the validator; -1 leaves it unreserved."
  type        = number
  default     = -1
}

variable "log_retention_in_days" {
  description = "Retention of the function and flow-log groups. PCI DSS 10.5.1 asks for 12 months of audit history with 3 immediately available; the default 365 keeps all 12 months immediately available. The spec's 90 is allowed for short-lived test environments only, and the verifier and checkov flag it."
  type        = number
  default     = 365

  validation {
    condition     = contains([90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be at least 90 and a value CloudWatch Logs accepts."
  }
}

variable "data_transition_days" {
  description = "Days after which raw and processed objects move to Glacier (spec: 30)."
  type        = number
  default     = 30
}

variable "data_expiration_days" {
  description = "Days after which raw and processed objects expire (spec: 90)."
  type        = number
  default     = 90
}

variable "audit_retention_days" {
  description = "Days the audit bucket keeps every object (PCI DSS 10.5.1: at least 365). Objects move to Glacier after audit_transition_days."
  type        = number
  default     = 400

  validation {
    condition     = var.audit_retention_days >= 365
    error_message = "audit_retention_days must be at least 365 (PCI DSS 10.5.1)."
  }
}

variable "audit_transition_days" {
  description = "Days after which audit objects move to Glacier; the first 90 days stay immediately available (PCI DSS 10.5.1)."
  type        = number
  default     = 90

  validation {
    condition     = var.audit_transition_days >= 90
    error_message = "audit_transition_days must be at least 90 (three months immediately available)."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before a deleted key is gone (spec: 7 for test environments; production: 30)."
  type        = number
  default     = 7
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy delete buckets that still hold objects (spec: true for test environments; production: false)."
  type        = bool
  default     = true
}

variable "table_deletion_protection" {
  description = "Deletion protection of both tables (spec: false so test environments tear down; production: true)."
  type        = bool
  default     = false
}

variable "restrict_buckets_to_vpc_endpoint" {
  description = "Deny bucket access that does not come through the S3 gateway endpoint, except for the deploying principal, the administrator role, extra exempt principals and AWS service deliveries."
  type        = bool
  default     = true
}

variable "bucket_vpce_exempt_principal_arns" {
  description = "Further principals (ARN patterns) exempt from the VPC-endpoint restriction, e.g. a CI role or a partner ingestion role that uploads raw files. The principal running Terraform is always exempt."
  type        = list(string)
  default     = []
}

variable "data_processor_principal_arns" {
  description = "Principals allowed to assume the data-processor role (trigger processing). Defaults to this account (its IAM policies then decide who)."
  type        = list(string)
  default     = []
}

variable "auditor_principal_arns" {
  description = "Principals allowed to assume the auditor role, ideally in a separate audit account. Defaults to this account."
  type        = list(string)
  default     = []
}

variable "administrator_principal_arns" {
  description = "Principals allowed to assume the administrator role. Defaults to this account."
  type        = list(string)
  default     = []
}

variable "require_mfa_for_human_roles" {
  description = "Auditor and administrator may only be assumed with MFA (PCI DSS 8.4.2)."
  type        = bool
  default     = true
}

variable "data_processor_require_mfa" {
  description = "The data-processor role may only be assumed with MFA. Off by default because the spec allows services (schedulers) to trigger processing."
  type        = bool
  default     = false
}

variable "partner_ingest_principal_arns" {
  description = "Principals allowed to assume the partner ingest role, which uploads raw card files into the raw bucket. Defaults to this account (its IAM policies then decide who); a partner in another account is named here with partner_ingest_external_id."
  type        = list(string)
  default     = []
}

variable "partner_ingest_external_id" {
  description = "External id the partner must present when assuming the ingest role from another account (null: none required, for principals of this account)."
  type        = string
  default     = null
}

variable "break_glass_principal_arns" {
  description = "Principals allowed to assume the break-glass role (always with MFA). Defaults to this account."
  type        = list(string)
  default     = []
}

variable "create_cloudtrail" {
  description = "Create the environment's CloudTrail trail (data events on its card-data buckets and tables). false: the organisation's trail records them; name it in cloudtrail_organization_trail_arn."
  type        = bool
  default     = true
}

variable "cloudtrail_organization_trail_arn" {
  description = "The organisation's trail the environment relies on when create_cloudtrail = false."
  type        = string
  default     = null
}

variable "create_guardduty_detector" {
  description = "Create the account's GuardDuty detector (S3 and Lambda Protection). false where GuardDuty is already on: the account's detector is read, and the plan fails unless it is enabled with those protection plans."
  type        = bool
  default     = true
}
