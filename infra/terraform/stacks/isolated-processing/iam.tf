# Five roles with separation of duties (spec 000, PCI DSS 7.2.1-7.2.2, 10.3.2), plus the partner ingest role that
# brings raw card files in and the break-glass role. Every role declares its duty (tag enclave:duty), which is
# what `enclave verify` judges it by:
#
# | role                      | may                                                        | may never                                    |
# |---------------------------|------------------------------------------------------------|----------------------------------------------|
# | processor execution role  | read raw objects, write (and check) processed objects,     | read anything else, change audit records     |
# |                           | ledger + audit                                             |                                              |
# | validator execution role  | read processed objects, append audit records               | read raw objects, change audit records       |
# | data-processor            | invoke the two functions                                   | touch buckets, tables or keys directly       |
# | auditor                   | read configuration, processed/audit objects, tables, logs  | read raw card data, write/delete/modify any  |
# | administrator             | manage configuration of the environment's resources        | decrypt data, read objects/items, alter audit|
# |                           | (not the functions' code or configuration)                 | records, change function code or config      |
# | partner ingest            | upload raw card files into raw/incoming/ (SSE-KMS via S3)   | read anything back, delete                   |
# | break-glass               | nothing standing: key policies and the audit bucket name it | (emergency use, MFA)                         |
#
# The execution roles are created here (not in the lambda-function module) so the key policies can name them
# before the functions, which need the keys, exist. The module attaches logging, VPC networking, environment
# decryption and dead-letter permissions; the data permissions are the documents below.

locals {
  role_names = {
    data_processor = "role-data-processor-${local.env}"
    auditor        = "role-auditor-${local.env}"
    administrator  = "role-administrator-${local.env}"
    partner_ingest = "role-partner-ingest-${local.env}"
    break_glass    = "role-break-glass-${local.env}"
  }

  data_bucket_arns  = [module.raw_bucket.bucket_arn, module.processed_bucket.bucket_arn]
  processed_outputs = ["${module.processed_bucket.bucket_arn}/processed/*", "${module.processed_bucket.bucket_arn}/quarantine/*"]
  all_bucket_arns   = concat([module.raw_bucket.bucket_arn, module.processed_bucket.bucket_arn, module.audit_bucket.bucket_arn], local.trail_bucket_arns)
  # The CloudTrail bucket the account baseline creates (none where the organisation's trail is used).
  trail_bucket_arns = var.create_cloudtrail ? ["arn:${local.partition}:s3:::${local.names.trail_bucket}"] : []
  all_object_arns   = [for b in local.all_bucket_arns : "${b}/*"]
  table_arns        = [module.metadata_table.table_arn, module.audit_table.table_arn]
  function_arns     = [module.processor.function_arn, module.validator.function_arn]
  key_arns          = [module.s3_key.key_arn, module.dynamodb_key.key_arn, module.logs_key.key_arn, module.token_key.key_arn]
  log_group_arns    = [module.processor.log_group_arn, module.validator.log_group_arn, module.flow_logs.log_group_arn]
  log_group_streams = [for g in local.log_group_arns : "${g}:*"]
  environment_role_arns = [
    aws_iam_role.processor.arn,
    aws_iam_role.validator.arn,
    "arn:${local.partition}:iam::${local.account_id}:role/${local.role_names.data_processor}",
    "arn:${local.partition}:iam::${local.account_id}:role/${local.role_names.auditor}",
    "arn:${local.partition}:iam::${local.account_id}:role/${local.role_names.administrator}",
    "arn:${local.partition}:iam::${local.account_id}:role/${local.role_names.partner_ingest}",
    "arn:${local.partition}:iam::${local.account_id}:role/${local.role_names.break_glass}",
  ]
}

# =============================================================================================================
# Execution roles
# =============================================================================================================

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "processor" {
  name                 = "role-lambda-processor-${local.env}"
  description          = "Execution role of ${local.names.processor}: raw objects in, processed objects out, ledger and audit records"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  max_session_duration = 3600

  tags = { Name = "role-lambda-processor-${local.env}", Duty = "processor-execution", "enclave:duty" = "execution" }
}

