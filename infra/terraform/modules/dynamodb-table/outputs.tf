output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}

output "table_id" {
  description = "ID of the table."
  value       = aws_dynamodb_table.this.id
}

output "stream_arn" {
  description = "ARN of the table's stream (null when streams are off)."
  value       = try(aws_dynamodb_table.this.stream_arn, null)
}

output "point_in_time_recovery_enabled" {
  description = "Whether point-in-time recovery is on."
  value       = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
}
