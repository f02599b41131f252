variable "name" {
  description = "Name prefix for the endpoint security group and the endpoints' Name tags."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,200}$", var.name)) && !startswith(lower(var.name), "sg-")
    error_message = "name must be 1-200 letters, digits or hyphens, not beginning with sg- (it prefixes the security group name, and EC2 reserves sg- for group ids)."
  }
}

variable "security_group_name" {
  description = "Name of the interface endpoints' security group; defaults to <name>-endpoints."
  type        = string
  default     = null

  # EC2 CreateSecurityGroup: the group name "cannot start with sg-" (that prefix is reserved for group ids);
  # https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  validation {
    condition     = var.security_group_name == null || !startswith(lower(coalesce(var.security_group_name, "-")), "sg-")
    error_message = "security_group_name cannot begin with sg- (EC2 reserves that prefix for security group ids)."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the endpoints belong to."
  type        = string
}

variable "gateway_endpoints" {
  description = "Gateway endpoints keyed by short service name (s3, dynamodb). policy_json is the endpoint policy (null means AWS's default full-access policy)."
  type = map(object({
    policy_json = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.gateway_endpoints) : contains(["s3", "dynamodb"], k)])
    error_message = "Only s3 and dynamodb offer gateway endpoints."
  }
}

variable "route_table_ids" {
  description = "Route tables the gateway endpoints add their prefix-list routes to."
  type        = list(string)
  default     = []
}

variable "interface_endpoints" {
  description = "Interface endpoints keyed by short service name as in com.amazonaws.<region>.<name> (lambda, logs, kms, sts…). private_dns_enabled makes the public service name resolve to the endpoint inside the VPC."
  type = map(object({
    private_dns_enabled = optional(bool, true)
    policy_json         = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.interface_endpoints) : can(regex("^[a-z0-9.-]+$", k))])
    error_message = "Interface endpoint keys are service short names such as logs, lambda, kms, sts, secretsmanager."
  }
}

variable "subnet_ids" {
  description = "Subnets that get one endpoint network interface each (one per AZ for availability)."
  type        = list(string)
  default     = []
}

variable "allowed_security_groups" {
  description = "Security groups whose members may reach the interface endpoints on TCP 443, keyed by a static label (the keys drive for_each, so they must be known at plan time; the IDs need not be)."
  type        = map(string)
  default     = {}
}

variable "allowed_cidr_blocks" {
  description = "CIDR blocks (inside the VPC) that may reach the interface endpoints on TCP 443. 0.0.0.0/0 is refused."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "allowed_cidr_blocks must be valid CIDRs and never 0.0.0.0/0."
  }
}

variable "tags" {
  description = "Extra tags for every resource of the module."
  type        = map(string)
  default     = {}
}
