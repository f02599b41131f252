output "bucket_id" {
  description = "Name of the example bucket."
  value       = module.bucket.bucket_id
}

output "bucket_policy" {
  description = "The example bucket's policy."
  value       = module.bucket.policy_json
}
