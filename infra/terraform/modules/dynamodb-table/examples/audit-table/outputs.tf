output "table_name" {
  description = "Name of the example audit table."
  value       = module.audit.table_name
}

output "table_arn" {
  description = "ARN of the example audit table."
  value       = module.audit.table_arn
}
