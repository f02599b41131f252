output "key_arn" {
  description = "ARN of the example logs key."
  value       = module.logs_key.key_arn
}

output "alias_name" {
  description = "Alias of the example logs key."
  value       = module.logs_key.alias_name
}