resource "aws_iam_role" "validator" {
  name                 = "role-lambda-validator-${local.env}"
  description          = "Execution role of ${local.names.validator}: processed objects in, audit records out"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  max_session_duration = 3600

  tags = { Name = "role-lambda-validator-${local.env}", Duty = "validator-execution", "enclave:duty" = "execution" }
}

# =============================================================================================================
# Execution roles' data permissions (logging, VPC networking, environment decryption and the dead-letter queue
# come from the lambda-function module)
# =============================================================================================================

data "aws_iam_policy_document" "processor_data" {
  statement {
    sid       = "ReadRawObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.raw_bucket.bucket_arn}/*"]
  }

  # Exactly the prefixes the processor writes (its contract): processed/ and quarantine/.
  statement {
    sid       = "WriteProcessedObjects"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = local.processed_outputs
  }

  # HeadObject only: after a crash the next attempt checks which outputs the crashed one already completed.
  statement {
    sid       = "CheckProcessedObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = local.processed_outputs
  }

  # HeadObject of an output the crashed attempt never completed answers 404 only to a caller that may list the
  # bucket; without this it answers 403, which the processor cannot tell from a denial (issue 15, defect 2). Not
  # scoped by s3:prefix: whether S3 honours a prefix-conditioned ListBucket for that answer is not documented.
  statement {
    sid       = "ListProcessedBucketSoMissingOutputsAre404"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [module.processed_bucket.bucket_arn]
  }

  statement {
    sid       = "JobLedger"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [module.metadata_table.table_arn]
  }

  statement {
    sid       = "AppendAuditRecords"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem"]
    resources = [module.audit_table.table_arn]
  }

  # Audit records are append-only: a put may only create, never replace (the function writes with
  # attribute_not_exists), and nothing may update or delete them.
  statement {
    sid       = "NeverAlterAuditRecords"
    effect    = "Deny"
    actions   = ["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"]
    resources = [module.audit_table.table_arn]
  }
}

