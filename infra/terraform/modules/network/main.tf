# A VPC whose subnets are all private: this module never creates an internet gateway, a NAT gateway or a
# default route. Stacks that need a public tier add it themselves, next to this module, so a reader of this
# module can see at a glance that nothing here reaches the internet.

locals {
  private_subnets = { for s in var.private_subnets : s.name => s }
}

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: flow logs are attached by the flow-logs module, which every stack composes with this one
  cidr_block           = var.cidr_block
  enable_dns_support   = var.enable_dns_support
  enable_dns_hostnames = var.enable_dns_hostnames

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_default_security_group" "this" {
  count = var.manage_default_security_group ? 1 : 0

  vpc_id = aws_vpc.this.id

  # No ingress and no egress blocks: the default security group denies everything.

  tags = merge(var.tags, { Name = "${var.name}-default-deny" })
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value.cidr_block
  availability_zone       = each.value.availability_zone
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = coalesce(each.value.name_tag, "${var.name}-${each.key}"), Tier = "isolated" })
}

# One route table for every private subnet: it holds only the implicit local route plus whatever gateway
# endpoints (S3, DynamoDB) the vpc-endpoints module attaches.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = coalesce(var.route_table_name, "${var.name}-private"), Tier = "isolated" })
}

resource "aws_route_table_association" "private" {
  for_each = local.private_subnets

  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private.id
}
