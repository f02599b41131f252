variable "description" {
  description = "Description of the key (what it protects)."
  type        = string
}

variable "alias" {
  description = "Alias name without the alias/ prefix, e.g. s3-encryption-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "alias/") && !startswith(var.alias, "aws/")
    error_message = "alias is the name after alias/ (letters, digits, /, _ and -), and must not use the reserved aws/ prefix."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled deletion completes (7-30 days). Production should keep 30."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "rotation_period_in_days" {
  description = "Automatic rotation period (rotation is always on: PCI DSS 3.6.1.x/3.7.4); 90-2560 days."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "rotation_period_in_days must be between 90 and 2560."
  }
}

variable "key_administrator_arns" {
  description = "IAM principals (besides the account root) that may administer the key: describe, enable/disable, rotate, tag, schedule deletion. Administration never includes Encrypt, Decrypt, GenerateDataKey, ReEncrypt, nor PutKeyPolicy."
  type        = list(string)
  default     = []
}

variable "key_policy_writer_arns" {
  description = "The only principals that may rewrite the key policy (kms:PutKeyPolicy): break-glass and the principal that deploys the key (KMS's lockout safety check refuses a policy that would not let the caller rewrite it again). Whoever may rewrite the policy can grant itself Decrypt, so it is never the account root."
  type        = list(string)

  validation {
    condition     = length(var.key_policy_writer_arns) > 0 && alltrue([for a in var.key_policy_writer_arns : !endswith(a, ":root")])
    error_message = "Name at least one key policy writer (break-glass, the deploying role), and not the account root."
  }
}

variable "key_users" {
  description = "Named principals allowed to use the key. actions defaults to encrypt/decrypt/data-key/describe; conditions narrow the grant further (e.g. kms:ViaService so the role can only use the key through S3)."
  type = list(object({
    sid            = string
    principal_arns = list(string)
    actions        = optional(list(string), ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"])
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for u in var.key_users : can(regex("^[A-Za-z0-9]+$", u.sid)) && length(u.principal_arns) > 0])
    error_message = "Each key user needs an alphanumeric sid and at least one principal ARN."
  }
}

variable "service_principals" {
  description = "AWS service principals allowed to use the key (logs.<region>.amazonaws.com, s3.amazonaws.com, delivery.logs.amazonaws.com…). Give each a scoping condition (aws:SourceAccount, aws:SourceArn, kms:EncryptionContext:…) so the service can use the key only on this account's behalf."
  type = list(object({
    sid     = string
    service = string
    actions = list(string)
    conditions = list(object({
      test     = string
      variable = string
      values   = list(string)
    }))
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.service_principals : length(s.conditions) > 0 && can(regex("^[A-Za-z0-9]+$", s.sid))])
    error_message = "Each service principal needs an alphanumeric sid and at least one scoping condition."
  }
}

variable "via_service_account_usage" {
  description = "AWS services (full kms:ViaService values such as dynamodb.us-east-1.amazonaws.com) through which principals of this account may use the key, as AWS-managed keys allow. Needed where the service acts with the caller's permissions and grants (DynamoDB table creation, Lambda environment encryption). IAM on the resource then decides who reads the data."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Extra tags for the key."
  type        = map(string)
  default     = {}
}