data "aws_iam_policy_document" "validator_data" {
  statement {
    sid       = "ReadProcessedObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = local.processed_outputs
  }

  statement {
    sid       = "AppendAuditRecords"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem"]
    resources = [module.audit_table.table_arn]
  }

  statement {
    sid       = "NeverReadRawCardData"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.raw_bucket.bucket_arn}/*"]
  }

  statement {
    sid       = "NeverAlterAuditRecords"
    effect    = "Deny"
    actions   = ["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete"]
    resources = [module.audit_table.table_arn]
  }
}

# =============================================================================================================
# Trust policies of the human/service roles: named principals (default: this account), optional MFA
# =============================================================================================================

data "aws_iam_policy_document" "trust" {
  for_each = {
    data_processor = { principals = var.data_processor_principal_arns, mfa = var.data_processor_require_mfa }
    auditor        = { principals = var.auditor_principal_arns, mfa = var.require_mfa_for_human_roles }
    administrator  = { principals = var.administrator_principal_arns, mfa = var.require_mfa_for_human_roles }
  }

  statement {
    sid     = "AssumeByNamedPrincipals"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = length(each.value.principals) > 0 ? each.value.principals : [local.arn.account_root]
    }

    dynamic "condition" {
      for_each = each.value.mfa ? [1] : []

      content {
        test     = "Bool"
        variable = "aws:MultiFactorAuthPresent"
        values   = ["true"]
      }
    }
  }
}

# =============================================================================================================
# data-processor: triggers processing, never touches the data itself
# =============================================================================================================

resource "aws_iam_role" "data_processor" {
  name                 = local.role_names.data_processor
  description          = "Triggers processing jobs by invoking the functions; no direct access to buckets, tables or keys"
  assume_role_policy   = data.aws_iam_policy_document.trust["data_processor"].json
  max_session_duration = 3600

  tags = { Name = local.role_names.data_processor, Duty = "data-processor", "enclave:duty" = "data-processor" }
}

data "aws_iam_policy_document" "data_processor" {
  statement {
    sid       = "InvokeProcessingFunctions"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = local.function_arns
  }

  statement {
    sid       = "NoDirectDataAccess"
    effect    = "Deny"
    actions   = ["s3:*", "dynamodb:*"]
    resources = concat(local.all_bucket_arns, local.all_object_arns, local.table_arns)
  }

  statement {
    sid       = "NoKeyUse"
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:CreateGrant"]
    resources = local.key_arns
  }

  statement {
    sid       = "NoRoleChaining"
    effect    = "Deny"
    actions   = ["sts:AssumeRole", "iam:PassRole"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "data_processor" {
  name   = "${local.role_names.data_processor}-invoke"
  role   = aws_iam_role.data_processor.id
  policy = data.aws_iam_policy_document.data_processor.json
}

# =============================================================================================================
# auditor: reads everything an assessor needs, except raw card data; can change nothing
# =============================================================================================================

resource "aws_iam_role" "auditor" {
  name                 = local.role_names.auditor
  description          = "Read-only compliance auditor: configuration, processed and audit data, logs; never raw card data, never writes"
  assume_role_policy   = data.aws_iam_policy_document.trust["auditor"].json
  max_session_duration = 3600

  tags = { Name = local.role_names.auditor, Duty = "auditor", "enclave:duty" = "auditor" }
}

data "aws_iam_policy_document" "auditor_read" {
  statement {
    sid       = "ReadProcessedAndAuditObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = concat(["${module.processed_bucket.bucket_arn}/*", "${module.audit_bucket.bucket_arn}/*"], [for b in local.trail_bucket_arns : "${b}/*"])
  }

  statement {
    sid    = "ReadBucketListingsAndConfiguration"
    effect = "Allow"
    actions = [
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:GetBucketPolicy",
      "s3:GetBucketVersioning",
      "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketNotification",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketTagging",
    ]
    resources = local.all_bucket_arns
  }

  statement {
    sid       = "ReadTables"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups"]
    resources = local.table_arns
  }

  statement {
    sid       = "ReadLogs"
    effect    = "Allow"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"]
    resources = concat(local.log_group_arns, local.log_group_streams)
  }

  statement {
    sid       = "ListLogGroups"
    effect    = "Allow"
    actions   = ["logs:DescribeLogGroups"]
    resources = [local.arn.log_groups]
  }

  statement {
    sid       = "InspectFunctions"
    effect    = "Allow"
    actions   = ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetPolicy"]
    resources = local.function_arns
  }

  statement {
    sid       = "InspectKeys"
    effect    = "Allow"
    actions   = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus"]
    resources = local.key_arns
  }

  statement {
    sid       = "InspectRoles"
    effect    = "Allow"
    actions   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"]
    resources = local.environment_role_arns
  }

  # EC2 Describe* actions support no resource-level permissions.
  statement {
    sid    = "InspectNetwork"
    effect = "Allow"
    actions = [
      "ec2:DescribeVpcs",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcEndpoints",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSecurityGroupRules",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeFlowLogs",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeNatGateways",
    ]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "auditor_denies" {
  statement {
    sid       = "NeverReadRawCardData"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:RestoreObject"]
    resources = ["${module.raw_bucket.bucket_arn}/*"]
  }

  statement {
    sid    = "NeverWrite"
    effect = "Deny"
    actions = [
      "s3:Put*", "s3:Delete*", "s3:Create*", "s3:Replicate*", "s3:Restore*", "s3:Abort*", "s3:Update*", "s3:Bypass*",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
      "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete",
      "dynamodb:Create*", "dynamodb:Delete*", "dynamodb:Update*", "dynamodb:Restore*", "dynamodb:Export*", "dynamodb:Import*",
      "dynamodb:TagResource", "dynamodb:UntagResource",
      "logs:Put*", "logs:Delete*", "logs:Create*", "logs:Associate*", "logs:Disassociate*", "logs:TagResource", "logs:UntagResource",
      "lambda:Create*", "lambda:Update*", "lambda:Delete*", "lambda:Put*", "lambda:Add*", "lambda:Remove*",
      "lambda:Publish*", "lambda:Invoke*", "lambda:TagResource", "lambda:UntagResource",
      "ec2:Create*", "ec2:Delete*", "ec2:Modify*", "ec2:Authorize*", "ec2:Revoke*", "ec2:Associate*",
      "ec2:Disassociate*", "ec2:Attach*", "ec2:Detach*", "ec2:Replace*", "ec2:Run*", "ec2:Terminate*",
      "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Create*", "kms:Put*", "kms:Update*",
      "kms:Enable*", "kms:Disable*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
      "kms:Revoke*", "kms:Retire*", "kms:Import*", "kms:TagResource", "kms:UntagResource", "kms:RotateKeyOnDemand",
      "iam:Create*", "iam:Delete*", "iam:Put*", "iam:Update*", "iam:Attach*", "iam:Detach*", "iam:Add*",
      "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:PassRole", "iam:Upload*", "iam:Change*",
      "sts:AssumeRole",
    ]
    resources = ["*"]
  }

  # The auditor decrypts only what S3 or DynamoDB decrypts for it, never a ciphertext directly.
  statement {
    sid       = "DecryptOnlyThroughStorageServices"
    effect    = "Deny"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    condition {
      test     = "StringNotEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com", "dynamodb.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "auditor_read" {
  name   = "${local.role_names.auditor}-read"
  role   = aws_iam_role.auditor.id
  policy = data.aws_iam_policy_document.auditor_read.json
}

resource "aws_iam_role_policy" "auditor_denies" {
  name   = "${local.role_names.auditor}-denies"
  role   = aws_iam_role.auditor.id
  policy = data.aws_iam_policy_document.auditor_denies.json
}

# =============================================================================================================
# administrator: manages the environment's configuration; never decrypts data, never alters audit records
# =============================================================================================================

resource "aws_iam_role" "administrator" {
  name                 = local.role_names.administrator
  description          = "Manages the isolated processing environment's infrastructure; cannot decrypt data nor alter audit records"
  assume_role_policy   = data.aws_iam_policy_document.trust["administrator"].json
  max_session_duration = 3600

  tags = { Name = local.role_names.administrator, Duty = "administrator", "enclave:duty" = "administrator" }
}

data "aws_iam_policy_document" "administrator_manage" {
  statement {
    sid    = "ManageFunctionConfiguration"
    effect = "Allow"
    actions = [
      "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetPolicy", "lambda:GetFunctionConcurrency",
      "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
      "lambda:PutFunctionEventInvokeConfig", "lambda:UpdateFunctionEventInvokeConfig", "lambda:GetFunctionEventInvokeConfig",
      "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
    ]
    resources = local.function_arns
  }

  statement {
    sid    = "ManageDataBucketConfiguration"
    effect = "Allow"
    actions = [
      "s3:ListBucket", "s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration", "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketNotification", "s3:PutBucketNotification", "s3:GetBucketTagging", "s3:PutBucketTagging",
    ]
    resources = local.data_bucket_arns
  }

  statement {
    sid       = "InspectAuditBucket"
    effect    = "Allow"
    actions   = ["s3:ListBucket", "s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:GetBucketPublicAccessBlock", "s3:GetBucketTagging"]
    resources = [module.audit_bucket.bucket_arn]
  }

  statement {
    sid    = "ManageMetadataTable"
    effect = "Allow"
    actions = [
      "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive",
      "dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTimeToLive",
      "dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:ListTagsOfResource",
    ]
    resources = [module.metadata_table.table_arn]
  }

  statement {
    sid       = "InspectAuditTable"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive", "dynamodb:ListTagsOfResource"]
    resources = [module.audit_table.table_arn]
  }

  statement {
    sid       = "AdministerKeys"
    effect    = "Allow"
    actions   = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:ListResourceTags"]
    resources = local.key_arns
  }

  statement {
    sid       = "ManageEnvironmentPolicies"
    effect    = "Allow"
    actions   = ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:TagPolicy"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:policy/isolated-processing/${local.env}/*"]
  }

  statement {
    sid       = "InspectRoles"
    effect    = "Allow"
    actions   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"]
    resources = local.environment_role_arns
  }

  statement {
    sid    = "ManageNetworkOfThisVpc"
    effect = "Allow"
    actions = [
      "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress",
      "ec2:RevokeSecurityGroupIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
      "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:ModifySecurityGroupRules",
    ]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/*"]

    condition {
      test     = "ArnEquals"
      variable = "ec2:Vpc"
      values   = [module.network.vpc_arn]
    }
  }

  statement {
    sid       = "ManageEndpointsOfThisVpc"
    effect    = "Allow"
    actions   = ["ec2:ModifyVpcEndpoint"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-endpoint/*"]

    condition {
      test     = "ArnEquals"
      variable = "ec2:Vpc"
      values   = [module.network.vpc_arn]
    }
  }

  statement {
    sid       = "ManageLogGroupTags"
    effect    = "Allow"
    actions   = ["logs:DescribeLogStreams", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"]
    resources = concat(local.log_group_arns, local.log_group_streams)
  }

  # Describe/List actions of these services support no resource-level permissions.
  statement {
    sid    = "InspectEverything"
    effect = "Allow"
    actions = [
      "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkAcls", "ec2:DescribeFlowLogs",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribePrefixLists",
      "lambda:ListFunctions", "dynamodb:ListTables", "kms:ListKeys", "kms:ListAliases", "logs:DescribeLogGroups", "s3:ListAllMyBuckets",
    ]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "administrator_denies" {
  statement {
    sid       = "NeverDecryptData"
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey"]
    resources = local.key_arns
  }

  statement {
    sid       = "NeverReadObjectsOrItems"
    effect    = "Deny"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:RestoreObject", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect", "dynamodb:ExportTableToPointInTime", "dynamodb:RestoreTableToPointInTime"]
    resources = concat(local.all_object_arns, local.table_arns)
  }

  statement {
    sid    = "NeverAlterAuditRecords"
    effect = "Deny"
    actions = [
      "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
      "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
      "s3:PutEncryptionConfiguration", "s3:DeleteBucket",
      "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
      "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable",
      "dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups", "dynamodb:UpdateTimeToLive",
    ]
    resources = [module.audit_bucket.bucket_arn, "${module.audit_bucket.bucket_arn}/*", module.audit_table.table_arn]
  }

  statement {
    sid       = "NeverAlterLogs"
    effect    = "Deny"
    actions   = ["logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:PutLogEvents", "logs:CreateLogStream", "logs:PutSubscriptionFilter", "logs:DeleteSubscriptionFilter"]
    resources = concat(local.log_group_arns, local.log_group_streams)
  }

  statement {
    sid       = "NeverStopFlowLogs"
    effect    = "Deny"
    actions   = ["ec2:DeleteFlowLogs"]
    resources = ["*"]
  }

  # Retention (lifecycle) and versioning are security settings too: a lifecycle rule can delete data. They
  # change only through the deployment pipeline.
  statement {
    sid       = "NeverRewriteBucketPolicies"
    effect    = "Deny"
    actions   = ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"]
    resources = local.all_bucket_arns
  }

  # Code only arrives through the deployment pipeline — and so does configuration: UpdateFunctionConfiguration
  # can set NODE_OPTIONS=--import=data:… (or a layer), which Node runs before the handler with the function's
  # role, after re-encrypting the environment under a key the caller controls (its own via kms:CreateKey, or
  # the AWS managed aws/lambda). Denying layers alone left that open (the 2026 audit, defect 8). No role of the
  # environment can be handed to, assumed by or rewritten by the administrator either: each would be a way
  # around the denies above.
  statement {
    sid       = "NeverChangeFunctionCodeOrConfiguration"
    effect    = "Deny"
    actions   = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:InvokeFunction", "lambda:CreateFunction", "lambda:PublishLayerVersion"]
    resources = ["*"]
  }

  # A key of its own would be a key it controls (it writes the new key's policy).
  statement {
    sid       = "NeverCreateKeys"
    effect    = "Deny"
    actions   = ["kms:CreateKey"]
    resources = ["*"]
  }

  statement {
    sid       = "NeverTouchEnvironmentRoles"
    effect    = "Deny"
    actions   = ["iam:PassRole", "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Delete*", "iam:Update*", "iam:Tag*", "iam:Untag*"]
    resources = local.environment_role_arns
  }

  statement {
    sid       = "NeverAssumeOtherRoles"
    effect    = "Deny"
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "administrator_manage" {
  name   = "${local.role_names.administrator}-manage"
  role   = aws_iam_role.administrator.id
  policy = data.aws_iam_policy_document.administrator_manage.json
}

resource "aws_iam_role_policy" "administrator_denies" {
  name   = "${local.role_names.administrator}-denies"
  role   = aws_iam_role.administrator.id
  policy = data.aws_iam_policy_document.administrator_denies.json
}

# =============================================================================================================
# partner ingest: brings raw card files in, never reads them back (the 2026 audit, defect 4: only the deploy role
# could upload, which put the CI role in the card-data path)
# =============================================================================================================

data "aws_iam_policy_document" "partner_ingest_trust" {
  statement {
    sid     = "AssumeByThePartner"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = length(var.partner_ingest_principal_arns) > 0 ? var.partner_ingest_principal_arns : [local.arn.account_root]
    }

    # A partner in another account assumes the role only with the external id agreed with it.
    dynamic "condition" {
      for_each = var.partner_ingest_external_id != null ? [1] : []

      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [var.partner_ingest_external_id]
      }
    }
  }
}

resource "aws_iam_role" "partner_ingest" {
  name                 = local.role_names.partner_ingest
  description          = "Uploads raw card files into the raw bucket (incoming/), SSE-KMS; reads nothing back"
  assume_role_policy   = data.aws_iam_policy_document.partner_ingest_trust.json
  max_session_duration = 3600

  tags = { Name = local.role_names.partner_ingest, Duty = "partner-ingest", "enclave:duty" = "ingest" }
}

data "aws_iam_policy_document" "partner_ingest" {
  statement {
    sid       = "UploadRawFiles"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${module.raw_bucket.bucket_arn}/incoming/*"]
  }

  statement {
    sid       = "EncryptUploadsThroughS3"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.s3_key.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "NeverReadOrDelete"
    effect    = "Deny"
    actions   = ["s3:GetObject*", "s3:DeleteObject*", "s3:PutBucket*", "s3:PutLifecycleConfiguration", "dynamodb:*", "lambda:*", "iam:*", "sts:AssumeRole"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "partner_ingest" {
  name   = "${local.role_names.partner_ingest}-upload"
  role   = aws_iam_role.partner_ingest.id
  policy = data.aws_iam_policy_document.partner_ingest.json
}

# =============================================================================================================
# break-glass: emergency access with MFA. No standing permissions: the key policies name it as one of the two
# principals that may rewrite them, and the audit bucket as the only one that may delete records.
# =============================================================================================================

data "aws_iam_policy_document" "break_glass_trust" {
  statement {
    sid     = "AssumeByNamedPrincipalsWithMfa"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = length(var.break_glass_principal_arns) > 0 ? var.break_glass_principal_arns : [local.arn.account_root]
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "break_glass" {
  name                 = local.role_names.break_glass
  description          = "Emergency access (MFA): may rewrite key policies and delete audit records; no standing permissions"
  assume_role_policy   = data.aws_iam_policy_document.break_glass_trust.json
  max_session_duration = 3600

  tags = { Name = local.role_names.break_glass, Duty = "break-glass", "enclave:duty" = "break-glass" }
}
