output "endpoint_ids" {
  description = "Every endpoint ID keyed by service."
  value       = module.endpoints.endpoint_ids
}

output "endpoint_security_group_id" {
  description = "ID of the interface endpoints' security group."
  value       = module.endpoints.security_group_id
}

output "workload_security_group_id" {
  description = "ID of the example workload security group."
  value       = aws_security_group.workload.id
}
