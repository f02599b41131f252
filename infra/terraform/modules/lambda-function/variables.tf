variable "function_name" {
  description = "Name of the function; also names its role (<name>-role) and its log group (/aws/lambda/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,59}$", var.function_name))
    error_message = "function_name must be 1-59 letters, digits, hyphens or underscores (59 so that <name>-role fits IAM's 64)."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

variable "package_file" {
  description = "The function's deployment package: dist/functions/<name>.zip, written reproducibly by `npm run build`, so its hash (source_code_hash) changes only when the code does."
  type        = string

  validation {
    condition     = endswith(var.package_file, ".zip")
    error_message = "package_file must be the build's zip (dist/functions/<name>.zip)."
  }
}

variable "handler" {
  description = "Entry point within the bundle."
  type        = string
  default     = "index.handler"
}

variable "runtime" {
  description = "Lambda runtime. nodejs22.x is the newest Node.js runtime the AWS provider 5.x accepts."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs(20|22|24)\\.x$", var.runtime))
    error_message = "runtime must be a supported Node.js runtime (nodejs20.x, nodejs22.x, nodejs24.x)."
  }
}

variable "architecture" {
  description = "Instruction set of the function."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) the function; -1 leaves it unreserved."
  type        = number
  default     = -1
}

variable "subnet_ids" {
  description = "Private subnets the function's network interfaces are placed in."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "A VPC function needs at least one subnet."
  }
}

variable "security_group_ids" {
  description = "Security groups of the function's network interfaces."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) > 0
    error_message = "A VPC function needs at least one security group."
  }
}

variable "environment_variables" {
  description = "Environment variables (names of buckets, tables, keys; never secrets)."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "Customer-managed key that encrypts the environment variables at rest. The execution role gets kms:Decrypt on it."
  type        = string
}

variable "log_kms_key_arn" {
  description = "Customer-managed key that encrypts the function's log group."
  type        = string
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group. PCI DSS 10.5.1 asks for 12 months of audit history; the default keeps all of it immediately available."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, …)."
  }
}

variable "execution_role" {
  description = "An existing execution role (its name and ARN) to use instead of creating <function_name>-role; the module still attaches its policies to it. Lets a stack create the role first and name it in key policies that the function itself depends on, without a dependency cycle."
  type = object({
    name = string
    arn  = string
  })
  default = null
}

variable "policy_documents" {
  description = "Permission policies (JSON documents) for the execution role, one per concern, keyed by a static label; each becomes an inline role policy <function_name>-<label>. Logging, VPC networking, environment decryption and the dead-letter target are added by the module."
  type        = map(string)
  default     = {}
}

variable "dead_letter_target" {
  description = "SQS queue or SNS topic that receives asynchronous invocations that failed every retry; the role gets permission to send to it. An object (not a bare ARN) so that whether it is set is known at plan time even when the ARN is not."
  type = object({
    type = string
    arn  = string
  })
  default = null

  validation {
    condition     = var.dead_letter_target == null || try(contains(["sqs", "sns"], var.dead_letter_target.type), false)
    error_message = "dead_letter_target.type must be sqs or sns."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous invocation (0-2)."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 2
    error_message = "maximum_retry_attempts must be 0, 1 or 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Oldest asynchronous event still processed (60-21600 seconds)."
  type        = number
  default     = 21600

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "tags" {
  description = "Extra tags for every resource of the module."
  type        = map(string)
  default     = {}
}
