# A data bucket reachable only through one S3 gateway endpoint, except for the deploying role (so Terraform
# outside the VPC can still manage it) and AWS service deliveries; objects go to Glacier after 30 days and
# expire after 90.

data "aws_caller_identity" "current" {}

variable "deployer_role_arn" {
  description = "Role that runs Terraform; exempt from the VPC-endpoint restriction."
  type        = string
  default     = "arn:aws:iam::111122223333:role/terraform-deployer"
}

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: example VPC that only hosts the gateway endpoint; see the flow-logs module
  # checkov:skip=CKV2_AWS_12: example VPC; the network module manages the default security group
  cidr_block = "10.40.0.0/16"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

module "key" {
  source = "../../../kms-key"

  description               = "Example key for S3"
  alias                     = "s3-encryption-example"
  deletion_window_in_days   = 7
  via_service_account_usage = ["s3.us-east-1.amazonaws.com"]
}

module "bucket" {
  source = "../../"

  bucket                       = "s3-example-data-${data.aws_caller_identity.current.account_id}"
  kms_key_arn                  = module.key.key_arn
  force_destroy                = true
  restrict_to_vpc_endpoint_ids = [aws_vpc_endpoint.s3.id]
  vpce_exempt_principal_arns   = [var.deployer_role_arn]

  lifecycle_rules = [
    {
      id                         = "glacier-30-expire-90"
      transition_days            = 30
      transition_storage_class   = "GLACIER"
      expiration_days            = 90
      noncurrent_expiration_days = 90
    },
  ]
}
