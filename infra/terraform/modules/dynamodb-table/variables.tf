variable "name" {
  description = "Name of the table."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 letters, digits, underscores, hyphens or dots."
  }
}

variable "hash_key" {
  description = "Partition key: its name and type (S, N or B)."
  type = object({
    name = string
    type = optional(string, "S")
  })

  validation {
    condition     = contains(["S", "N", "B"], var.hash_key.type)
    error_message = "hash_key.type must be S, N or B."
  }
}

variable "range_key" {
  description = "Optional sort key: its name and type (S, N or B)."
  type = object({
    name = string
    type = optional(string, "S")
  })
  default = null

  validation {
    condition     = var.range_key == null || try(contains(["S", "N", "B"], var.range_key.type), false)
    error_message = "range_key.type must be S, N or B."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed key that encrypts the table at rest."
  type        = string
}

variable "point_in_time_recovery" {
  description = "Continuous backups with restore to any second of the last 35 days."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Refuse DeleteTable. Keep true in production; test environments that must tear down set false."
  type        = bool
  default     = true
}

variable "ttl_attribute" {
  description = "Attribute holding an expiry epoch (seconds) after which DynamoDB deletes the item; null disables TTL."
  type        = string
  default     = null
}

variable "stream_view_type" {
  description = "Enable a DynamoDB stream with this view type (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES); null disables it."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], coalesce(var.stream_view_type, "KEYS_ONLY"))
    error_message = "stream_view_type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES."
  }
}

variable "tags" {
  description = "Extra tags for the table."
  type        = map(string)
  default     = {}
}
