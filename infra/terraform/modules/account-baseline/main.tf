# What a card-data environment needs from its account that AWS keeps once per account and Region: GuardDuty's
# detector and RDS enhanced monitoring's RDSOSMetrics log group. A stack creates each where nobody else has; where
# the organisation already provides one, the stack reads it instead and checks at plan time that it does what the
# stack relies on (a postcondition), rather than failing to create a second or adopting, and later destroying,
# the organisation's.

locals {
  create_detector = var.guardduty != null && try(var.guardduty.create_detector, false)
  read_detector   = var.guardduty != null && !try(var.guardduty.create_detector, true)
  create_os_group = var.rds_os_metrics != null && try(var.rds_os_metrics.create_log_group, false)
  read_os_group   = var.rds_os_metrics != null && !try(var.rds_os_metrics.create_log_group, true)
  features        = toset(try(var.guardduty.features, []))
}

# --- GuardDuty -----------------------------------------------------------------------------------------------
# CreateDetector refuses a second detector in an account and Region ("a detector already exists for the current
# account"): create one only where GuardDuty is off.

resource "aws_guardduty_detector" "this" {
  # checkov:skip=CKV2_AWS_3: a detector of one account; organisation-wide configuration belongs to the delegated administrator account, not to an environment stack
  count = local.create_detector ? 1 : 0

  enable                       = true
  finding_publishing_frequency = var.guardduty.finding_publishing_frequency

  tags = merge(var.tags, { Name = "guardduty-${var.name}" })
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = local.create_detector ? local.features : toset([])

  detector_id = aws_guardduty_detector.this[0].id
  name        = each.value
  status      = "ENABLED"
}

# The account's own detector: planning fails when there is none, when it is suspended, or when a protection plan the
# stack needs is off. Nothing here changes or destroys it.
data "aws_guardduty_detector" "existing" {
  count = local.read_detector ? 1 : 0

  lifecycle {
    postcondition {
      condition     = self.status == "ENABLED"
      error_message = "The account's GuardDuty detector ${self.id} is ${self.status}: the stack relies on it (guardduty.create_detector = false)."
    }

    postcondition {
      condition     = length(setsubtract(local.features, [for f in self.features : f.name if f.status == "ENABLED"])) == 0
      error_message = "The account's GuardDuty detector ${self.id} does not enable ${join(", ", setsubtract(local.features, [for f in self.features : f.name if f.status == "ENABLED"]))}, which the stack needs: enable them there, or let the stack create its own detector where GuardDuty is off."
    }
  }
}

# --- RDS enhanced monitoring ---------------------------------------------------------------------------------
# RDS writes every instance's OS metrics to one group per account and Region, RDSOSMetrics, and creates it on first
# use with CloudWatch Logs' default encryption and a 30-day retention. Created here first, with the customer's key
# and the retention audit logs need; the instance must depend on it (README).

resource "aws_cloudwatch_log_group" "rds_os_metrics" {
  count = local.create_os_group ? 1 : 0

  lifecycle {
    precondition {
      condition     = var.rds_os_metrics_kms_key_arn != null
      error_message = "rds_os_metrics_kms_key_arn is required when the module creates RDSOSMetrics."
    }
  }

  name              = "RDSOSMetrics"
  kms_key_id        = var.rds_os_metrics_kms_key_arn
  retention_in_days = var.rds_os_metrics.retention_in_days

  tags = var.tags
}

# The account's existing group: planning fails when it is missing, not encrypted with a customer-managed key, or
# kept for less than the retention asked for.
data "aws_cloudwatch_log_group" "rds_os_metrics" {
  count = local.read_os_group ? 1 : 0

  name = "RDSOSMetrics"

  lifecycle {
    postcondition {
      condition     = self.kms_key_id != null && self.kms_key_id != ""
      error_message = "The account's RDSOSMetrics log group is not encrypted with a customer-managed key: associate one (aws logs associate-kms-key), or let the stack create the group where it does not exist yet."
    }

    postcondition {
      condition     = self.retention_in_days == 0 || self.retention_in_days >= var.rds_os_metrics.retention_in_days
      error_message = "The account's RDSOSMetrics log group keeps events ${self.retention_in_days} days, fewer than the ${var.rds_os_metrics.retention_in_days} the stack needs."
    }
  }
}
