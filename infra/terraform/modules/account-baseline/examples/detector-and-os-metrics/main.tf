# The account-wide part of an environment with an RDS instance: a GuardDuty detector with S3 and RDS protection, and
# RDS enhanced monitoring's RDSOSMetrics group under a customer-managed key, each created here or, where the account
# already has it, read and checked instead (-var create_guardduty_detector=false, -var create_rds_os_metrics_log_group=false).

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# Whoever applies the example may rewrite the key's policy (KMS's lockout check), and nobody else.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for the RDSOSMetrics log group"
  alias                   = "account-baseline-example"
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
          values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
        },
      ]
    },
  ]
}

module "baseline" {
  source = "../../"

  name = "account-baseline-example"

  guardduty = {
    create_detector = var.create_guardduty_detector
    features        = ["S3_DATA_EVENTS", "RDS_LOGIN_EVENTS"]
  }

  rds_os_metrics = {
    create_log_group  = var.create_rds_os_metrics_log_group
    retention_in_days = 365
  }
  rds_os_metrics_kms_key_arn = module.logs_key.key_arn
}
