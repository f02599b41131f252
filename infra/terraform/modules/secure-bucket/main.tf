# An S3 bucket that is private, versioned, SSE-KMS encrypted with a bucket key, TLS-only, refuses uploads
# that ask for a weaker or different encryption, and can be restricted to VPC endpoints without locking out
# the deploying principal or AWS's own deliveries.

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_144: cross-region replication is a disaster-recovery choice for the stack, not a default of a single-region PCI bucket
  # checkov:skip=CKV2_AWS_62: event notifications are configured by the stack that owns the consumers (aws_s3_bucket_notification)
  bucket        = var.bucket
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning_enabled ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  dynamic "rule" {
    for_each = var.lifecycle_rules

    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = var.abort_incomplete_multipart_upload_days
      }

      dynamic "transition" {
        for_each = rule.value.transition_days == null ? [] : [rule.value.transition_days]

        content {
          days          = transition.value
          storage_class = rule.value.transition_storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [rule.value.expiration_days]

        content {
          days = expiration.value
        }
      }

      dynamic "noncurrent_version_transition" {
        for_each = rule.value.noncurrent_transition_days == null ? [] : [rule.value.noncurrent_transition_days]

        content {
          noncurrent_days = noncurrent_version_transition.value
          storage_class   = rule.value.transition_storage_class
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_expiration_days == null ? [] : [rule.value.noncurrent_expiration_days]

        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }
    }
  }

  # Lifecycle rules on a versioned bucket must follow versioning being enabled.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  count = try(var.access_log_target.prefix, null) != null ? 1 : 0

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_log_target.bucket
  target_prefix = var.access_log_target.prefix
}

resource "aws_s3_bucket_notification" "eventbridge" {
  count = var.notification_eventbridge ? 1 : 0

  bucket      = aws_s3_bucket.this.id
  eventbridge = true
}

# --- bucket policy, one document per concern ---------------------------------------------------------------

data "aws_iam_policy_document" "deny_insecure_transport" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid     = "DenyOutdatedTls"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

data "aws_iam_policy_document" "deny_wrong_encryption" {
  # The header, when sent, must ask for SSE-KMS ...
  statement {
    sid       = "DenyUploadsNotUsingSseKms"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["false"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  # ... and, when it names a key, this bucket's key.
  statement {
    sid       = "DenyUploadsWithAnotherKmsKey"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = ["false"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [var.kms_key_arn]
    }
  }

  dynamic "statement" {
    for_each = var.require_kms_header ? [1] : []

    content {
      sid       = "DenyUploadsWithoutEncryptionHeader"
      effect    = "Deny"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.this.arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = "s3:x-amz-server-side-encryption"
        values   = ["true"]
      }

      # AWS log deliveries rely on the bucket's default encryption and send no header.
      condition {
        test     = "BoolIfExists"
        variable = "aws:PrincipalIsAWSService"
        values   = ["false"]
      }
    }
  }
}

data "aws_iam_policy_document" "restrict_to_vpc_endpoints" {
  dynamic "statement" {
    for_each = length(var.restrict_to_vpc_endpoint_ids) > 0 ? [1] : []

    content {
      sid     = "DenyOutsideVpcEndpoints"
      effect  = "Deny"
      actions = ["s3:*"]
      resources = [
        aws_s3_bucket.this.arn,
        "${aws_s3_bucket.this.arn}/*",
      ]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEquals"
        variable = "aws:SourceVpce"
        values   = var.restrict_to_vpc_endpoint_ids
      }

      # AWS services (log delivery, S3 itself) act from AWS's network, never through our endpoint.
      condition {
        test     = "BoolIfExists"
        variable = "aws:PrincipalIsAWSService"
        values   = ["false"]
      }

      dynamic "condition" {
        for_each = length(var.vpce_exempt_principal_arns) > 0 ? [1] : []

        content {
          test     = "ArnNotLike"
          variable = "aws:PrincipalArn"
          values   = var.vpce_exempt_principal_arns
        }
      }
    }
  }
}

# Audit records: nobody but the record keepers (break-glass) deletes an object or a version, or rewrites the
# lifecycle or versioning that keeps them (PCI DSS 10.3.2, 10.5.1).
data "aws_iam_policy_document" "keep_records" {
  dynamic "statement" {
    for_each = var.record_keeper_arns != null ? [1] : []

    content {
      sid     = "OnlyRecordKeepersDeleteRecords"
      effect  = "Deny"
      actions = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"]
      resources = [
        aws_s3_bucket.this.arn,
        "${aws_s3_bucket.this.arn}/*",
      ]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      dynamic "condition" {
        for_each = length(var.record_keeper_arns) > 0 ? [1] : []

        content {
          test     = "ArnNotLike"
          variable = "aws:PrincipalArn"
          values   = var.record_keeper_arns
        }
      }
    }
  }
}

# Who may put data in, and who may read it back (a card-data bucket: the ingest role in, the processor out). AWS
# services delivering into the bucket act as themselves and are not affected.
locals {
  declared_access = {
    OnlyDeclaredWritersPutObjects = { actions = ["s3:PutObject"], principals = var.object_writer_arns }
    OnlyDeclaredReadersGetObjects = { actions = ["s3:GetObject", "s3:GetObjectVersion"], principals = var.object_reader_arns }
  }
}

data "aws_iam_policy_document" "declared_access" {
  dynamic "statement" {
    for_each = { for sid, access in local.declared_access : sid => access if access.principals != null }

    content {
      sid       = statement.key
      effect    = "Deny"
      actions   = statement.value.actions
      resources = ["${aws_s3_bucket.this.arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnNotLike"
        variable = "aws:PrincipalArn"
        values   = statement.value.principals
      }

      condition {
        test     = "BoolIfExists"
        variable = "aws:PrincipalIsAWSService"
        values   = ["false"]
      }
    }
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = compact([
    data.aws_iam_policy_document.deny_insecure_transport.json,
    data.aws_iam_policy_document.deny_wrong_encryption.json,
    data.aws_iam_policy_document.restrict_to_vpc_endpoints.json,
    data.aws_iam_policy_document.keep_records.json,
    data.aws_iam_policy_document.declared_access.json,
    var.additional_policy_json,
  ])
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # A policy can only be attached once public access is blocked, or block_public_policy would race it; and the
  # lifecycle and versioning the record keepers' deny protects are written before it denies writing them.
  depends_on = [aws_s3_bucket_public_access_block.this, aws_s3_bucket_lifecycle_configuration.this, aws_s3_bucket_versioning.this]
}
