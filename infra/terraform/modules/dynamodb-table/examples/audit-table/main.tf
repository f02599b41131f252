# An append-only audit table keyed by actor and time, encrypted with its own CMK that DynamoDB may use on
# behalf of this account's principals.

data "aws_caller_identity" "current" {}

# The role running Terraform (not its session): it keeps the right to rewrite the example keys' policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

module "key" {
  source = "../../../kms-key"

  description               = "Example key for DynamoDB"
  alias                     = "dynamodb-encryption-example"
  deletion_window_in_days   = 7
  key_policy_writer_arns    = [data.aws_iam_session_context.deployer.issuer_arn]
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

  tags = { "enclave:classification" = "audit" }
}
