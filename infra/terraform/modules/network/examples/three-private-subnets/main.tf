# Three private subnets, one per availability zone, sharing one route table; nothing reaches the internet.
# Flow logs record the VPC's traffic, as every VPC of ours must.

data "aws_caller_identity" "current" {}

# The role running Terraform (not its session): it keeps the right to rewrite the example keys' policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}
data "aws_region" "current" {}

# Pinned zone names: the set of subnets must not change when AWS adds a zone.
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "zone-name"
    values = ["${var.region}a", "${var.region}b", "${var.region}c"]
  }
}

module "network" {
  source = "../../"

  name       = "vpc-example"
  cidr_block = "10.20.0.0/16"
  private_subnets = [
    for i in range(3) : {
      name              = "private-${i + 1}"
      cidr_block        = cidrsubnet("10.20.0.0/16", 8, i + 1)
      availability_zone = data.aws_availability_zones.available.names[i]
    }
  ]
}

# Flow logs for the example VPC (PCI DSS 10.2.1), to a log group under a CloudWatch Logs key.
module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for the flow-log group"
  alias                   = "network-example-logs"
  deletion_window_in_days = 7
  key_policy_writer_arns  = [data.aws_iam_session_context.deployer.issuer_arn]

  service_principals = [
    {
      sid     = "CloudWatchLogsUseForThisAccount"
      service = "logs.${data.aws_region.current.name}.amazonaws.com"
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
        },
      ]
    },
  ]
}

module "flow_logs" {
  source = "../../../flow-logs"

  name   = "vpc-example"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name = "/aws/vpc/vpc-example"
    kms_key_arn    = module.logs_key.key_arn
  }
}
