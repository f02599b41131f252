# S3 and DynamoDB gateway endpoints plus Lambda, Logs and KMS interface endpoints for an isolated VPC, open on
# 443 only to the workload security group; the workload may reach only the endpoints and the gateway
# endpoints' prefix lists. Flow logs record the VPC's traffic.

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
  source = "../../../network"

  name       = "vpc-endpoints-example"
  cidr_block = "10.30.0.0/16"
  private_subnets = [
    for i in range(2) : {
      name              = "private-${i + 1}"
      cidr_block        = cidrsubnet("10.30.0.0/16", 8, i + 1)
      availability_zone = data.aws_availability_zones.available.names[i]
    }
  ]
}

resource "aws_security_group" "workload" {
  # checkov:skip=CKV2_AWS_5: the example stops at the security group; workloads (functions, tasks) attach it
  name        = "workload-example"
  description = "Example workload: HTTPS out to the VPC endpoints only"
  vpc_id      = module.network.vpc_id
}

module "endpoints" {
  source = "../../"

  name            = "vpc-endpoints-example"
  vpc_id          = module.network.vpc_id
  route_table_ids = [module.network.private_route_table_id]
  subnet_ids      = module.network.private_subnet_ids

  gateway_endpoints = {
    s3       = {}
    dynamodb = {}
  }

  interface_endpoints = {
    lambda = {}
    logs   = {}
    kms    = {}
  }

  allowed_security_groups = {
    workload = aws_security_group.workload.id
  }
}

resource "aws_security_group_rule" "workload_to_interface_endpoints" {
  type                     = "egress"
  description              = "HTTPS to the interface endpoints"
  security_group_id        = aws_security_group.workload.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = module.endpoints.security_group_id
}

resource "aws_security_group_rule" "workload_to_gateway_endpoints" {
  type              = "egress"
  description       = "HTTPS to S3 and DynamoDB through their gateway endpoints"
  security_group_id = aws_security_group.workload.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = values(module.endpoints.gateway_prefix_list_ids)
}

# Flow logs for the example VPC (PCI DSS 10.2.1), to a log group under a CloudWatch Logs key.
module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for the flow-log group"
  alias                   = "vpc-endpoints-example-logs"
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

  name   = "vpc-endpoints-example"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name = "/aws/vpc/vpc-endpoints-example"
    kms_key_arn    = module.logs_key.key_arn
  }
}
