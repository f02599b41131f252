# A customer-managed key with rotation, an alias and a key policy composed from separate concerns:
# administration (never data use, never the key policy itself), who may rewrite the key policy (named: break-glass
# and the deploying principal), named users, AWS service principals with scoping conditions, and optional use
# through named AWS services by principals of this account.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  # Administration without any cryptographic use: an administrator can manage, rotate, tag and schedule
  # deletion of the key, but cannot decrypt what it protects (PCI DSS 3.6.1.2, 7.2.2). Nor can it rewrite the
  # key policy: whoever may call kms:PutKeyPolicy can grant itself Decrypt, so that right is named separately
  # (key_policy_writer_arns), never delegated to every IAM principal of the account through the root.
  administration_actions = [
    "kms:CreateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
  ]

  # The same administration for named key administrators, spelled out action by action: a role named in the key
  # policy gets exactly these, never a wildcard that a new KMS action would widen.
  named_administration_actions = [
    "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias",
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ListGrants", "kms:ListKeyPolicies",
    "kms:EnableKey", "kms:DisableKey", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
    "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
  ]
}

data "aws_iam_policy_document" "administration" {
  # checkov:skip=CKV_AWS_111: a key policy's Resource "*" means this key only; administration excludes every data-use action
  # checkov:skip=CKV_AWS_356: a key policy's Resource "*" means this key only (KMS key policies cannot name other resources)
  statement {
    sid       = "KeyAdministrationWithoutDataUse"
    effect    = "Allow"
    actions   = local.administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  dynamic "statement" {
    for_each = length(var.key_administrator_arns) > 0 ? [1] : []

    content {
      sid       = "NamedKeyAdministrators"
      effect    = "Allow"
      actions   = local.named_administration_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.key_administrator_arns
      }
    }
  }

  # Grants only for AWS resources (the key policy statement AWS writes by default for integrated services):
  # no principal can hand itself a decrypt grant.
  statement {
    sid       = "GrantsOnlyForAwsResources"
    effect    = "Allow"
    actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = concat([local.account_root], var.key_administrator_arns)
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

# Who may rewrite the key policy: break-glass and the principal that deploys it. KMS refuses CreateKey and
# PutKeyPolicy when the new policy would not let the caller call PutKeyPolicy again (the lockout safety check),
# so the deploying principal must be among them.
data "aws_iam_policy_document" "policy_writers" {
  # checkov:skip=CKV_AWS_356: a key policy's Resource "*" means this key only (KMS key policies cannot name other resources)
  # checkov:skip=CKV_AWS_109: rewriting this key's policy is what the statement grants, and only to the principals it names (break-glass, the deploying role): the naming is the constraint
  statement {
    sid       = "KeyPolicyOnlyByNamedWriters"
    effect    = "Allow"
    actions   = ["kms:PutKeyPolicy", "kms:GetKeyPolicy"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = var.key_policy_writer_arns
    }
  }
}

data "aws_iam_policy_document" "users" {
  dynamic "statement" {
    for_each = var.key_users

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value.principal_arns
      }

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

data "aws_iam_policy_document" "services" {
  dynamic "statement" {
    for_each = var.service_principals

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = [statement.value.service]
      }

      dynamic "condition" {
        for_each = statement.value.conditions

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

data "aws_iam_policy_document" "via_service" {
  dynamic "statement" {
    for_each = length(var.via_service_account_usage) > 0 ? [1] : []

    content {
      sid       = "AccountUseThroughNamedServices"
      effect    = "Allow"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant", "kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = [local.account_root]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = var.via_service_account_usage
      }

      condition {
        test     = "StringEquals"
        variable = "kms:CallerAccount"
        values   = [data.aws_caller_identity.current.account_id]
      }
    }
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = [
    data.aws_iam_policy_document.administration.json,
    data.aws_iam_policy_document.policy_writers.json,
    data.aws_iam_policy_document.users.json,
    data.aws_iam_policy_document.services.json,
    data.aws_iam_policy_document.via_service.json,
  ]
}

resource "aws_kms_key" "this" {
  description             = var.description
  key_usage               = "ENCRYPT_DECRYPT"
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = true
  rotation_period_in_days = var.rotation_period_in_days
  policy                  = data.aws_iam_policy_document.this.json

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
