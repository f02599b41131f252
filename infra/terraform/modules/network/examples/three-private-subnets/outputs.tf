output "vpc_id" {
  description = "ID of the example VPC."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the three private subnets."
  value       = module.network.private_subnet_ids
}

output "private_route_table_id" {
  description = "ID of the shared private route table."
  value       = module.network.private_route_table_id
}
