# A Lambda function in private subnets, deployed from the build's package (dist/functions/<name>.zip), with its own execution role, a
# KMS-encrypted log group created before the function (so Lambda never creates an unencrypted, never-expiring
# one), environment variables encrypted with a CMK and an optional dead-letter target.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  log_group_name = "/aws/lambda/${var.function_name}"
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  ec2_arn_prefix = "arn:${local.partition}:ec2:${local.region}:${local.account_id}"

  # Whether optional objects are set is decided on an attribute that is always a literal or a configured
  # name, so evaluators without Terraform's "unknown but not null" refinement still see it at plan time.
  create_role     = try(var.execution_role.name, null) == null
  has_dead_letter = try(var.dead_letter_target.type, null) != null

  # Both branches stay valid whichever is taken: one() of an empty splat is null, never an index error.
  role_name = local.create_role ? one(aws_iam_role.this[*].name) : var.execution_role.name
  role_arn  = local.create_role ? one(aws_iam_role.this[*].arn) : var.execution_role.arn
}

# --- execution role (created here unless the caller passes one) ----------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume" {
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

resource "aws_iam_role" "this" {
  count = local.create_role ? 1 : 0

  name                 = "${var.function_name}-role"
  description          = "Execution role of ${var.function_name}"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = 3600

  tags = merge(var.tags, { "enclave:duty" = "execution" })
}

data "aws_iam_policy_document" "logging" {
  statement {
    sid       = "WriteOwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "CreateOwnLogGroupIfMissing"
    effect    = "Allow"
    actions   = ["logs:CreateLogGroup"]
    resources = ["${local.log_group_arn}:*"]
  }
}

data "aws_iam_policy_document" "vpc_networking" {
  # Lambda creates and deletes the function's network interfaces with the execution role.
  statement {
    sid     = "CreateInterfacesInOwnSubnetsAndGroups"
    effect  = "Allow"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      ["${local.ec2_arn_prefix}:network-interface/*"],
      [for id in var.subnet_ids : "${local.ec2_arn_prefix}:subnet/${id}"],
      [for id in var.security_group_ids : "${local.ec2_arn_prefix}:security-group/${id}"],
    )
  }

  statement {
    sid       = "ManageOwnInterfaces"
    effect    = "Allow"
    actions   = ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    resources = ["${local.ec2_arn_prefix}:network-interface/*"]
  }

  # EC2 Describe* actions do not support resource-level permissions: "*" is the only valid resource.
  statement {
    sid       = "DescribeNetworking"
    effect    = "Allow"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    resources = ["*"]
  }
}

# No statement for the environment: Lambda decrypts it with the grant it creates on the key when the function is
# created or updated (encryption context aws:lambda:FunctionArn), not with the execution role. The statement that
# stood here tested kms:EncryptionContext:LambdaFunctionName, which Lambda never sends: it granted nothing.

data "aws_iam_policy_document" "dead_letter" {
  count = local.has_dead_letter ? 1 : 0

  statement {
    sid       = "SendFailedEvents"
    effect    = "Allow"
    actions   = [var.dead_letter_target.type == "sns" ? "sns:Publish" : "sqs:SendMessage"]
    resources = [var.dead_letter_target.arn]
  }
}

locals {
  module_policies = merge(
    {
      logging        = data.aws_iam_policy_document.logging.json
      vpc-networking = data.aws_iam_policy_document.vpc_networking.json
    },
    local.has_dead_letter ? { dead-letter = data.aws_iam_policy_document.dead_letter[0].json } : {},
  )
}

resource "aws_iam_role_policy" "module" {
  for_each = local.module_policies

  name   = "${var.function_name}-${each.key}"
  role   = local.role_name
  policy = each.value
}

resource "aws_iam_role_policy" "caller" {
  for_each = var.policy_documents

  name   = "${var.function_name}-${each.key}"
  role   = local.role_name
  policy = each.value
}

# --- logs --------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

# --- function ----------------------------------------------------------------------------------------------

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_50: X-Ray would need an xray interface endpoint and unscoped xray:Put* permissions in an isolated VPC; structured logs carry the trace instead
  # checkov:skip=CKV_AWS_272: code signing needs an AWS Signer profile outside this module; bundles are built reproducibly from the repository by CI
  function_name                  = var.function_name
  description                    = var.description
  role                           = local.role_arn
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  filename                       = var.package_file
  source_code_hash               = filebase64sha256(var.package_file)
  kms_key_arn                    = var.kms_key_arn

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  # Lambda keeps the function's network interfaces for a while after it is deleted, holding its security groups:
  # the provider moves the function to the VPC's default group first, so destroying the stack's own groups does
  # not wait on them (README, "Destroy").
  replace_security_groups_on_destroy = true

  environment {
    variables = var.environment_variables
  }

  dynamic "dead_letter_config" {
    for_each = local.has_dead_letter ? [var.dead_letter_target.arn] : []

    content {
      target_arn = dead_letter_config.value
    }
  }

  tags = var.tags

  # The role and every policy must exist before Lambda validates the role (IAM is eventually consistent), and
  # the log group must exist so Lambda never creates its own, unencrypted and never expiring.
  depends_on = [
    aws_iam_role_policy.module,
    aws_iam_role_policy.caller,
    aws_cloudwatch_log_group.this,
  ]
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds
}
