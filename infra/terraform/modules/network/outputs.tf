output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_arn" {
  description = "ARN of the VPC."
  value       = aws_vpc.this.arn
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, in the order of var.private_subnets."
  value       = [for s in var.private_subnets : aws_subnet.private[s.name].id]
}

output "private_subnet_arns" {
  description = "ARNs of the private subnets, in the order of var.private_subnets."
  value       = [for s in var.private_subnets : aws_subnet.private[s.name].arn]
}

output "private_subnets_by_name" {
  description = "Private subnet IDs keyed by the subnet name suffix."
  value       = { for k, s in aws_subnet.private : k => s.id }
}

output "private_subnet_cidr_blocks" {
  description = "CIDR blocks of the private subnets, in the order of var.private_subnets."
  value       = [for s in var.private_subnets : s.cidr_block]
}

output "private_route_table_id" {
  description = "ID of the route table shared by the private subnets (attach gateway endpoints here)."
  value       = aws_route_table.private.id
}

output "default_security_group_id" {
  description = "ID of the VPC's default security group, stripped of all rules (null when not managed)."
  value       = try(aws_default_security_group.this[0].id, null)
}
