variable "region" {
  description = "AWS region of the example."
  type        = string
  default     = "us-east-1"
}

variable "deployer_role_arn" {
  description = "Role that runs Terraform; exempt from the VPC-endpoint restriction."
  type        = string
  default     = "arn:aws:iam::111122223333:role/terraform-deployer"
}
