# What the environment needs from its account (modules/account-baseline; the 2026 audit, defect 11): a CloudTrail
# trail of every Region with data events — reads and writes — on the buckets and tables that hold card data,
# encrypted with its own key into a bucket that keeps its records; and GuardDuty with S3 and Lambda Protection.
# Where the organisation already provides them, create_cloudtrail = false (naming its trail in
# cloudtrail_organization_trail_arn) and create_guardduty_detector = false (reading and checking the account's
# detector) switch each off; enclave verify then reports the data-event control as claimed, not proven (README).

module "account_baseline" {
  source = "../../modules/account-baseline"

  name = "secure-processing-${local.env}"

  guardduty = {
    create_detector = var.create_guardduty_detector
    features        = ["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"]
  }

  cloudtrail = {
    create_trail                = var.create_cloudtrail
    organization_trail_arn      = var.cloudtrail_organization_trail_arn
    name                        = "trail-secure-processing-${local.env}"
    bucket_name                 = local.names.trail_bucket
    key_policy_writer_arns      = local.key_policy_writers
    record_keeper_arns          = [aws_iam_role.break_glass.arn]
    reader_arns                 = [aws_iam_role.auditor.arn]
    data_event_bucket_arns      = [module.raw_bucket.bucket_arn, module.processed_bucket.bucket_arn]
    data_event_table_arns       = [module.metadata_table.table_arn, module.audit_table.table_arn]
    retention_days              = var.audit_retention_days
    kms_deletion_window_in_days = var.kms_deletion_window_in_days
    force_destroy               = var.force_destroy_buckets
  }
}
