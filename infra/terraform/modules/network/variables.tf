variable "name" {
  description = "Name of the VPC (Name tag); subnets and the route table are named after it."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,200}$", var.name))
    error_message = "name must be 1-200 letters, digits or hyphens."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 28
    error_message = "cidr_block must be a valid IPv4 CIDR with a prefix between /16 and /28 (AWS VPC limits)."
  }
}

variable "private_subnets" {
  description = "Private subnets, one object per subnet: its CIDR (inside cidr_block), its availability zone, a short unique name (the subnet's key; its Name tag is <name>-<subnet name> unless name_tag is given). Private means no route to an internet gateway or NAT is created by this module."
  type = list(object({
    cidr_block        = string
    availability_zone = string
    name              = string
    name_tag          = optional(string)
  }))

  validation {
    condition     = length(var.private_subnets) > 0 && alltrue([for s in var.private_subnets : can(cidrhost(s.cidr_block, 0))])
    error_message = "private_subnets needs at least one subnet, each with a valid IPv4 CIDR."
  }

  validation {
    condition     = length(distinct([for s in var.private_subnets : s.name])) == length(var.private_subnets)
    error_message = "private_subnets names must be unique."
  }
}

variable "route_table_name" {
  description = "Name tag of the private route table; defaults to <name>-private."
  type        = string
  default     = null
}

variable "enable_dns_support" {
  description = "Enable the Amazon-provided DNS resolver; interface endpoints with private DNS need it."
  type        = bool
  default     = true
}

variable "enable_dns_hostnames" {
  description = "Give instances DNS hostnames; interface endpoints with private DNS need it."
  type        = bool
  default     = true
}

variable "manage_default_security_group" {
  description = "Take over the VPC's default security group and strip all its rules, so nothing attached to it by accident can talk (CIS 5.4, checkov CKV2_AWS_12)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource of the module (provider default_tags still apply)."
  type        = map(string)
  default     = {}
}
