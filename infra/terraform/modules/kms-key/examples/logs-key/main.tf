# A CloudWatch Logs key: the logs service may use it only for this account's log groups (encryption context
# condition), a named auditor role may read what the logs service decrypts for it, and nobody else may
# decrypt directly.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# The role running Terraform (not its session): it must keep the right to rewrite the key policy.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  log_group_arn_pattern = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"
}

module "logs_key" {
  source = "../../"

  description             = "Example key for CloudWatch Logs"
  alias                   = "logs-encryption-example"
  deletion_window_in_days = 7
  key_policy_writer_arns  = [data.aws_iam_session_context.deployer.issuer_arn]

  service_principals = [
    {
      sid     = "CloudWatchLogsUseForThisAccount"
      service = "logs.${data.aws_region.current.name}.amazonaws.com"
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = [local.log_group_arn_pattern]
        },
      ]
    },
  ]
}
