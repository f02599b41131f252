output "bucket_id" {
  description = "Name (ID) of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "policy_json" {
  description = "The bucket policy as applied."
  value       = data.aws_iam_policy_document.this.json
}

output "versioning_status" {
  description = "Versioning status of the bucket (Enabled or Suspended)."
  value       = aws_s3_bucket_versioning.this.versioning_configuration[0].status
}

output "lifecycle_configuration_id" {
  description = "ID of the lifecycle configuration."
  value       = aws_s3_bucket_lifecycle_configuration.this.id
}
