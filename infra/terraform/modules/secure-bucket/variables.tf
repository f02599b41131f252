variable "bucket" {
  description = "Globally unique bucket name (deterministic: put the account ID in it, no random suffix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be 3-63 lowercase letters, digits, dots or hyphens."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for default SSE-KMS encryption (bucket key enabled)."
  type        = string
}

variable "force_destroy" {
  description = "Let terraform destroy delete a bucket that still holds objects. Keep false in production."
  type        = bool
  default     = false
}

variable "versioning_enabled" {
  description = "Keep every version of every object (PCI DSS 10.3.3/11.5.2 change tracking). Only turn off for scratch buckets."
  type        = bool
  default     = true
}

variable "lifecycle_rules" {
  description = "Lifecycle rules, each applied to objects under prefix (\"\" = all). Transitions, current-version expiry and noncurrent-version expiry are optional. A rule aborting incomplete multipart uploads is always added."
  type = list(object({
    id                         = string
    prefix                     = optional(string, "")
    transition_days            = optional(number)
    transition_storage_class   = optional(string, "GLACIER")
    expiration_days            = optional(number)
    noncurrent_transition_days = optional(number)
    noncurrent_expiration_days = optional(number)
  }))
  default = []

  validation {
    condition     = alltrue([for r in var.lifecycle_rules : contains(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"], r.transition_storage_class)])
    error_message = "transition_storage_class must be an S3 lifecycle storage class (STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, GLACIER_IR, DEEP_ARCHIVE)."
  }

  validation {
    condition     = alltrue([for r in var.lifecycle_rules : r.expiration_days == null || r.transition_days == null || try(r.expiration_days > r.transition_days, false)])
    error_message = "expiration_days must come after transition_days."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted (their parts are billed and invisible)."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "require_kms_header" {
  description = "Also refuse PutObject requests that carry no x-amz-server-side-encryption header (the classic 'deny unencrypted uploads'). Off by default: S3 default encryption already encrypts every header-less upload with the CMK, and UploadPart requests carry no such header, so requiring it risks refusing the parts of multipart uploads. Requests that ask for another algorithm or another key are refused either way."
  type        = bool
  default     = false
}

variable "restrict_to_vpc_endpoint_ids" {
  description = "When non-empty, deny every request that does not arrive through one of these VPC endpoints (aws:SourceVpce), except from vpce_exempt_principal_arns and AWS service principals (log deliveries, S3 notifications)."
  type        = list(string)
  default     = []
}

variable "vpce_exempt_principal_arns" {
  description = "Principals (ARN patterns, matched with ArnLike on aws:PrincipalArn) exempt from the VPC-endpoint restriction: the deploying role and the break-glass/admin role, so Terraform outside the VPC keeps managing the bucket."
  type        = list(string)
  default     = []
}

variable "record_keeper_arns" {
  description = "For buckets of audit records (PCI DSS 10.3.2): when set, s3:DeleteObject, s3:DeleteObjectVersion, s3:PutLifecycleConfiguration (a shorter rule expires records early) and s3:PutBucketVersioning are denied to every principal but these (ArnNotLike aws:PrincipalArn) — the break-glass role. An empty list denies them to everyone. Lifecycle expiry at the end of retention is S3's own and is not affected."
  type        = list(string)
  default     = null
}

variable "object_writer_arns" {
  description = "When set, s3:PutObject is denied to every principal but these (and AWS service principals): who may put data into the bucket, e.g. the ingest role of a card-data bucket."
  type        = list(string)
  default     = null
}

variable "object_reader_arns" {
  description = "When set, s3:GetObject and s3:GetObjectVersion are denied to every principal but these: who may read the bucket's data, e.g. only the processor for raw card data."
  type        = list(string)
  default     = null
}

variable "additional_policy_json" {
  description = "Further policy statements (a JSON policy document) merged into the bucket policy, e.g. service delivery grants."
  type        = string
  default     = null
}

variable "access_log_target" {
  description = "Where to send S3 server access logs (PCI DSS 10.2.1). null disables them (e.g. for the log bucket itself)."
  type = object({
    bucket = string
    prefix = string
  })
  default = null
}

variable "notification_eventbridge" {
  description = "Send this bucket's events to EventBridge."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for the bucket."
  type        = map(string)
  default     = {}
}
