# An append-only audit table keyed by actor and time, encrypted with its own CMK that DynamoDB may use on
# behalf of this account's principals.

module "key" {
  source = "../../../kms-key"

  description               = "Example key for DynamoDB"
  alias                     = "dynamodb-encryption-example"
  deletion_window_in_days   = 7
  via_service_account_usage = ["dynamodb.us-east-1.amazonaws.com"]
}

module "audit" {
  source = "../../"

  name        = "dynamodb-audit-example"
  hash_key    = { name = "audit_id" }
  range_key   = { name = "timestamp" }
  kms_key_arn = module.key.key_arn

  # Example environment: allow teardown. Production keeps the default (true).
  deletion_protection_enabled = false
}
