output "function_arn" {
  description = "ARN of the example function."
  value       = module.function.function_arn
}

output "role_arn" {
  description = "ARN of the example function's execution role."
  value       = module.function.role_arn
}

output "log_group_name" {
  description = "Name of the example function's log group."
  value       = module.function.log_group_name
}
