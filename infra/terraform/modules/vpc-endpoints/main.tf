# Gateway endpoints (S3, DynamoDB) on the given route tables and interface endpoints with private DNS in the
# given subnets, behind one security group that accepts HTTPS only from the named security groups or CIDRs.

data "aws_region" "current" {}

locals {
  create_interface    = length(var.interface_endpoints) > 0
  security_group_name = coalesce(var.security_group_name, "${var.name}-endpoints")
}

resource "aws_vpc_endpoint" "gateway" {
  for_each = var.gateway_endpoints

  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
  policy            = each.value.policy_json

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_security_group" "endpoints" {
  count = local.create_interface ? 1 : 0

  name        = local.security_group_name
  description = "Interface VPC endpoints: HTTPS in from the workloads only"
  vpc_id      = var.vpc_id

  # No egress rules: an interface endpoint never opens connections, and security groups are stateful, so
  # replies to the HTTPS requests it accepts need no egress rule.

  tags = merge(var.tags, { Name = local.security_group_name })
}

resource "aws_security_group_rule" "endpoints_https_from_sg" {
  for_each = local.create_interface ? var.allowed_security_groups : {}

  type                     = "ingress"
  description              = "HTTPS from ${each.key}"
  security_group_id        = aws_security_group.endpoints[0].id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = each.value
}

resource "aws_security_group_rule" "endpoints_https_from_cidr" {
  count = local.create_interface && length(var.allowed_cidr_blocks) > 0 ? 1 : 0

  type              = "ingress"
  description       = "HTTPS from workload CIDR blocks"
  security_group_id = aws_security_group.endpoints[0].id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = var.allowed_cidr_blocks
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.interface_endpoints

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = each.value.private_dns_enabled
  policy              = each.value.policy_json

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
