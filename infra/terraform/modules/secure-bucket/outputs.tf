output "bucket_id" {
  description = "Name (ID) of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_id_with_policy" {
  description = "Name (ID) of the bucket, known only once its bucket policy is in place. Reference this instead of bucket_id from what needs the policy first: another bucket's access logging into this one, so no log delivery is attempted before the policy grants it."
  value       = aws_s3_bucket_policy.this.bucket
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

output "lifecycle_rule_ids" {
  description = "IDs of the bucket's lifecycle rules (the configuration's own id attribute is deprecated in provider 5.x)."
  value       = aws_s3_bucket_lifecycle_configuration.this.rule[*].id
}
