# S3 and DynamoDB gateway endpoints plus Lambda, Logs and KMS interface endpoints for an isolated VPC, open on
# 443 only to the workload security group; the workload may reach only the endpoints and the gateway
# endpoints' prefix lists.

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
